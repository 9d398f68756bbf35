import { requireAllowed } from '../../authorize/authorizer';
import type { CloudContext, LocalService, LocalServiceFactory, ServiceRequest, ServiceResponse } from '../service';
import { bucketConfig, createBucket, deleteBucket, deleteBucketPolicy, getBucketLocation, getBucketPolicy, headBucket, listBuckets, putBucketPolicy } from './bucket-operations';
import { requireBucket, s3Error, type BucketRecord } from './buckets';
import { copyObject, deleteObject, deleteObjects, getObject, listObjectsV2, putObject, type Authorize } from './objects';
import { BUCKET_CONFIGS, routeOf, type Route } from './routes';

/** The IAM action each operation needs (S3's action names differ from its operation names). */
const IAM_ACTIONS: Readonly<Record<string, string>> = {
  HeadBucket: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  DeleteBucket: 'DeleteBucket',
  GetBucketPolicy: 'GetBucketPolicy',
  PutBucketPolicy: 'PutBucketPolicy',
  DeleteBucketPolicy: 'DeleteBucketPolicy',
  GetBucketLocation: 'GetBucketLocation',
  PutObject: 'PutObject',
  CopyObject: 'PutObject',
  GetObject: 'GetObject',
  HeadObject: 'GetObject',
  DeleteObject: 'DeleteObject',
};

/**
 * Amazon S3 (REST-XML) on the store: buckets with policies and accepted configurations, objects
 * as blobs written atomically, conditional writes, listing. Bucket policies and the caller's IAM
 * policies are evaluated for every call.
 */
export const s3Service: LocalServiceFactory = (cloud: CloudContext): LocalService => ({
  name: 's3',
  protocol: 'rest-xml',
  operationOf: (request) => routeOf(request).operation,
  handle: async (request) => {
    const route = routeOf(request);
    const authorize: Authorize = (iamAction, bucket, key) => allow(cloud, request, iamAction, bucket, key);
    if (route.bucket === undefined) {
      if (route.operation !== 'ListBuckets') throw notImplemented(route);
      await requireAllowed(cloud.authorize, { caller: request.caller, action: 's3:ListAllMyBuckets', resource: '*', resourceAccount: request.caller.accountId, region: request.region }, { code: 'AccessDenied', status: 403 });
      return listBuckets(cloud, request);
    }
    if (route.operation === 'CreateBucket') {
      await requireAllowed(
        cloud.authorize,
        { caller: request.caller, action: 's3:CreateBucket', resource: `arn:aws:s3:::${route.bucket}`, resourceAccount: request.caller.accountId, region: request.region },
        { code: 'AccessDenied', status: 403 },
      );
      return createBucket(cloud, request, route.bucket);
    }
    const bucket = await requireBucket(cloud.store, route.bucket);
    if (route.config !== undefined) {
      const names = BUCKET_CONFIGS[route.config];
      await authorize(`${request.method.toUpperCase() === 'GET' ? 'Get' : 'Put'}${names?.iam ?? ''}`, bucket);
      return bucketConfig(cloud, request, bucket, route.config);
    }
    if (route.operation === 'DeleteObjects') return deleteObjects(cloud, request, bucket, authorize);
    const iamAction = IAM_ACTIONS[route.operation];
    if (iamAction === undefined) throw notImplemented(route);
    await authorize(iamAction, bucket, route.key);
    return run(cloud, request, route, bucket, authorize);
  },
});

function run(cloud: CloudContext, request: ServiceRequest, route: Route, bucket: BucketRecord, authorize: Authorize): Promise<ServiceResponse> | ServiceResponse {
  const key = route.key ?? '';
  switch (route.operation) {
    case 'HeadBucket':
      return headBucket(bucket);
    case 'ListObjectsV2':
      return listObjectsV2(cloud, request, bucket);
    case 'DeleteBucket':
      return deleteBucket(cloud, bucket);
    case 'GetBucketPolicy':
      return getBucketPolicy(bucket);
    case 'PutBucketPolicy':
      return putBucketPolicy(cloud, request, bucket);
    case 'DeleteBucketPolicy':
      return deleteBucketPolicy(cloud, bucket);
    case 'GetBucketLocation':
      return getBucketLocation(bucket);
    case 'PutObject':
      return putObject(cloud, request, bucket, key);
    case 'CopyObject':
      return copyObject(cloud, request, bucket, key, authorize);
    case 'GetObject':
      return getObject(cloud, request, bucket, key, false);
    case 'HeadObject':
      return getObject(cloud, request, bucket, key, true);
    default:
      return deleteObject(cloud, bucket, key);
  }
}

async function allow(cloud: CloudContext, request: ServiceRequest, iamAction: string, bucket: BucketRecord, key?: string): Promise<void> {
  const context: Record<string, string> = {};
  if (iamAction === 'ListBucket') {
    for (const name of ['prefix', 'delimiter', 'max-keys']) {
      const value = request.query.get(name);
      if (value !== null) context[`s3:${name}`] = value;
    }
  }
  await requireAllowed(
    cloud.authorize,
    {
      caller: request.caller,
      action: `s3:${iamAction}`,
      resource: key === undefined ? `arn:aws:s3:::${bucket.name}` : `arn:aws:s3:::${bucket.name}/${key}`,
      resourceAccount: bucket.owner,
      resourcePolicy: bucket.policy === undefined ? undefined : (JSON.parse(bucket.policy) as Record<string, unknown>),
      region: request.region,
      context,
    },
    { code: 'AccessDenied', status: 403 },
  );
}

function notImplemented(route: Route) {
  return s3Error('NotImplemented', `The local S3 does not implement ${route.operation}; it serves buckets, their policies and configurations, and objects (put, get, head, delete, copy, ListObjectsV2).`, 501);
}
