import { randomUUID } from 'node:crypto';
import { requireTopic, subscriptionsOf } from '../../services/sns/topics';
import { validationError } from '../errors';
import { requiredText, type ResourceProvider } from '../provider';

const TYPE = 'AWS::SNS::Subscription';

/** AWS::SNS::Subscription (email, email-json): Ref is the subscription ARN. */
export const snsSubscriptionProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: '*',
  create: async (properties, context) => {
    const topic = await requireTopic(context.cloud.store, requiredText(properties, 'TopicArn', TYPE));
    const protocol = requiredText(properties, 'Protocol', TYPE).toLowerCase();
    if (protocol !== 'email' && protocol !== 'email-json') {
      throw validationError(`${context.logicalId}.Protocol ${protocol}: the local cloud delivers email and email-json only.`);
    }
    const endpoint = requiredText(properties, 'Endpoint', TYPE);
    await context.authorize('sns:Subscribe', topic.arn);
    const arn = `${topic.arn}:${randomUUID()}`;
    await subscriptionsOf(context.cloud.store).put(arn, { arn, topicArn: topic.arn, protocol, endpoint, owner: context.accountId });
    return { physicalId: arn, attributes: { Arn: arn } };
  },
  delete: async (existing, context) => {
    await context.authorize('sns:Unsubscribe', existing.physicalId);
    await subscriptionsOf(context.cloud.store).delete(existing.physicalId);
  },
};
