import { escapeXml } from '../../protocols/xml';
import type { BucketRecord, ObjectRecord } from './buckets';
import type { Listing, ListRequest } from './listing';

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function listObjectsV2Xml(bucket: string, request: ListRequest, listing: Listing, urlEncode: boolean): string {
  const encode = (text: string): string => (urlEncode ? encodeURIComponent(text).replace(/%2F/g, '/') : text);
  const contents = listing.contents
    .map((object) => `<Contents>${el('Key', encode(object.key))}${el('LastModified', object.lastModified)}${el('ETag', object.etag)}${el('Size', object.size)}${el('StorageClass', 'STANDARD')}</Contents>`)
    .join('');
  const prefixes = listing.commonPrefixes.map((prefix) => `<CommonPrefixes>${el('Prefix', encode(prefix))}</CommonPrefixes>`).join('');
  return (
    `${DECLARATION}<ListBucketResult xmlns="${XMLNS}">${el('Name', bucket)}${el('Prefix', encode(request.prefix))}` +
    `${request.delimiter === '' ? '' : el('Delimiter', encode(request.delimiter))}${el('MaxKeys', request.maxKeys)}` +
    `${el('KeyCount', listing.contents.length + listing.commonPrefixes.length)}${el('IsTruncated', listing.isTruncated)}` +
    `${el('ContinuationToken', request.continuationToken)}${el('NextContinuationToken', listing.nextContinuationToken)}` +
    `${request.startAfter === '' ? '' : el('StartAfter', encode(request.startAfter))}${urlEncode ? el('EncodingType', 'url') : ''}` +
    `${contents}${prefixes}</ListBucketResult>`
  );
}

export function listBucketsXml(owner: string, buckets: readonly BucketRecord[]): string {
  const items = buckets.map((bucket) => `<Bucket>${el('Name', bucket.name)}${el('CreationDate', bucket.creationDate)}${el('BucketRegion', bucket.region)}</Bucket>`).join('');
  return `${DECLARATION}<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner>${el('ID', owner)}</Owner><Buckets>${items}</Buckets></ListAllMyBucketsResult>`;
}

export function copyResultXml(object: ObjectRecord): string {
  return `${DECLARATION}<CopyObjectResult xmlns="${XMLNS}">${el('ETag', object.etag)}${el('LastModified', object.lastModified)}</CopyObjectResult>`;
}

export function locationXml(region: string): string {
  // S3 reports us-east-1 as an empty constraint, for historical reasons the SDK expects.
  return `${DECLARATION}<LocationConstraint xmlns="${XMLNS}">${region === 'us-east-1' ? '' : escapeXml(region)}</LocationConstraint>`;
}

export function deleteResultXml(deleted: readonly string[], quiet: boolean): string {
  const items = quiet ? '' : deleted.map((key) => `<Deleted>${el('Key', key)}</Deleted>`).join('');
  return `${DECLARATION}<DeleteResult xmlns="${XMLNS}">${items}</DeleteResult>`;
}
