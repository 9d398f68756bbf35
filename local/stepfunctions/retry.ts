import { TERMINAL_ERRORS } from './errors';
import type { Catcher, Retrier } from './types';

/**
 * Whether an `ErrorEquals` list matches an error name, as Step Functions decides:
 * `States.ALL` matches every error but the terminal ones; `States.TaskFailed` matches every
 * error but `States.Timeout` (and the terminal ones); any other name matches exactly.
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (TERMINAL_ERRORS.has(error)) return false;
  return errorEquals.some(
    (name) => name === error || name === 'States.ALL' || (name === 'States.TaskFailed' && error !== 'States.Timeout'),
  );
}

export function findRetrier(retriers: readonly Retrier[] | undefined, error: string): number {
  return retriers ? retriers.findIndex((r) => errorMatches(r.ErrorEquals, error)) : -1;
}

export function findCatcher(catchers: readonly Catcher[] | undefined, error: string): Catcher | undefined {
  return catchers?.find((c) => errorMatches(c.ErrorEquals, error));
}

export function maxAttempts(retrier: Retrier): number {
  return retrier.MaxAttempts ?? 3;
}

/**
 * Milliseconds to wait before retry number `attempt` (0 for the first retry) of a retrier:
 * IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, then with FULL jitter a
 * uniformly random share of that.
 */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const backoff = retrier.BackoffRate ?? 2;
  let seconds = interval * Math.pow(backoff, attempt);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return Math.round(seconds * 1000);
}
