/**
 * Errors an execution can fail with. `name` is the ASL error name that Retry and Catch
 * match on (`ErrorEquals`) and that a failed execution reports, so it is set explicitly
 * rather than taken from the class name (bundlers rename classes).
 */
export class StatesError extends Error {
  public constructor(
    public override readonly name: string,
    /** The `Cause` of the failure; undefined when the failing state gave none. */
    public override readonly cause?: string,
  ) {
    super(cause === undefined ? name : `${name}: ${cause}`);
  }
}

/**
 * An execution failed for a reason the definition cannot handle (a bad path, a bad intrinsic
 * call, the history quota). AWS never lets Retry or Catch see it, not even `States.ALL`.
 */
export class RuntimeError extends StatesError {
  public constructor(cause: string) {
    super('States.Runtime', cause);
  }
}

/** An input or output over 256 KiB. Terminal, like `States.Runtime`. */
export class DataLimitExceededError extends StatesError {
  public constructor(cause: string) {
    super('States.DataLimitExceeded', cause);
  }
}

export class TimeoutError extends StatesError {
  public constructor(cause: string) {
    super('States.Timeout', cause);
  }
}

export class TaskFailedError extends StatesError {
  public constructor(cause: string) {
    super('States.TaskFailed', cause);
  }
}

export class NoChoiceMatchedError extends StatesError {
  public constructor(cause: string) {
    super('States.NoChoiceMatched', cause);
  }
}

export class IntrinsicFailureError extends StatesError {
  public constructor(cause: string) {
    super('States.IntrinsicFailure', cause);
  }
}

export class ResultPathMatchFailureError extends StatesError {
  public constructor(cause: string) {
    super('States.ResultPathMatchFailure', cause);
  }
}

export class ExceedToleratedFailureThresholdError extends StatesError {
  public constructor(cause: string) {
    super('States.ExceedToleratedFailureThreshold', cause);
  }
}

export class ItemReaderFailedError extends StatesError {
  public constructor(cause: string) {
    super('States.ItemReaderFailed', cause);
  }
}

export class ResultWriterFailedError extends StatesError {
  public constructor(cause: string) {
    super('States.ResultWriterFailed', cause);
  }
}

/** Names Retry and Catch can never match: the execution (or child execution) fails. */
export const TERMINAL_ERRORS: ReadonlySet<string> = new Set(['States.Runtime', 'States.DataLimitExceeded']);

/**
 * Internal: the execution was stopped (StopExecution, a failed sibling branch, a Map Run past
 * its tolerance) or ran past its TimeoutSeconds. Never matched by Retry or Catch.
 */
export class ExecutionInterrupted extends Error {
  public constructor(
    public readonly status: 'ABORTED' | 'TIMED_OUT',
    public readonly error: string | undefined,
    public readonly causeText: string | undefined,
  ) {
    super(`execution ${status}${error ? `: ${error}` : ''}`);
    this.name = 'ExecutionInterrupted';
  }
}

/**
 * The definition is not one this engine can run: raised before the execution starts, as AWS
 * rejects such a definition at CreateStateMachine (`InvalidDefinition`).
 */
export class InvalidDefinitionError extends Error {
  public override readonly name = 'InvalidDefinition';
  /**
   * @param location where the problem is, e.g. `States.Plan.Next`
   * @param problem what is wrong and how to fix it
   */
  public constructor(
    public readonly location: string,
    problem: string,
  ) {
    super(`${location}: ${problem}`);
  }
}

/** Turns anything thrown by engine code into the StatesError an execution reports. */
export function toStatesError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new RuntimeError(`unexpected engine error: ${message}`);
}

/**
 * A StartExecution-style request the engine refuses before running anything; `code` is the
 * AWS API error code to answer with.
 */
export class ExecutionRequestError extends Error {
  public override readonly name = 'ExecutionRequestError';
  public constructor(
    public readonly code: 'InvalidArn' | 'InvalidName' | 'ExecutionAlreadyExists',
    public readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}
