/**
 * Every target ends in exactly one of these outcomes in the summary.
 */
export const Outcomes = {
  /** The worker finished and reported success. */
  SUCCEEDED: 'SUCCEEDED',
  /** The worker finished and there was nothing to change (e.g. an empty change set). */
  NO_CHANGE: 'NO_CHANGE',
  /** The worker reported or raised a failure. */
  FAILED: 'FAILED',
  /** The member role of the account could not be assumed; no worker ran there. */
  ASSUME_ROLE_FAILED: 'ASSUME_ROLE_FAILED',
  /** Not run by design: suspended account, disabled opt-in region. Never a failure. */
  SKIPPED: 'SKIPPED',
  /** The worker kept answering IN_PROGRESS past the poll bound. */
  TIMED_OUT: 'TIMED_OUT',
  /** Not started because an earlier wave exceeded the failure tolerance. */
  CANCELLED: 'CANCELLED',
} as const;

export type Outcome = (typeof Outcomes)[keyof typeof Outcomes];

/** The outcomes that count against the failure tolerance. */
export const FAILURE_OUTCOMES: readonly Outcome[] = [
  Outcomes.FAILED,
  Outcomes.ASSUME_ROLE_FAILED,
  Outcomes.TIMED_OUT,
];

/** What a worker may answer besides a terminal outcome: call me again later. */
export const IN_PROGRESS = 'IN_PROGRESS';

export function isFailure(outcome: Outcome): boolean {
  return FAILURE_OUTCOMES.includes(outcome);
}
