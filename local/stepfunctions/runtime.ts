import { ExecutionInterrupted } from './errors';
import type { History } from './history';

/** What the engine calls out to: Lambda, any other Task resource, and S3 for the Distributed Map. */
export interface EnginePorts {
  invokeLambda(
    functionName: string,
    payload: unknown,
    qualifier?: string,
  ): Promise<{ payload?: unknown; functionError?: { errorType: string; errorMessage: string; trace?: string[] }; executedVersion?: string }>;
  invokeResource?(resource: string, parameters: unknown): Promise<unknown>;
  s3: {
    getObject(bucket: string, key: string): Promise<string>;
    putObject(bucket: string, key: string, body: string): Promise<void>;
  };
}

export interface ExecutionStats {
  /** States entered, over the execution and all its child executions. */
  stateTransitions: number;
  /** Events in the top-level execution's history. */
  historyEvents: number;
  maxHistoryEventsOfAnyExecution: number;
  largestPayloadBytes: number;
  childExecutions: number;
  mapRuns: number;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What the engine keeps about every execution (top-level or Distributed Map child). */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly startDate: Date;
  readonly input: unknown;
  /** Set for the child executions a Map Run started. */
  readonly mapRunArn?: string;
  status: ExecutionStatus;
  stopDate?: Date;
  output?: unknown;
  error?: string;
  cause?: string;
  history: History;
  /** Lets StopExecution interrupt the running execution. */
  readonly cancel: Cancellation;
}

export interface ItemCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
}

/** A Map Run, shaped as DescribeMapRun answers (dates as Date). */
export interface MapRunRecord {
  readonly mapRunArn: string;
  readonly executionArn: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  readonly startDate: Date;
  stopDate?: Date;
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number;
  readonly toleratedFailurePercentage: number;
  readonly itemCounts: ItemCounts;
  readonly executionCounts: ItemCounts;
}

/** Engine-wide services every execution shares. */
export interface Runtime {
  readonly ports: EnginePorts;
  /** Resolves after `ms`, or earlier once `signal` aborts (a sleep may ignore it). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): Date;
  random(): number;
  readonly recordHistory: boolean;
  readonly maxHistoryEvents: number;
  readonly region: string;
  readonly accountId: string;
  /** Concurrency used when a Map says 0 (no limit). */
  readonly inlineMapConcurrencyCap: number;
  readonly distributedMapConcurrencyCap: number;
  /** Size at which a ResultWriter file is split. */
  readonly resultFileMaxBytes: number;
  readonly executions: Map<string, ExecutionRecord>;
  readonly mapRuns: Map<string, MapRunRecord>;
}

/**
 * A stop signal that flows down: stopping an execution stops its Parallel branches and Map
 * iterations; a failed branch stops only its siblings.
 */
export class Cancellation {
  private reason: ExecutionInterrupted | undefined;
  /** Only the waits in progress listen, so 17,000 idle children cost no listeners. */
  private listeners: Set<(reason: ExecutionInterrupted) => void> | undefined;

  public constructor(private readonly parent?: Cancellation) {}

  public get interrupted(): ExecutionInterrupted | undefined {
    return this.reason ?? this.parent?.interrupted;
  }

  public interrupt(reason: ExecutionInterrupted): void {
    if (this.reason) return;
    this.reason = reason;
    if (this.listeners) for (const listener of [...this.listeners]) listener(reason);
  }

  /**
   * Calls `listener` once when this signal or any signal above it is interrupted (at once
   * if one already is); returns the function that stops listening.
   */
  public onInterrupt(listener: (reason: ExecutionInterrupted) => void): () => void {
    const now = this.interrupted;
    if (now) {
      listener(now);
      return () => undefined;
    }
    const chain: Cancellation[] = [];
    for (let c: Cancellation | undefined = this; c; c = c.parent) chain.push(c);
    const off = () => {
      for (const c of chain) c.listeners?.delete(once);
    };
    const once = (reason: ExecutionInterrupted) => {
      off();
      listener(reason);
    };
    for (const c of chain) (c.listeners ??= new Set()).add(once);
    return off;
  }

  public check(): void {
    const reason = this.interrupted;
    if (reason) throw reason;
  }
}

/** One running execution: its record, its history and what `$$.Execution` answers. */
export interface ExecutionScope {
  readonly runtime: Runtime;
  readonly record: ExecutionRecord;
  readonly stats: ExecutionStats;
  readonly context: {
    readonly Execution: { readonly Id: string; readonly Name: string; readonly StartTime: string; readonly Input: unknown };
    readonly StateMachine: { readonly Id: string; readonly Name: string };
  };
  /** Epoch ms after which the execution times out (TimeoutSeconds), if any. */
  readonly deadline?: number;
}
