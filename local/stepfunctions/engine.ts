import { randomUUID } from 'crypto';
import { ExecutionInterrupted, ExecutionRequestError } from './errors';
import { createRecord, execute } from './execution';
import { realSleep } from './interruptible';
import { MAX_HISTORY_EVENTS, type HistoryEvent } from './history';
import { runStates } from './interpreter';
import { RESULT_FILE_MAX_BYTES } from './result-writer';
import type { EnginePorts, ExecutionRecord, ExecutionStats, ExecutionStatus, MapRunRecord, Runtime } from './runtime';
import { validateDefinition } from './validate';

export interface EngineOptions {
  ports: EnginePorts;
  /**
   * How Wait states and Retry intervals sleep; tests pass a fast or virtual clock. Default: real
   * setTimeout. `signal` aborts when the execution is stopped; a sleep may ignore it.
   */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  now?(): Date;
  /** Jitter and States.MathRandom; injectable for determinism. */
  random?(): number;
  /** Keep full events for getExecutionHistory. Default false: only counts are kept. */
  recordHistory?: boolean;
  /** Used for Map Run and child ARNs when the state machine ARN does not say. */
  region?: string;
  accountId?: string;
  /** @default 25,000, AWS's quota */
  maxHistoryEvents?: number;
  /** Iterations at once of an inline Map with MaxConcurrency 0. @default 40 */
  inlineMapConcurrencyCap?: number;
  /** Child executions at once of a Distributed Map with MaxConcurrency 0. @default 1,000 */
  distributedMapConcurrencyCap?: number;
  /** Size at which a ResultWriter file is split. @default 5 GiB, as AWS */
  resultFileMaxBytes?: number;
}

export interface ExecutionResult {
  executionArn: string;
  name: string;
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate: Date;
  stats: ExecutionStats;
}

/** What DescribeExecution needs, for top-level and child executions alike. */
export interface ExecutionDescription {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  /** Set for child executions of a Distributed Map. */
  mapRunArn?: string;
  historyEventCount: number;
}

export interface StartedExecution {
  executionArn: string;
  name: string;
  startDate: Date;
  /** Resolves when the execution ends; never rejects. */
  done: Promise<ExecutionResult>;
}

const STATE_MACHINE_ARN = /^arn:([\w-]+):states:([a-z0-9-]+):(\d{12}):stateMachine:([^:/\s]+)$/;
/** Characters AWS refuses in execution names. */
const BAD_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/**
 * Runs JSONPath state machines in process, as Step Functions would, for tests, the local
 * cloud and the benchmark. One engine keeps every execution and Map Run it ran, for the
 * Describe/List/History calls the local cloud answers.
 */
export class StateMachineEngine {
  private readonly runtime: Runtime;

  public constructor(options: EngineOptions) {
    this.runtime = {
      ports: options.ports,
      sleep: options.sleep ?? realSleep,
      now: options.now ?? (() => new Date()),
      random: options.random ?? Math.random,
      recordHistory: options.recordHistory ?? false,
      maxHistoryEvents: options.maxHistoryEvents ?? MAX_HISTORY_EVENTS,
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '000000000000',
      inlineMapConcurrencyCap: options.inlineMapConcurrencyCap ?? 40,
      distributedMapConcurrencyCap: options.distributedMapConcurrencyCap ?? 1_000,
      resultFileMaxBytes: options.resultFileMaxBytes ?? RESULT_FILE_MAX_BYTES,
      executions: new Map(),
      mapRuns: new Map(),
    };
  }

