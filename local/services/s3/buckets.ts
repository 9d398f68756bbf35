import { createHash } from 'node:crypto';
import { AwsError } from '../../protocols/aws-error';
import type { Store } from '../../store/store';

export interface BucketRecord {
  readonly name: string;
  readonly owner: string;
  readonly region: string;
  readonly creationDate: string;
  readonly policy?: string;
  /** Configuration documents as sent, by subresource (`encryption`, `versioning`, …). */
  readonly configs: Readonly<Record<string, string>>;
}

export interface ObjectRecord {
  readonly key: string;
  readonly size: number;
  /** Quoted, as S3 sends it. */
  readonly etag: string;
  readonly lastModified: string;
  readonly contentType: string;
  /** Content-Encoding, Cache-Control, Content-Disposition, Content-Language, Expires as sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** User metadata (`x-amz-meta-*`), keys lowercased without the prefix. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Id of the blob holding the bytes: a new blob per write, so a reader never sees half of one. */
  readonly blob: string;
}

export const BLOBS = 's3-objects';

export function bucketsOf(store: Store) {
  return store.namespace<BucketRecord>('s3-buckets');
}

/** One namespace per bucket, so listing a bucket reads only its own objects. */
export function objectsOf(store: Store, bucket: string) {
  return store.namespace<ObjectRecord>(`s3o-${createHash('sha256').update(bucket).digest('hex').slice(0, 40)}`);
}

export async function requireBucket(store: Store, name: string): Promise<BucketRecord> {
  const bucket = await bucketsOf(store).get(name);
  if (!bucket) throw s3Error('NoSuchBucket', `The specified bucket does not exist: ${name}`, 404);
  return bucket;
}

export function checkBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name) && !name.startsWith('xn--');
  if (!valid) {
    throw s3Error('InvalidBucketName', `The specified bucket is not valid: "${name}" must be 3 to 63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit.`, 400);
  }
}

export function s3Error(code: string, message: string, status: number): AwsError {
  return new AwsError(code, message, status);
}
