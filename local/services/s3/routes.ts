import type { ServiceRequest } from '../service';

/**
 * Which bucket, key and operation an S3 request is for. Path style (`/bucket/key`) is the norm
 * on a loopback endpoint; `bucket.localhost` and `bucket.s3.localhost` hosts work too.
 */
export interface Route {
  readonly bucket?: string;
  readonly key?: string;
  readonly operation: string;
  /** For bucket configuration operations: the subresource (`encryption`, `versioning`, …). */
  readonly config?: string;
}

/**
 * Bucket configurations our stacks set: accepted, kept as sent, and answered back by the Get
 * operation. Each maps to its operation name suffix, IAM action verb and the code S3 answers
 * when it was never set.
 */
export const BUCKET_CONFIGS: Readonly<Record<string, { readonly name: string; readonly iam: string; readonly missing?: string }>> = {
  encryption: { name: 'BucketEncryption', iam: 'EncryptionConfiguration', missing: 'ServerSideEncryptionConfigurationNotFoundError' },
  publicAccessBlock: { name: 'PublicAccessBlock', iam: 'BucketPublicAccessBlock', missing: 'NoSuchPublicAccessBlockConfiguration' },
  versioning: { name: 'BucketVersioning', iam: 'BucketVersioning' },
  tagging: { name: 'BucketTagging', iam: 'BucketTagging', missing: 'NoSuchTagSet' },
  ownershipControls: { name: 'BucketOwnershipControls', iam: 'BucketOwnershipControls', missing: 'OwnershipControlsNotFoundError' },
  lifecycle: { name: 'BucketLifecycleConfiguration', iam: 'LifecycleConfiguration', missing: 'NoSuchLifecycleConfiguration' },
  cors: { name: 'BucketCors', iam: 'BucketCORS', missing: 'NoSuchCORSConfiguration' },
  logging: { name: 'BucketLogging', iam: 'BucketLogging' },
  notification: { name: 'BucketNotificationConfiguration', iam: 'BucketNotification' },
  acl: { name: 'BucketAcl', iam: 'BucketAcl' },
};

type RouteInput = Pick<ServiceRequest, 'method' | 'path' | 'query' | 'headers'>;

export function routeOf(request: RouteInput): Route {
  const { bucket, key } = locate(request);
  const method = request.method.toUpperCase();
  const has = (name: string): boolean => request.query.has(name);
  const config = Object.keys(BUCKET_CONFIGS).find(has);
  if (bucket === undefined) return { operation: method === 'GET' ? 'ListBuckets' : `${method} /` };
  if (key === undefined) {
    if (has('policy')) return { bucket, operation: `${verb(method)}BucketPolicy` };
    if (config !== undefined && ['GET', 'PUT', 'DELETE'].includes(method)) {
      return { bucket, config, operation: `${verb(method)}${BUCKET_CONFIGS[config]?.name ?? ''}` };
    }
    if (method === 'GET' && has('location')) return { bucket, operation: 'GetBucketLocation' };
    if (method === 'GET') return { bucket, operation: request.query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects' };
    if (method === 'POST' && has('delete')) return { bucket, operation: 'DeleteObjects' };
    const bucketOperations: Record<string, string> = { PUT: 'CreateBucket', HEAD: 'HeadBucket', DELETE: 'DeleteBucket' };
    return { bucket, operation: bucketOperations[method] ?? `${method} bucket` };
  }
  if (method === 'PUT' && request.headers['x-amz-copy-source'] !== undefined) return { bucket, key, operation: 'CopyObject' };
  const objectOperations: Record<string, string> = { PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' };
  return { bucket, key, operation: objectOperations[method] ?? `${method} object` };
}

function verb(method: string): string {
  return method === 'PUT' ? 'Put' : method === 'DELETE' ? 'Delete' : 'Get';
}

function locate(request: RouteInput): { bucket?: string; key?: string } {
  const segments = request.path.replace(/^\/+/, '');
  const hostBucket = bucketOfHost(request.headers.host ?? '');
  if (hostBucket !== undefined) return { bucket: hostBucket, key: segments === '' ? undefined : decode(segments) };
  if (segments === '') return {};
  const slash = segments.indexOf('/');
  if (slash < 0) return { bucket: decode(segments) };
  const key = segments.slice(slash + 1);
  return { bucket: decode(segments.slice(0, slash)), key: key === '' ? undefined : decode(key) };
}

function bucketOfHost(host: string): string | undefined {
  const name = host.replace(/:\d+$/, '');
  const match = /^(.+?)\.(?:s3\.)?localhost$/.exec(name);
  return match?.[1];
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