  /**
   * Validates the definition and the request, registers the execution and starts it.
   * Throws InvalidDefinitionError or ExecutionRequestError; ASL failures are in `done`.
   */
  public start(definition: string | object, input: unknown, opts: { stateMachineArn: string; name?: string }): StartedExecution {
    const machine = validateDefinition(definition);
    const arn = STATE_MACHINE_ARN.exec(opts.stateMachineArn);
    if (!arn) {
      throw new ExecutionRequestError('InvalidArn', 'stateMachineArn', `must look like arn:aws:states:<region>:<12-digit account>:stateMachine:<name>, got ${JSON.stringify(opts.stateMachineArn)}`);
    }
    const [, partition, region, accountId, smName] = arn;
    const name = opts.name ?? randomUUID();
    if (name.length < 1 || name.length > 80 || BAD_NAME.test(name)) {
      throw new ExecutionRequestError('InvalidName', 'name', `must be 1 to 80 characters without whitespace, brackets, wildcards or punctuation such as : / $ &, got ${JSON.stringify(name)}`);
    }
    const executionArn = `arn:${partition}:states:${region}:${accountId}:execution:${smName}:${name}`;
    if (this.runtime.executions.has(executionArn)) {
      throw new ExecutionRequestError('ExecutionAlreadyExists', 'name', `an execution named ${name} already exists for ${opts.stateMachineArn}; choose another name`);
    }
    // Map Run and child ARNs must sit in the state machine's own region and account.
    const runtime: Runtime = { ...this.runtime, region, accountId };
    const record = createRecord(runtime, { executionArn, name, stateMachineArn: opts.stateMachineArn, input: input === undefined ? {} : input });
    const stats: ExecutionStats = { stateTransitions: 0, historyEvents: 0, maxHistoryEventsOfAnyExecution: 0, largestPayloadBytes: 0, childExecutions: 0, mapRuns: 0 };
    const done = execute(runtime, record, machine, stats, runStates).then((ended) => {
      stats.historyEvents = ended.history.count;
      return {
        executionArn,
        name,
        status: ended.status as ExecutionResult['status'],
        output: ended.output,
        error: ended.error,
        cause: ended.cause,
        startDate: ended.startDate,
        stopDate: ended.stopDate as Date,
        stats,
      };
    });
    return { executionArn, name, startDate: record.startDate, done };
  }

  /** Starts an execution and resolves when it ends (never rejects for ASL failures: they are in the result). */
  public run(definition: string | object, input: unknown, opts: { stateMachineArn: string; name?: string }): Promise<ExecutionResult> {
    try {
      return this.start(definition, input, opts).done;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  public describeExecution(executionArn: string): ExecutionDescription | undefined {
    const record = this.runtime.executions.get(executionArn);
    return record && describe(record);
  }

  /** Executions, newest first, optionally of one state machine, one Map Run or one status. */
  public listExecutions(filter: { stateMachineArn?: string; mapRunArn?: string; status?: ExecutionStatus } = {}): ExecutionDescription[] {
    const found: ExecutionDescription[] = [];
    for (const record of this.runtime.executions.values()) {
      if (filter.stateMachineArn !== undefined && record.stateMachineArn !== filter.stateMachineArn) continue;
      if (filter.mapRunArn !== undefined && record.mapRunArn !== filter.mapRunArn) continue;
      if (filter.mapRunArn === undefined && record.mapRunArn !== undefined && filter.stateMachineArn !== record.stateMachineArn) continue;
      if (filter.status !== undefined && record.status !== filter.status) continue;
      found.push(describe(record));
    }
    return found.reverse();
  }

  /**
   * The execution's events, oldest first. Undefined for an unknown ARN; throws when the
   * engine was created without `recordHistory`, since then only counts were kept.
   */
  public getExecutionHistory(executionArn: string): readonly HistoryEvent[] | undefined {
    const record = this.runtime.executions.get(executionArn);
    if (!record) return undefined;
    if (!record.history.events) throw new Error('history events were not kept: create the engine with recordHistory: true to read them');
    return record.history.events;
  }

  public describeMapRun(mapRunArn: string): MapRunRecord | undefined {
    const run = this.runtime.mapRuns.get(mapRunArn);
    return run && structuredClone(run);
  }

  public listMapRuns(executionArn: string): MapRunRecord[] {
    return [...this.runtime.mapRuns.values()].filter((run) => run.executionArn === executionArn).map((run) => structuredClone(run));
  }

  /**
   * Stops a running execution (and its Parallel branches, Map iterations and child
   * executions) at its next state transition. False when it is unknown or already ended.
   */
  public stopExecution(executionArn: string, details: { error?: string; cause?: string } = {}): boolean {
    const record = this.runtime.executions.get(executionArn);
    if (!record || record.status !== 'RUNNING') return false;
    record.cancel.interrupt(new ExecutionInterrupted('ABORTED', details.error, details.cause));
    return true;
  }
}

function describe(record: ExecutionRecord): ExecutionDescription {
  return {
    executionArn: record.executionArn,
    name: record.name,
    stateMachineArn: record.stateMachineArn,
    status: record.status,
    startDate: record.startDate,
    stopDate: record.stopDate,
    input: record.input,
    output: record.output,
    error: record.error,
    cause: record.cause,
    mapRunArn: record.mapRunArn,
    historyEventCount: record.history.count,
  };
}
