import type { Outcome } from './outcomes';

/** One item of a wave manifest: an account and the regions to run there. */
export interface AccountItem {
  readonly AccountId: string;
  readonly AccountName: string;
  readonly Regions: string[];
  /**
   * The OUs containing the account, innermost first, ending with the root id; the planner
   * writes it (empty unless the input sets `IncludeOrganizationalUnitIds`) and the worker
   * receives it as `WorkerEvent.OrganizationalUnitIds`.
   */
  readonly OrganizationalUnitIds?: string[];
}

/** A target that will not run, recorded by the planner so the summary accounts for it. */
export interface SkippedTarget {
  readonly AccountId: string;
  readonly AccountName: string;
  readonly Region: string;
  readonly Outcome: Outcome;
  readonly Reason: string;
}

/** Settings every account item shares, passed to the Distributed Map's ItemSelector. */
export interface RunContext {
  /** Execution ARN (`$$.Execution.Id`). */
  readonly ExecutionId: string;
  /** Execution name, the last part of the ARN: the results key segment. */
  readonly ExecutionName: string;
  /** Worker function name (never an ARN) and qualifier, split from the input's `Function`. */
  readonly FunctionName: string;
  readonly Qualifier: string;
  /** What `lambda:invoke` is given: `name` or `name:qualifier`. */
  readonly FunctionTarget: string;
  readonly RoleName: string;
  readonly Payload: unknown;
  /** Results bucket and the key prefix of this execution: `StepEverywhere/{Function}/{Qualifier}/{ExecutionName}`. */
  readonly Bucket: string;
  readonly Prefix: string;
  /** Poll bound for workers that answer IN_PROGRESS. */
  readonly MaxPolls: number;
}

export interface WavePlan {
  readonly Index: number;
  readonly ManifestKey: string;
  readonly AccountCount: number;
  readonly TargetCount: number;
}

/** The Plan step's output, kept at `$.Plan`. Small by design: lists live in S3. */
export interface PlanOutput {
  readonly Context: RunContext;
  readonly Waves: WavePlan[];
  readonly WaveCount: number;
  readonly MaxConcurrency: number;
  readonly Tolerance: { readonly Count?: number; readonly Percentage?: number };
  /** Total targets, including SKIPPED ones. */
  readonly TargetCount: number;
  /** Key of the JSON array of SkippedTarget. */
  readonly SkippedKey: string;
  /** Email the summary when every target succeeded too; absent means only when a target failed or was cancelled. */
  readonly NotifyOnSuccess?: boolean;
}

/** Running totals carried between waves at `$.Progress`. */
export interface WaveProgress {
  /** Index of the next wave to run. */
  readonly NextWave: number;
  /** Manifest of the next wave, for the Distributed Map's ItemReader. */
  readonly ManifestKey: string;
  /** Targets attempted so far (not SKIPPED, not CANCELLED). */
  readonly Attempted: number;
  /** Targets with a failure outcome so far. */
  readonly Failed: number;
  /** True once a wave broke the tolerance or no wave is left: no further wave starts. */
  readonly Stop: boolean;
}

/** The Plan handler's answer; the state machine keeps it as `{Plan, Progress}`. */
export interface PlanResult {
  readonly Plan: PlanOutput;
  readonly Progress: WaveProgress;
}
