import { parsePolicyDocument } from '../../authorize/policy';
import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, ServiceRequest, ServiceResponse } from '../service';
import { bucketsOf, checkBucketName, objectsOf, s3Error, type BucketRecord } from './buckets';
import { BUCKET_CONFIGS } from './routes';
import { listBucketsXml, locationXml } from './xml';

export async function createBucket(cloud: CloudContext, request: ServiceRequest, name: string): Promise<ServiceResponse> {
  checkBucketName(name);
  const region = locationConstraintOf(request.body) ?? request.region;
  const bucket: BucketRecord = { name, owner: request.caller.accountId, region, creationDate: cloud.now().toISOString(), configs: {} };
  let existed = false;
  await bucketsOf(cloud.store).update(name, (current) => {
    if (!current) return bucket;
    if (current.owner !== request.caller.accountId) {
      throw s3Error('BucketAlreadyExists', `The requested bucket name ${name} is not available: bucket names are shared by every account. Choose another name.`, 409);
    }
    existed = true;
    return current;
  });
  // us-east-1 answers 200 to its owner re-creating a bucket; every other region refuses.
  if (existed && request.region !== 'us-east-1') {
    throw s3Error('BucketAlreadyOwnedByYou', `Your previous request to create the named bucket succeeded and you already own it: ${name}`, 409);
  }
  return { headers: { location: `/${name}` } };
}

export function headBucket(bucket: BucketRecord): ServiceResponse {
  return { headers: { 'x-amz-bucket-region': bucket.region } };
}

export async function deleteBucket(cloud: CloudContext, bucket: BucketRecord): Promise<ServiceResponse> {
  if ((await objectsOf(cloud.store, bucket.name).entries()).length > 0) {
    throw s3Error('BucketNotEmpty', `The bucket you tried to delete is not empty: delete the objects of ${bucket.name} first.`, 409);
  }
  await bucketsOf(cloud.store).delete(bucket.name);
  return { status: 204 };
}

export async function putBucketPolicy(cloud: CloudContext, request: ServiceRequest, bucket: BucketRecord): Promise<ServiceResponse> {
  const text = request.body.toString('utf8');
  try {
    parsePolicyDocument(text, 'resource', 'Policy');
  } catch (error) {
    if (error instanceof AwsError) throw s3Error('MalformedPolicy', error.message, 400);
    throw error;
  }
  await bucketsOf(cloud.store).update(bucket.name, (current) => current && { ...current, policy: text });
  return { status: 204 };
}

export function getBucketPolicy(bucket: BucketRecord): ServiceResponse {
  if (bucket.policy === undefined) throw s3Error('NoSuchBucketPolicy', `The bucket policy does not exist: ${bucket.name} has none.`, 404);
  return { headers: { 'content-type': 'application/json' }, body: bucket.policy };
}

export async function deleteBucketPolicy(cloud: CloudContext, bucket: BucketRecord): Promise<ServiceResponse> {
  await bucketsOf(cloud.store).update(bucket.name, (current) => {
    if (!current) return current;
    const { policy: _removed, ...rest } = current;
    return rest;
  });
  return { status: 204 };
}

/** Configurations are accepted as sent and answered back; the local cloud does not act on them. */
export async function bucketConfig(cloud: CloudContext, request: ServiceRequest, bucket: BucketRecord, config: string): Promise<ServiceResponse> {
  const method = request.method.toUpperCase();
  if (method === 'PUT') {
    const body = request.body.toString('utf8');
    await bucketsOf(cloud.store).update(bucket.name, (current) => current && { ...current, configs: { ...current.configs, [config]: body } });
    return {};
  }
  if (method === 'DELETE') {
    await bucketsOf(cloud.store).update(bucket.name, (current) => {
      if (!current) return current;
      const { [config]: _removed, ...rest } = current.configs;
      return { ...current, configs: rest };
    });
    return { status: 204 };
  }
  const stored = bucket.configs[config];
  if (stored !== undefined) return { headers: { 'content-type': 'application/xml' }, body: stored };
  const missing = BUCKET_CONFIGS[config]?.missing;
  if (missing !== undefined) throw s3Error(missing, `The ${config} configuration of ${bucket.name} was never set.`, 404);
  return { headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<${configRoot(config)} xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>` };
}

export function getBucketLocation(bucket: BucketRecord): ServiceResponse {
  return { headers: { 'content-type': 'application/xml' }, body: locationXml(bucket.region) };
}

export async function listBuckets(cloud: CloudContext, request: ServiceRequest): Promise<ServiceResponse> {
  const owned = (await bucketsOf(cloud.store).entries()).map(([, bucket]) => bucket).filter((bucket) => bucket.owner === request.caller.accountId);
  owned.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { headers: { 'content-type': 'application/xml' }, body: listBucketsXml(request.caller.accountId, owned) };
}

function configRoot(config: string): string {
  const roots: Record<string, string> = { versioning: 'VersioningConfiguration', logging: 'BucketLoggingStatus', notification: 'NotificationConfiguration', acl: 'AccessControlPolicy' };
  return roots[config] ?? 'Configuration';
}

function locationConstraintOf(body: Buffer): string | undefined {
  const match = /<LocationConstraint>([^<]*)<\/LocationConstraint>/.exec(body.toString('utf8'));
  return match?.[1] === undefined || match[1] === '' ? undefined : match[1];
}
