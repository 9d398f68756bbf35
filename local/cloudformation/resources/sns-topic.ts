import { randomUUID } from 'node:crypto';
import { AwsError } from '../../protocols/aws-error';
import { defaultTopicPolicy, subscriptionsOf, topicsOf, type TopicRecord } from '../../services/sns/topics';
import { generatedName, optionalList, optionalText, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';
import { validationError } from '../errors';

const TYPE = 'AWS::SNS::Topic';

function attributesOf(properties: Properties): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of ['DisplayName', 'KmsMasterKeyId', 'TracingConfig', 'SignatureVersion']) {
    const value = optionalText(properties, name, TYPE);
    if (value !== undefined) attributes[name] = value;
  }
  return attributes;
}

function stateOf(topic: TopicRecord): ResourceState {
  return { physicalId: topic.arn, attributes: { TopicArn: topic.arn, TopicName: topic.name } };
}

/** AWS::SNS::Topic: Ref is the topic ARN; GetAtt TopicArn and TopicName. Inline Subscription (email) is created with it. */
export const snsTopicProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['TopicName', 'FifoTopic'],
  create: async (properties, context) => {
    if (properties.FifoTopic === true || properties.FifoTopic === 'true') throw validationError(`${context.logicalId}: FIFO topics are not served by the local cloud; leave FifoTopic out.`);
    const name = optionalText(properties, 'TopicName', TYPE) ?? generatedName(context, 256);
    const arn = `arn:aws:sns:${context.region}:${context.accountId}:${name}`;
    await context.authorize('sns:CreateTopic', arn);
    const topic: TopicRecord = { arn, name, owner: context.accountId, attributes: { Policy: defaultTopicPolicy(arn, context.accountId), ...attributesOf(properties) } };
    if (!(await topicsOf(context.cloud.store).create(arn, topic))) throw new AwsError('AlreadyExists', `Topic ${name} already exists in this account and region: choose another TopicName.`, 400);
    await subscribeInline(properties, topic, context);
    return stateOf(topic);
  },
  update: async (properties, previous, context) => {
    await context.authorize('sns:SetTopicAttributes', previous.physicalId);
    const topic = await topicsOf(context.cloud.store).update(previous.physicalId, (current) => current && { ...current, attributes: { Policy: current.attributes.Policy ?? '', ...attributesOf(properties) } });
    if (!topic) throw new AwsError('NotFound', `Topic does not exist: ${previous.physicalId}`, 404);
    return stateOf(topic);
  },
  delete: async (existing, context) => {
    await context.authorize('sns:DeleteTopic', existing.physicalId);
    for (const [arn, subscription] of await subscriptionsOf(context.cloud.store).entries()) {
      if (subscription.topicArn === existing.physicalId) await subscriptionsOf(context.cloud.store).delete(arn);
    }
    await topicsOf(context.cloud.store).delete(existing.physicalId);
  },
};

async function subscribeInline(properties: Properties, topic: TopicRecord, context: ProviderContext): Promise<void> {
  for (const [index, entry] of optionalList(properties, 'Subscription', TYPE).entries()) {
    const subscription = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const protocol = String(subscription.Protocol ?? '').toLowerCase();
    if (protocol !== 'email' && protocol !== 'email-json') {
      throw validationError(`${context.logicalId}.Subscription[${index}].Protocol ${protocol || '(missing)'}: the local cloud delivers email and email-json only.`);
    }
    const arn = `${topic.arn}:${randomUUID()}`;
    await subscriptionsOf(context.cloud.store).put(arn, {
      arn,
      topicArn: topic.arn,
      protocol,
      endpoint: String(subscription.Endpoint ?? ''),
      owner: context.accountId,
    });
  }
}
