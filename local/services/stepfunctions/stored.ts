import type { ExecutionDescription, ExecutionResult, ExecutionStats, ExecutionStatus, ItemCounts, MapRunRecord } from '../../stepfunctions';

/** A Map Run as kept on disk (dates as ISO-8601). */
export interface StoredMapRun {
  readonly mapRunArn: string;
  readonly executionArn: string;
  readonly status: MapRunRecord['status'];
  readonly startDate: string;
  readonly stopDate?: string;
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number;
  readonly toleratedFailurePercentage: number;
  readonly itemCounts: ItemCounts;
  readonly executionCounts: ItemCounts;
}

/** A top-level execution as kept on disk: written when it starts and again when it ends. */
export interface StoredExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly historyEventCount?: number;
  readonly mapRuns?: readonly StoredMapRun[];
  /** What the engine counted over the execution and its child executions, once it ended. */
  readonly stats?: ExecutionStats;
}

export function toStored(started: StoredExecution, result: ExecutionResult, historyEventCount: number, mapRuns: StoredMapRun[]): StoredExecution {
  return {
    ...started,
    status: result.status,
    ...(result.output === undefined ? {} : { output: result.output }),
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.cause === undefined ? {} : { cause: result.cause }),
    stopDate: result.stopDate.toISOString(),
    historyEventCount,
    mapRuns,
    stats: { ...result.stats },
  };
}

export function fromStored(stored: StoredExecution): ExecutionDescription {
  return {
    executionArn: stored.executionArn,
    name: stored.name,
    stateMachineArn: stored.stateMachineArn,
    status: stored.status,
    startDate: new Date(stored.startDate),
    ...(stored.stopDate === undefined ? {} : { stopDate: new Date(stored.stopDate) }),
    input: stored.input,
    ...(stored.output === undefined ? {} : { output: stored.output }),
    ...(stored.error === undefined ? {} : { error: stored.error }),
    ...(stored.cause === undefined ? {} : { cause: stored.cause }),
    historyEventCount: stored.historyEventCount ?? 0,
  };
}

export function toStoredMapRun(run: MapRunRecord): StoredMapRun {
  const { startDate, stopDate, ...rest } = run;
  return { ...rest, startDate: startDate.toISOString(), ...(stopDate === undefined ? {} : { stopDate: stopDate.toISOString() }) };
}

export function mapRunFromStored(run: StoredMapRun): MapRunRecord {
  const { startDate, stopDate, ...rest } = run;
  return {
    ...rest,
    itemCounts: { ...run.itemCounts },
    executionCounts: { ...run.executionCounts },
    startDate: new Date(startDate),
    ...(stopDate === undefined ? {} : { stopDate: new Date(stopDate) }),
  };
}
