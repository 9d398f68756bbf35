import { AwsError } from '../../protocols/aws-error';

/**
 * Pagination as AWS list operations do it: a page of at most MaxResults items and an opaque
 * NextToken that only continues the listing it came from.
 */
export interface PageRequest {
  /** The operation and what it lists (e.g. `ListAccountsForParent ou-…`): a token from another listing is refused. */
  readonly scope: string;
  readonly maxResults: unknown;
  readonly nextToken: unknown;
}

export interface PageLimits {
  readonly max: number;
  readonly default: number;
  /** The error code this service uses for bad input, e.g. `InvalidInputException`. */
  readonly invalidCode: string;
  readonly status?: number;
  /** How the request names its page size and token when not MaxResults / NextToken (KMS: Limit / Marker). */
  readonly fields?: { readonly size: string; readonly token: string };
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export function paginate<T>(all: readonly T[], request: PageRequest, limits: PageLimits): Page<T> {
  const size = pageSize(request.maxResults, limits);
  const start = request.nextToken === undefined || request.nextToken === null ? 0 : offsetOf(request.nextToken, request.scope, limits);
  const items = all.slice(start, start + size);
  const next = start + items.length;
  return next < all.length ? { items, nextToken: tokenFor(request.scope, next) } : { items };
}

function pageSize(value: unknown, limits: PageLimits): number {
  if (value === undefined || value === null) return limits.default;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > limits.max) {
    throw new AwsError(limits.invalidCode, `${limits.fields?.size ?? 'MaxResults'} ${JSON.stringify(value)} is out of range: give a whole number from 1 to ${limits.max}, or leave it out.`, limits.status ?? 400);
  }
  return value;
}

function tokenFor(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64url');
}

function offsetOf(token: unknown, scope: string, limits: PageLimits): number {
  const refuse = (): AwsError =>
    new AwsError(
      limits.invalidCode,
      `${limits.fields?.token ?? 'NextToken'} is not valid for this request: pass the one the previous page of the same listing answered, unchanged.`,
      limits.status ?? 400,
    );
  if (typeof token !== 'string' || token === '') throw refuse();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const { s, o } = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as { s?: unknown; o?: unknown };
  if (s !== scope || typeof o !== 'number' || !Number.isInteger(o) || o < 0) throw refuse();
  return o;
}
