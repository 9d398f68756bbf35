import { bucketsOf, checkBucketName, objectsOf, type BucketRecord } from '../../services/s3/buckets';
import { AwsError } from '../../protocols/aws-error';
import { generatedName, optionalText, tagsOf, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';

const TYPE = 'AWS::S3::Bucket';

/** Configurations CloudFormation sets on a bucket, kept as the S3 service keeps PUT configurations. */
const CONFIG_PROPERTIES: Readonly<Record<string, string>> = {
  BucketEncryption: 'encryption',
  VersioningConfiguration: 'versioning',
  PublicAccessBlockConfiguration: 'publicAccessBlock',
  LifecycleConfiguration: 'lifecycle',
  OwnershipControls: 'ownershipControls',
  LoggingConfiguration: 'logging',
  NotificationConfiguration: 'notification',
  CorsConfiguration: 'cors',
};

function configsOf(properties: Properties): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const [property, config] of Object.entries(CONFIG_PROPERTIES)) {
    if (properties[property] !== undefined) configs[config] = JSON.stringify(properties[property]);
  }
  const tags = tagsOf(properties, TYPE);
  if (tags.length > 0) configs.tagging = JSON.stringify(tags);
  return configs;
}

function stateOf(name: string, region: string): ResourceState {
  return {
    physicalId: name,
    attributes: {
      Arn: `arn:aws:s3:::${name}`,
      DomainName: `${name}.s3.amazonaws.com`,
      RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
      DualStackDomainName: `${name}.s3.dualstack.${region}.amazonaws.com`,
      WebsiteURL: `http://${name}.s3-website-${region}.amazonaws.com`,
    },
  };
}

async function create(properties: Properties, context: ProviderContext): Promise<ResourceState> {
  const name = optionalText(properties, 'BucketName', TYPE) ?? generatedName(context, 63, { lowercase: true });
  checkBucketName(name);
  await context.authorize('s3:CreateBucket', `arn:aws:s3:::${name}`);
  const record: BucketRecord = { name, owner: context.accountId, region: context.region, creationDate: context.cloud.now().toISOString(), configs: configsOf(properties) };
  let clash: BucketRecord | undefined;
  await bucketsOf(context.cloud.store).update(name, (current) => {
    clash = current;
    return current ?? record;
  });
  if (clash) {
    throw clash.owner === context.accountId
      ? new AwsError('BucketAlreadyOwnedByYou', `${name} already exists`, 409)
      : new AwsError('BucketAlreadyExists', `${name} already exists`, 409);
  }
  return stateOf(name, context.region);
}

/** AWS::S3::Bucket: Ref is the bucket name (generated stack-logical-random in lowercase when absent). */
export const s3BucketProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['BucketName', 'ObjectLockEnabled'],
  create,
  update: async (properties, previous, context) => {
    await context.authorize('s3:PutBucketTagging', `arn:aws:s3:::${previous.physicalId}`);
    await bucketsOf(context.cloud.store).update(previous.physicalId, (current) => current && { ...current, configs: { ...current.configs, ...configsOf(properties) } });
    return stateOf(previous.physicalId, context.region);
  },
  delete: async (existing, context) => {
    await context.authorize('s3:DeleteBucket', `arn:aws:s3:::${existing.physicalId}`);
    const bucket = await bucketsOf(context.cloud.store).get(existing.physicalId);
    if (!bucket) return;
    if ((await objectsOf(context.cloud.store, bucket.name).entries()).length > 0) {
      throw new AwsError('BucketNotEmpty', `The bucket you tried to delete is not empty: empty ${bucket.name} first, or give it DeletionPolicy Retain.`, 409);
    }
    await bucketsOf(context.cloud.store).delete(bucket.name);
  },
};
