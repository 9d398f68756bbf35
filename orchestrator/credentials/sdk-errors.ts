/** The parts of an AWS SDK v3 service exception this code reads. */
export interface ServiceErrorLike {
  readonly name: string;
  readonly message: string;
  readonly $fault?: 'client' | 'server';
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
]);

/**
 * Errors about the caller's own session, not the member account: a fresh attempt gets
 * fresh credentials from the Lambda runtime.
 */
const CALLER_SESSION = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

export function asServiceError(err: unknown): ServiceErrorLike {
  if (err instanceof Error) return err as ServiceErrorLike;
  return { name: 'Error', message: String(err) };
}

/**
 * True when the request was refused for what it asked (a denial, a missing resource, a
 * malformed parameter): asking again cannot help. Throttling, server faults, network
 * failures and anything not from the service are not refusals; they are rethrown so the
 * state machine's Retry takes over once the SDK's own retries are spent.
 */
export function isRefusal(err: unknown): boolean {
  const { name, $fault } = asServiceError(err);
  return $fault === 'client' && !THROTTLING.has(name) && !CALLER_SESSION.has(name);
}
