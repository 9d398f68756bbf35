import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { Outcomes, type Outcome } from '../orchestrator/contract';
import type { ExecutionSummary } from '../orchestrator/summary/types';
import type { ProgressCounts } from './run-files';

/** Bumped only when a field is removed or changes meaning; new fields may appear in any version. */
export const REPORT_SCHEMA_VERSION = 1;

export interface ReportTarget {
  readonly accountId: string;
  readonly accountName: string;
  readonly region: string;
  readonly outcome: Outcome;
  readonly error?: string;
  readonly cause?: string;
  /** `s3://bucket/key` of the worker's result object, when it wrote one. */
  readonly result?: string;
}

export interface ReportFailureGroup {
  readonly outcome: Outcome;
  readonly error: string;
  readonly cause: string;
  readonly count: number;
  readonly targets: ReadonlyArray<{ readonly accountId: string; readonly accountName: string; readonly region: string }>;
}

export interface ReportSummary {
  readonly function: string;
  readonly qualifier: string;
  readonly targetCount: number;
  /** Every outcome, zero included. */
  readonly counts: Record<Outcome, number>;
  readonly tolerance: { readonly count?: number; readonly percentage?: number };
  readonly toleranceExceeded: boolean;
  /** Largest group first. */
  readonly failures: ReportFailureGroup[];
  /** Sorted by account name, account id, region. */
  readonly targets: ReportTarget[];
  readonly warnings: string[];
}

/** What `status --json` and `results --json` print: see cli/README.md. */
export interface ExecutionReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly execution: {
    readonly arn: string;
    readonly name: string;
    readonly status: string;
    readonly startedAt?: string;
    readonly stoppedAt?: string;
    readonly error?: string;
    readonly cause?: string;
  };
  /** Present while the execution runs and the results bucket is known. */
  readonly progress?: { readonly total?: number; readonly done: number; readonly failed?: number };
  /** Null until summary.json exists. */
  readonly summary: ReportSummary | null;
  readonly locations: { readonly bucket?: string; readonly results?: string; readonly summary?: string };
}

export interface ReportParts {
  readonly execution: DescribeExecutionCommandOutput;
  readonly summary?: ExecutionSummary;
  readonly progress?: ProgressCounts;
  readonly bucket?: string;
  readonly prefix?: string;
  readonly summaryKey?: string;
}

const s3 = (bucket: string | undefined, key: string | undefined) => (bucket && key ? `s3://${bucket}/${key}` : undefined);

function byPlace<T extends { accountName: string; accountId: string; region: string }>(a: T, b: T): number {
  return a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

function reportSummary(summary: ExecutionSummary, bucket: string | undefined): ReportSummary {
  const counts = Object.fromEntries(Object.values(Outcomes).map((o) => [o, summary.Counts[o] ?? 0])) as Record<Outcome, number>;
  return {
    function: summary.Function,
    qualifier: summary.Qualifier,
    targetCount: summary.TargetCount,
    counts,
    tolerance: { ...optional('count', summary.Tolerance.Count), ...optional('percentage', summary.Tolerance.Percentage) },
    toleranceExceeded: summary.ToleranceExceeded,
    failures: [...summary.Failures]
      .sort((a, b) => b.Count - a.Count)
      .map((group) => ({
        outcome: group.Outcome,
        error: group.Error,
        cause: group.Cause,
        count: group.Count,
        targets: group.Targets.map((t) => ({ accountId: t.AccountId, accountName: t.AccountName, region: t.Region })),
      })),
    targets: summary.Targets.map(
      (t): ReportTarget => ({
        accountId: t.AccountId,
        accountName: t.AccountName,
        region: t.Region,
        outcome: t.Outcome,
        ...optional('error', t.Error),
        ...optional('cause', t.Cause),
        ...optional('result', s3(bucket, t.ResultKey)),
      }),
    ).sort(byPlace),
    warnings: summary.Warnings ?? [],
  };
}

/** The stable shape of an execution for scripts: see `ExecutionReport`. */
export function buildReport(parts: ReportParts): ExecutionReport {
  const e = parts.execution;
  const running = e.status === 'RUNNING';
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    execution: {
      arn: e.executionArn ?? '',
      name: e.name ?? '',
      status: e.status ?? 'UNKNOWN',
      ...optional('startedAt', e.startDate?.toISOString()),
      ...optional('stoppedAt', e.stopDate?.toISOString()),
      ...optional('error', e.error),
      ...optional('cause', e.cause),
    },
    ...(running && parts.progress
      ? {
          progress: {
            ...optional('total', parts.progress.total),
            done: parts.progress.done,
            ...optional('failed', parts.progress.failed),
          },
        }
      : {}),
    summary: parts.summary ? reportSummary(parts.summary, parts.bucket) : null,
    locations: {
      ...optional('bucket', parts.bucket),
      ...optional('results', parts.prefix && parts.bucket ? `s3://${parts.bucket}/${parts.prefix}/` : undefined),
      ...optional('summary', s3(parts.bucket, parts.summaryKey)),
    },
  };
}
