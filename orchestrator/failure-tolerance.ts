/**
 * How many failed targets an execution tolerates before it fails with
 * `StepEverywhere.ToleranceExceeded` and stops starting new waves.
 */
export class FailureTolerance {
  /** Tolerate up to `count` failed targets (0: any failure fails the execution). */
  public static count(count: number): FailureTolerance {
    if (!Number.isInteger(count) || count < 0) {
      throw new Error(`failureTolerance: count must be a whole number >= 0, got ${count}`);
    }
    return new FailureTolerance(`count:${count}`);
  }

  /** Tolerate failed targets up to `percentage` percent of the attempted targets. */
  public static percentage(percentage: number): FailureTolerance {
    if (!Number.isFinite(percentage) || percentage < 0 || percentage > 100) {
      throw new Error(`failureTolerance: percentage must be between 0 and 100, got ${percentage}`);
    }
    return new FailureTolerance(`percentage:${percentage}`);
  }

  private constructor(
    /** The form the Plan handler reads from its FAILURE_TOLERANCE variable. */
    public readonly setting: string,
  ) {}
}
