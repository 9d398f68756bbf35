import type { AccountResult, Outcome, TargetLink } from '../contract';

/** The final outcome of one planned (account, region), as waves and the summary record it. */
export interface TargetOutcome {
  readonly AccountId: string;
  readonly AccountName: string;
  readonly Region: string;
  readonly Outcome: Outcome;
  readonly Error?: string;
  readonly Cause?: string;
  /** Where the worker wrote its JSON result, when it did. */
  readonly ResultKey?: string;
  /** What the worker acted on, for people. */
  readonly Link?: TargetLink;
}

/** What the Distributed Map state outputs when its ResultWriter exported the child results. */
export interface MapRunOutput {
  readonly MapRunArn: string;
  readonly ResultWriterDetails: { readonly Bucket: string; readonly Key: string };
}

/** What a Catch on the Distributed Map records when the Map failed as a whole. */
export interface MapRunFailure {
  readonly Error: string;
  readonly Cause?: string;
}

/**
 * One child execution of the Distributed Map, reduced to what the tally needs. The account
 * comes from the child's output when it succeeded, else from its input.
 */
export interface ChildResult {
  /** Child execution status as the ResultWriter reports it (SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING, …). */
  readonly Status: string;
  readonly AccountId?: string;
  readonly Output?: AccountResult;
  readonly Error?: string;
  readonly Cause?: string;
  /** Milliseconds since the epoch; absent while the child has not stopped. */
  readonly StopTime?: number;
  readonly ExecutionArn?: string;
}

export type OutcomeCounts = Record<Outcome, number>;

export interface FailureGroup {
  readonly Outcome: Outcome;
  readonly Error: string;
  readonly Cause: string;
  readonly Count: number;
  readonly Targets: Array<{ readonly AccountId: string; readonly AccountName: string; readonly Region: string; readonly Link?: TargetLink }>;
}

/** The tolerance as the plan carries it: exactly one of the two is expected. */
export interface ToleranceSetting {
  readonly Count?: number;
  readonly Percentage?: number;
}

/** summary.json */
export interface ExecutionSummary {
  readonly ExecutionId: string;
  readonly Function: string;
  readonly Qualifier: string;
  readonly StartedAt?: string;
  readonly FinishedAt: string;
  readonly Tolerance: ToleranceSetting;
  readonly ToleranceExceeded: boolean;
  readonly Counts: OutcomeCounts;
  readonly TargetCount: number;
  readonly Failures: FailureGroup[];
  readonly Warnings?: string[];
  readonly Targets: TargetOutcome[];
}

/** What the Summarise task answers the state machine with. */
export interface SummariseResult {
  readonly ToleranceExceeded: boolean;
  /** One line, used as the Fail state's cause. */
  readonly Message: string;
  readonly SummaryKey: string;
  readonly Counts: OutcomeCounts;
}
