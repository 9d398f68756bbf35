import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { SignatureV4Base } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { AwsError } from '../protocols/aws-error';

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The request as it arrived: the raw path and query exactly as the client signed them. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  /** Lowercase header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** What the Authorization header (or a presigned URL) claims, before it is checked. */
export interface SignatureClaim {
  readonly accessKeyId: string;
  readonly shortDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly longDate: string;
  readonly sessionToken?: string;
  /** Seconds a presigned URL stays valid; absent for header-signed requests. */
  readonly expiresSeconds?: number;
}

/** Reads the claim; undefined when the request carries no signature at all. */
export function readSignatureClaim(request: ReceivedRequest): SignatureClaim | undefined {
  const authorization = request.headers['authorization'];
  if (authorization !== undefined) return fromHeader(authorization, request.headers);
  const query = new URLSearchParams(request.rawQuery);
  const credential = query.get('X-Amz-Credential');
  if (credential === null) return undefined;
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
    throw incomplete(`X-Amz-Algorithm must be ${ALGORITHM}.`);
  }
  const expires = Number(query.get('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > 604800) {
    throw incomplete('X-Amz-Expires must be a whole number of seconds from 1 to 604800.');
  }
  return {
    ...scope(credential),
    signedHeaders: required(query.get('X-Amz-SignedHeaders'), 'X-Amz-SignedHeaders').split(';'),
    signature: required(query.get('X-Amz-Signature'), 'X-Amz-Signature'),
    longDate: required(query.get('X-Amz-Date'), 'X-Amz-Date'),
    sessionToken: query.get('X-Amz-Security-Token') ?? undefined,
    expiresSeconds: expires,
  };
}

function fromHeader(authorization: string, headers: Readonly<Record<string, string>>): SignatureClaim {
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw incomplete(`Only ${ALGORITHM} signatures are accepted.`);
  }
  const parts = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const longDate = headers['x-amz-date'];
  if (longDate === undefined) throw incomplete('The request must carry the X-Amz-Date header it was signed with.');
  return {
    ...scope(required(parts.get('Credential') ?? null, 'Credential')),
    signedHeaders: required(parts.get('SignedHeaders') ?? null, 'SignedHeaders').split(';'),
    signature: required(parts.get('Signature') ?? null, 'Signature'),
    longDate,
    sessionToken: headers['x-amz-security-token'],
  };
}

function scope(credential: string): Pick<SignatureClaim, 'accessKeyId' | 'shortDate' | 'region' | 'service'> {
  const [accessKeyId, shortDate, region, service, terminator, ...extra] = credential.split('/');
  if (!accessKeyId || !shortDate || !region || !service || terminator !== 'aws4_request' || extra.length > 0) {
    throw incomplete(`Credential "${credential}" must be <AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request.`);
  }
  return { accessKeyId, shortDate, region, service };
}

function required(value: string | null, name: string): string {
  if (!value) throw incomplete(`The signature is missing ${name}.`);
  return value;
}

function incomplete(message: string): AwsError {
  return new AwsError('IncompleteSignature', message, 400);
}

/** Signing date of the claim, checked for shape. */
export function signingDateOf(claim: SignatureClaim): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(claim.longDate);
  if (!match || claim.longDate.slice(0, 8) !== claim.shortDate) {
    throw incomplete(`X-Amz-Date "${claim.longDate}" must be yyyymmddThhmmssZ on the credential scope's date ${claim.shortDate}.`);
  }
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

/** Exposes the canonical-request construction of the SDK's own signer, so both sides agree byte for byte. */
class CanonicalSigner extends SignatureV4Base {
  public constructor(service: string) {
    super({
      service,
      region: 'unused',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      sha256: Hash.bind(null, 'sha256'),
      // S3 signs the path as sent; every other service double-encodes it.
      uriEscapePath: service !== 's3',
    });
  }

  public stringToSign(request: HttpRequest, headers: Record<string, string>, payloadHash: string, claim: SignatureClaim): Promise<string> {
    const credentialScope = `${claim.shortDate}/${claim.region}/${claim.service}/aws4_request`;
    return this.createStringToSign(claim.longDate, credentialScope, this.createCanonicalRequest(request, headers, payloadHash), ALGORITHM);
  }
}

/** True when the claimed signature is the one the secret produces for this request (constant-time compare). */
export async function signatureMatches(request: ReceivedRequest, claim: SignatureClaim, secretAccessKey: string): Promise<boolean> {
  const presigned = claim.expiresSeconds !== undefined;
  const query = parseQuery(request.rawQuery, presigned ? 'X-Amz-Signature' : undefined);
  const headers: Record<string, string> = {};
  for (const name of claim.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
  }
  const payloadHash = presigned
    ? 'UNSIGNED-PAYLOAD'
    : request.headers['x-amz-content-sha256'] ?? createHash('sha256').update(request.body).digest('hex');
  const httpRequest: HttpRequest = {
    method: request.method,
    protocol: 'http:',
    hostname: '',
    path: request.path,
    query,
    headers,
  };
  const stringToSign = await new CanonicalSigner(claim.service).stringToSign(httpRequest, headers, payloadHash, claim);
  let key: Buffer = createHmac('sha256', `AWS4${secretAccessKey}`).update(claim.shortDate).digest();
  for (const part of [claim.region, claim.service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign).digest('hex'));
  const given = Buffer.from(claim.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Decoded query parameters as the SDK's signer saw them (it re-encodes them canonically). */
function parseQuery(rawQuery: string, leaveOut: string | undefined): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    if (name === leaveOut) continue;
    const existing = query[name];
    query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return text;
  }
}

/** A hex payload hash the client signed must be the hash of the body received. */
export function payloadHashMatches(request: ReceivedRequest): boolean {
  const claimed = request.headers['x-amz-content-sha256'];
  if (claimed === undefined || !/^[0-9a-f]{64}$/.test(claimed)) return true;
  return createHash('sha256').update(request.body).digest('hex') === claimed;
}
