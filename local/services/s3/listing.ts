import type { ObjectRecord } from './buckets';
import { s3Error } from './buckets';

/** ListObjectsV2's paging and grouping over a bucket's keys, apart from the wire format. */
export interface ListRequest {
  readonly prefix: string;
  readonly delimiter: string;
  readonly maxKeys: number;
  readonly startAfter: string;
  readonly continuationToken?: string;
}

export interface Listing {
  readonly contents: ObjectRecord[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
  readonly nextContinuationToken?: string;
}

export function listObjects(objects: readonly ObjectRecord[], request: ListRequest): Listing {
  const after = request.continuationToken === undefined ? { key: request.startAfter, prefix: false } : tokenPosition(request.continuationToken);
  const sorted = objects
    .filter((object) => object.key.startsWith(request.prefix))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const contents: ObjectRecord[] = [];
  const commonPrefixes: string[] = [];
  let last: { key: string; prefix: boolean } | undefined;
  for (const object of sorted) {
    if (after.key !== '' && (object.key <= after.key || (after.prefix && object.key.startsWith(after.key)))) continue;
    const group = groupOf(object.key, request);
    if (group !== undefined && group === commonPrefixes[commonPrefixes.length - 1]) continue;
    if (contents.length + commonPrefixes.length === request.maxKeys) {
      return { contents, commonPrefixes, isTruncated: true, nextContinuationToken: last && tokenFor(last) };
    }
    if (group !== undefined) {
      commonPrefixes.push(group);
      last = { key: group, prefix: true };
    } else {
      contents.push(object);
      last = { key: object.key, prefix: false };
    }
  }
  return { contents, commonPrefixes, isTruncated: false };
}

/** The common prefix a key rolls up into: up to and including the first delimiter after the prefix. */
function groupOf(key: string, request: ListRequest): string | undefined {
  if (request.delimiter === '') return undefined;
  const at = key.indexOf(request.delimiter, request.prefix.length);
  return at < 0 ? undefined : key.slice(0, at + request.delimiter.length);
}

function tokenFor(position: { key: string; prefix: boolean }): string {
  return Buffer.from(JSON.stringify({ k: position.key, p: position.prefix })).toString('base64url');
}

function tokenPosition(token: string): { key: string; prefix: boolean } {
  try {
    const { k, p } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown; p?: unknown };
    if (typeof k === 'string' && typeof p === 'boolean') return { key: k, prefix: p };
  } catch {
    // Falls through to the refusal below.
  }
  throw s3Error('InvalidArgument', 'The continuation token provided is incorrect: pass the NextContinuationToken of the previous page unchanged.', 400);
}
