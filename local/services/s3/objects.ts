import { createHash, randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { CloudContext, ServiceRequest, ServiceResponse } from '../service';
import { BLOBS, objectsOf, requireBucket, s3Error, type BucketRecord, type ObjectRecord } from './buckets';
import { listObjects } from './listing';
import { copyResultXml, deleteResultXml, listObjectsV2Xml } from './xml';

export type Authorize = (iamAction: string, bucket: BucketRecord, key?: string) => Promise<void>;

const STORED_HEADERS = ['content-encoding', 'cache-control', 'content-disposition', 'content-language', 'expires'];

export async function putObject(cloud: CloudContext, request: ServiceRequest, bucket: BucketRecord, key: string): Promise<ServiceResponse> {
  checkKey(key);
  const body = request.body;
  const md5 = createHash('md5').update(body).digest();
  const sentMd5 = request.headers['content-md5'];
  if (sentMd5 !== undefined && sentMd5 !== md5.toString('base64')) {
    throw s3Error('BadDigest', 'The Content-MD5 you specified did not match what was received.', 400);
  }
  const object: ObjectRecord = {
    key,
    size: body.length,
    etag: `"${md5.toString('hex')}"`,
    lastModified: cloud.now().toISOString(),
    contentType: request.headers['content-type'] ?? 'binary/octet-stream',
    headers: pick(request.headers, STORED_HEADERS),
    metadata: userMetadata(request.headers),
    blob: randomUUID(),
  };
  const written = await write(cloud, bucket.name, object, body, request.headers['if-none-match'] === '*');
  return { headers: { etag: written.etag } };
}

/** Writes the bytes under a fresh blob, then points the key at it in one step; the old blob goes after. */
async function write(cloud: CloudContext, bucket: string, object: ObjectRecord, body: Buffer, onlyIfAbsent: boolean): Promise<ObjectRecord> {
  const objects = objectsOf(cloud.store, bucket);
  if (onlyIfAbsent && (await objects.get(object.key))) throw preconditionFailed();
  await cloud.store.putBlob(BLOBS, object.blob, body);
  let replaced: ObjectRecord | undefined;
  try {
    await objects.update(object.key, (current) => {
      // Checked again here: no other write can slip in between this read and this write.
      if (onlyIfAbsent && current) throw preconditionFailed();
      replaced = current;
      return object;
    });
  } catch (error) {
    await cloud.store.deleteBlob(BLOBS, object.blob);
    throw error;
  }
  if (replaced) await cloud.store.deleteBlob(BLOBS, replaced.blob);
  return object;
}

export async function getObject(cloud: CloudContext, request: ServiceRequest, bucket: BucketRecord, key: string, head: boolean): Promise<ServiceResponse> {
  const object = await objectsOf(cloud.store, bucket.name).get(key);
  if (!object) throw s3Error('NoSuchKey', `The specified key does not exist: ${key}`, 404);
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...object.headers,
    ...Object.fromEntries(Object.entries(object.metadata).map(([name, value]) => [`x-amz-meta-${name}`, value])),
  };
  const range = rangeOf(request.headers.range, object.size);
  if (head) return { headers: { ...headers, 'content-length': String(object.size) } };
  const bytes = (await cloud.store.getBlob(BLOBS, object.blob)) ?? Buffer.alloc(0);
  if (range === undefined) return { headers, body: bytes };
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${object.size}` },
    body: bytes.subarray(range.start, range.end + 1),
  };
}

export async function deleteObject(cloud: CloudContext, bucket: BucketRecord, key: string): Promise<ServiceResponse> {
  let removed: ObjectRecord | undefined;
  await objectsOf(cloud.store, bucket.name).update(key, (current) => {
    removed = current;
    return undefined;
  });
  if (removed) await cloud.store.deleteBlob(BLOBS, removed.blob);
  return { status: 204 };
}

export async function deleteObjects(cloud: CloudContext, request: ServiceRequest, bucket: BucketRecord, authorize: Authorize): Promise<ServiceResponse> {
  const parsed = new XMLParser({ isArray: (name) => name === 'Object', parseTagValue: false }).parse(request.body.toString('utf8')) as {
    Delete?: { Object?: Array<{ Key?: unknown }>; Quiet?: unknown };
  };
  const keys = (parsed.Delete?.Object ?? []).map((object) => object.Key);
  if (keys.length === 0 || keys.length > 1000 || keys.some((key) => typeof key !== 'string')) {
    throw s3Error('MalformedXML', 'The Delete body must list 1 to 1000 <Object><Key>…</Key></Object> entries.', 400);
  }
  for (const key of keys as string[]) await authorize('DeleteObject', bucket, key);
  for (const key of keys as string[]) await deleteObject(cloud, bucket, key);
  return { headers: { 'content-type': 'application/xml' }, body: deleteResultXml(keys as string[], String(parsed.Delete?.Quiet) === 'true') };
}

export async function copyObject(cloud: CloudContext, request: ServiceRequest, bucket: BucketRecord, key: string, authorize: Authorize): Promise<ServiceResponse> {
  checkKey(key);
  const source = copySourceOf(request.headers['x-amz-copy-source'] ?? '');
  const sourceBucket = await requireBucket(cloud.store, source.bucket);
  await authorize('GetObject', sourceBucket, source.key);
  const original = await objectsOf(cloud.store, source.bucket).get(source.key);
  if (!original) throw s3Error('NoSuchKey', `The specified key does not exist: ${source.key}`, 404);
  const bytes = (await cloud.store.getBlob(BLOBS, original.blob)) ?? Buffer.alloc(0);
  const replace = request.headers['x-amz-metadata-directive'] === 'REPLACE';
  const object: ObjectRecord = {
    ...original,
    key,
    lastModified: cloud.now().toISOString(),
    blob: randomUUID(),
    ...(replace
      ? { contentType: request.headers['content-type'] ?? 'binary/octet-stream', headers: pick(request.headers, STORED_HEADERS), metadata: userMetadata(request.headers) }
      : {}),
  };
  if (source.bucket === bucket.name && source.key === key && !replace) {
    throw s3Error('InvalidRequest', 'This copy request is illegal because it is trying to copy an object to itself without changing the metadata: set x-amz-metadata-directive: REPLACE.', 400);
  }
  const written = await write(cloud, bucket.name, object, bytes, request.headers['if-none-match'] === '*');
  return { headers: { 'content-type': 'application/xml' }, body: copyResultXml(written) };
}

export async function listObjectsV2(cloud: CloudContext, request: ServiceRequest, bucket: BucketRecord): Promise<ServiceResponse> {
  const query = request.query;
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === null ? 1000 : Number(maxKeysText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw s3Error('InvalidArgument', `max-keys "${maxKeysText}" must be a whole number from 0 to 1000.`, 400);
  const encodingType = query.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') throw s3Error('InvalidArgument', `encoding-type "${encodingType}" is not valid: use url or leave it out.`, 400);
  const listRequest = {
    prefix: query.get('prefix') ?? '',
    delimiter: query.get('delimiter') ?? '',
    maxKeys: Math.min(maxKeys, 1000),
    startAfter: query.get('start-after') ?? '',
    continuationToken: query.get('continuation-token') ?? undefined,
  };
  const objects = (await objectsOf(cloud.store, bucket.name).entries()).map(([, object]) => object);
  const listing = listObjects(objects, listRequest);
  return { headers: { 'content-type': 'application/xml' }, body: listObjectsV2Xml(bucket.name, listRequest, listing, encodingType === 'url') };
}

function checkKey(key: string): void {
  if (Buffer.byteLength(key) > 1024) throw s3Error('KeyTooLongError', 'Your key is too long: object keys are at most 1024 bytes.', 400);
}

function preconditionFailed() {
  return s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold: If-None-Match: * and the object exists.', 412);
}

function rangeOf(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [start, end] =
    match[1] === '' ? [Math.max(0, size - Number(match[2])), size - 1] : [Number(match[1]), match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)];
  if (start >= size || start > end) throw s3Error('InvalidRange', `The requested range ${header} is not satisfiable for an object of ${size} bytes.`, 416);
  return { start, end };
}

function copySourceOf(header: string): { bucket: string; key: string } {
  const path = decodeURIComponent(header.split('?')[0] ?? '').replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw s3Error('InvalidArgument', `x-amz-copy-source "${header}" must be bucket/key (URL-encoded).`, 400);
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

function pick(headers: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name] as string]));
}

function userMetadata(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name.toLowerCase().startsWith('x-amz-meta-'))
      .map(([name, value]) => [name.toLowerCase().slice('x-amz-meta-'.length), value]),
  );
}
