import { parsePolicyDocument } from '../../authorize/policy';
import { AwsError } from '../../protocols/aws-error';
import { defaultTopicPolicy, topicsOf } from '../../services/sns/topics';
import { validationError } from '../errors';
import { documentText, optionalList, type ExistingResource, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';

const TYPE = 'AWS::SNS::TopicPolicy';

function topicsIn(properties: Properties): string[] {
  const topics = optionalList(properties, 'Topics', TYPE).map(String);
  if (topics.length === 0) throw validationError(`Properties validation failed for resource of type ${TYPE}: Topics must list at least one topic ARN.`);
  return topics;
}

async function setPolicy(context: ProviderContext, topicArn: string, policy: (owner: string) => string): Promise<void> {
  await context.authorize('sns:SetTopicAttributes', topicArn);
  const updated = await topicsOf(context.cloud.store).update(topicArn, (current) => current && { ...current, attributes: { ...current.attributes, Policy: policy(current.owner) } });
  if (!updated) throw new AwsError('NotFound', `Topic does not exist: ${topicArn}`, 404);
}

async function apply(properties: Properties, context: ProviderContext): Promise<ResourceState> {
  const text = documentText(properties.PolicyDocument, 'PolicyDocument', TYPE);
  parsePolicyDocument(text, 'resource', `${context.logicalId}.PolicyDocument`);
  for (const topicArn of topicsIn(properties)) await setPolicy(context, topicArn, () => text);
  return { physicalId: `${context.stackName}-${context.logicalId}`, attributes: { Id: `${context.stackName}-${context.logicalId}` } };
}

async function restoreDefault(existing: ExistingResource, context: ProviderContext, keep: readonly string[] = []): Promise<void> {
  for (const topicArn of optionalList(existing.properties, 'Topics', TYPE).map(String)) {
    if (keep.includes(topicArn) || !(await topicsOf(context.cloud.store).get(topicArn))) continue;
    await setPolicy(context, topicArn, (owner) => defaultTopicPolicy(topicArn, owner));
  }
}

/** AWS::SNS::TopicPolicy: sets the Policy attribute of each topic; deleting it puts back SNS's default policy. */
export const snsTopicPolicyProvider: ResourceProvider = {
  type: TYPE,
  create: apply,
  update: async (properties, previous, context) => {
    const state = await apply(properties, context);
    await restoreDefault(previous, context, topicsIn(properties));
    return state;
  },
  delete: (existing, context) => restoreDefault(existing, context),
};
