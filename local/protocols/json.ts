import { AwsError } from './aws-error';

/**
 * JSON 1.0/1.1 protocols (Step Functions; Organizations, KMS): `X-Amz-Target: Prefix.Operation`,
 * a JSON body in and out, errors as `{"__type": code, "message": …}`.
 */
export function contentTypeOf(protocol: 'json-1.0' | 'json-1.1'): string {
  return protocol === 'json-1.0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
}

/** The operation named by `X-Amz-Target`, checked against the service's prefix. */
export function decodeJsonTarget(target: string | undefined, prefix: string): string {
  if (!target) {
    throw new AwsError('UnknownOperationException', `The X-Amz-Target header is missing: send "${prefix}.<Operation>".`);
  }
  const dot = target.lastIndexOf('.');
  if (dot < 0 || target.slice(0, dot) !== prefix || dot === target.length - 1) {
    throw new AwsError('UnknownOperationException', `X-Amz-Target "${target}" does not name an operation of ${prefix}.`);
  }
  return target.slice(dot + 1);
}

export function decodeJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** JSON protocols carry timestamps as epoch seconds, so `Date` members are written as numbers. */
export function encodeJsonBody(output: Readonly<Record<string, unknown>> | undefined): string {
  return JSON.stringify(withEpochDates(output ?? {}));
}

function withEpochDates(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(withEpochDates);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, withEpochDates(member)]));
  }
  return value;
}

export function encodeJsonError(error: AwsError): string {
  return JSON.stringify({ __type: error.code, message: error.message });
}
