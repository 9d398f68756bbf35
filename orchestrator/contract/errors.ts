/**
 * Error names raised by the orchestrator's handlers. The same constants appear in the
 * state machine's `ErrorEquals` and `Fail` states, so a rename cannot drift between the
 * code that throws and the ASL that catches.
 */
export const ErrorNames = {
  /** The execution input is unknown or malformed; raised before any role is assumed. */
  INVALID_INPUT: 'StepEverywhere.InvalidInput',
  /** More targets failed than the failure tolerance allows. */
  TOLERANCE_EXCEEDED: 'StepEverywhere.ToleranceExceeded',
  /** The member role could not be assumed (missing, untagged, trust denied). */
  ASSUME_ROLE_FAILED: 'StepEverywhere.AssumeRoleFailed',
  /** The requested worker function is not one step-everywhere may invoke. */
  WORKER_NOT_ALLOWED: 'StepEverywhere.WorkerNotAllowed',
  /** A worker event could not be trusted (context mismatch, missing fields). */
  INVALID_WORKER_EVENT: 'StepEverywhere.InvalidWorkerEvent',
  /** Organizations could not be read to plan the targets. */
  PLAN_FAILED: 'StepEverywhere.PlanFailed',
  /** A worker still answered IN_PROGRESS at the poll bound (outcome TIMED_OUT). */
  POLL_LIMIT_REACHED: 'StepEverywhere.PollLimitReached',
  /** A planned target has no result: its account's child execution recorded none. */
  NO_RESULT_RECORDED: 'StepEverywhere.NoResultRecorded',
  /** An account's child execution answered something that is not an AccountResult. */
  INVALID_ACCOUNT_RESULT: 'StepEverywhere.InvalidAccountResult',
  /** The wave's Distributed Map produced no map run to read results from. */
  NO_MAP_RUN: 'StepEverywhere.NoMapRun',
  /** A run file (manifest, outcomes, skipped list) is missing or unreadable. */
  RUN_FILE_UNREADABLE: 'StepEverywhere.RunFileUnreadable',
  /** A function was deployed with a setting it cannot use; retrying cannot help. */
  INVALID_CONFIGURATION: 'StepEverywhere.InvalidConfiguration',
  /** A worker could not store its result object; transient, so the invoke is retried. */
  RESULT_WRITE_FAILED: 'StepEverywhere.ResultWriteFailed',
  /** The member session expired before the worker ran (e.g. after long polling). */
  CREDENTIALS_EXPIRED: 'StepEverywhere.CredentialsExpired',
  /** Worker code answered something that is not a WorkerAnswer. */
  INVALID_WORKER_ANSWER: 'StepEverywhere.InvalidWorkerAnswer',
  /** Worker code answered FAILED without naming an error. */
  WORKER_FAILED: 'StepEverywhere.WorkerFailed',
} as const;

export type ErrorName = (typeof ErrorNames)[keyof typeof ErrorNames];

/** Base class: `name` is explicit so minifiers and bundlers cannot change it. */
export abstract class StepEverywhereError extends Error {
  public abstract override readonly name: ErrorName;
}

export class InvalidInputError extends StepEverywhereError {
  public override readonly name = ErrorNames.INVALID_INPUT;
  /** @param field the dotted path of the offending input field, e.g. `Targets.Accounts[2]` */
  public constructor(
    public readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

export class ToleranceExceededError extends StepEverywhereError {
  public override readonly name = ErrorNames.TOLERANCE_EXCEEDED;
}

export class AssumeRoleFailedError extends StepEverywhereError {
  public override readonly name = ErrorNames.ASSUME_ROLE_FAILED;
}

export class WorkerNotAllowedError extends StepEverywhereError {
  public override readonly name = ErrorNames.WORKER_NOT_ALLOWED;
}

export class InvalidWorkerEventError extends StepEverywhereError {
  public override readonly name = ErrorNames.INVALID_WORKER_EVENT;
}

export class PlanFailedError extends StepEverywhereError {
  public override readonly name = ErrorNames.PLAN_FAILED;
}

/**
 * Errors of the Lambda service itself (not of the function's code) that are safe to retry:
 * the Step Functions `lambda:invoke` integration reports them under these names.
 */
export const RETRYABLE_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ResourceNotReadyException',
] as const;
