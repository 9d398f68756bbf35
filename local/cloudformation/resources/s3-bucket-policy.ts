import { parsePolicyDocument } from '../../authorize/policy';
import { bucketsOf, requireBucket } from '../../services/s3/buckets';
import { documentText, requiredText, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';

const TYPE = 'AWS::S3::BucketPolicy';

async function put(properties: Properties, context: ProviderContext): Promise<ResourceState> {
  const bucket = await requireBucket(context.cloud.store, requiredText(properties, 'Bucket', TYPE));
  const text = documentText(properties.PolicyDocument, 'PolicyDocument', TYPE);
  parsePolicyDocument(text, 'resource', `${context.logicalId}.PolicyDocument`);
  await context.authorize('s3:PutBucketPolicy', `arn:aws:s3:::${bucket.name}`);
  await bucketsOf(context.cloud.store).update(bucket.name, (current) => current && { ...current, policy: text });
  return { physicalId: bucket.name, attributes: {} };
}

/** AWS::S3::BucketPolicy: Ref is the bucket name. */
export const s3BucketPolicyProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['Bucket'],
  create: put,
  update: (properties, _previous, context) => put(properties, context),
  delete: async (existing, context) => {
    const bucket = await bucketsOf(context.cloud.store).get(existing.physicalId);
    if (!bucket) return;
    await context.authorize('s3:DeleteBucketPolicy', `arn:aws:s3:::${bucket.name}`);
    await bucketsOf(context.cloud.store).update(bucket.name, (current) => {
      if (!current) return current;
      const { policy: _removed, ...rest } = current;
      return rest;
    });
  },
};
