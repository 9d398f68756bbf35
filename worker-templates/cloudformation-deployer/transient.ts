/**
 * Errors that say "not now" rather than "no": throttling and service faults. Many targets call
 * CloudFormation at once, so the SDK's own few retries can run out; since every step is
 * idempotent (derived names and tokens), the step is simply taken again at a later poll.
 */
const TRANSIENT_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'RequestTimeout',
  'TimeoutError',
]);

/** Seconds before a step that met a transient error is taken again. */
export const TRANSIENT_RETRY_SECONDS = 30;

export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e.name !== undefined && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.$retryable !== undefined) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}
