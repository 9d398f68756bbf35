import { AwsError } from '../protocols/aws-error';

/**
 * Streaming uploads (`x-amz-content-sha256: STREAMING-…`, `content-encoding: aws-chunked`) wrap the
 * payload as `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0\r\n<trailers>\r\n`. Services want the
 * payload itself, so it is unwrapped once here. Chunk signatures are not re-verified: the seed
 * signature over the headers already binds the request to the key.
 */
export function isAwsChunked(headers: Readonly<Record<string, string>>): boolean {
  const sha = headers['x-amz-content-sha256'] ?? '';
  const encoding = headers['content-encoding'] ?? '';
  return sha.startsWith('STREAMING-') || encoding.split(',').some((part) => part.trim() === 'aws-chunked');
}

export interface DecodedChunks {
  readonly payload: Buffer;
  readonly trailers: Record<string, string>;
}

export function decodeAwsChunked(body: Buffer): DecodedChunks {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) throw malformed('a chunk header is not terminated by CRLF');
    const header = body.subarray(offset, lineEnd).toString('latin1');
    const size = parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) throw malformed(`chunk header "${header}" has no hex size`);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > body.length) throw malformed('a chunk is longer than the body');
    chunks.push(body.subarray(offset, offset + size));
    offset += size;
    if (body.subarray(offset, offset + 2).toString('latin1') !== '\r\n') throw malformed('a chunk is not followed by CRLF');
    offset += 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of body.subarray(offset).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { payload: Buffer.concat(chunks), trailers };
}

function malformed(problem: string): AwsError {
  return new AwsError('IncompleteBody', `The aws-chunked body is malformed: ${problem}.`, 400);
}
