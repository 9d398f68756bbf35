import { isDeepStrictEqual } from 'node:util';
import { RoleSessions } from '../../lambda/role-sessions';
import { AwsError } from '../../protocols/aws-error';
import { ExecutionRequestError, StateMachineEngine, type ExecutionDescription, type ExecutionStats, type ExecutionResult, type HistoryEvent, type MapRunRecord } from '../../stepfunctions';
import { realSleep } from '../../stepfunctions/interruptible';
import type { CloudContext } from '../service';
import { portsFor } from './ports';
import { requireStateMachine, stateMachineArnOf, type StateMachineRecord } from './state-machines';
import { fromStored, mapRunFromStored, toStored, toStoredMapRun, type StoredExecution } from './stored';

export interface ExecutionsOptions {
  readonly endpoint: () => string;
  /** Keep every event for GetExecutionHistory. @default true */
  readonly recordHistory?: boolean;
  /**
   * Wait states and Retry intervals sleep this share of their time, so a demo or a test of a
   * worker that polls every few seconds need not take minutes. @default 1
   */
  readonly waitScale?: number;
}

const EXECUTIONS = 'sfn-executions';
const HISTORY_BLOBS = 'sfn-history';
/** The cause an execution carries when the cloud stopped under it. */
export const STOPPED_CAUSE = 'The local cloud stopped while this execution was running; start a new execution to run it again.';

/**
 * Runs and remembers executions: one engine per state machine (its ports act as that machine's
 * role), top-level executions persisted when they start and again when they end, with their
 * history and Map Runs. Child executions of a Distributed Map live only as long as the process.
 */
export class Executions {
  private readonly engines = new Map<string, StateMachineEngine>();
  private readonly sessions: RoleSessions;
  private readonly writes = new Set<Promise<void>>();
  /** Top-level executions started by this process: resolves once the ended one is on disk. */
  private readonly ending = new Map<string, Promise<void>>();
  private readonly ready: Promise<void>;
  private closed = false;

  public constructor(
    private readonly cloud: CloudContext,
    private readonly options: ExecutionsOptions,
  ) {
    this.sessions = new RoleSessions(cloud, 'states.amazonaws.com');
    this.ready = this.abortInterrupted();
  }

  public async start(machine: StateMachineRecord, input: unknown, name: string | undefined): Promise<{ executionArn: string; startDate: Date }> {
    await this.ready;
    if (name !== undefined) {
      const executionArn = `arn:aws:states:${machine.region}:${machine.accountId}:execution:${machine.name}:${name}`;
      const existing = await this.describe(executionArn);
      if (existing) {
        // StartExecution is idempotent for a running execution started with the same input.
        if (existing.status === 'RUNNING' && isDeepStrictEqual(existing.input, input)) return { executionArn, startDate: existing.startDate };
        throw new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`, 400);
      }
    }
    let started;
    try {
      started = this.engineFor(machine).start(machine.definition, input, { stateMachineArn: machine.stateMachineArn, ...(name === undefined ? {} : { name }) });
    } catch (error) {
      if (error instanceof ExecutionRequestError) throw new AwsError(error.code, error.message, 400);
      throw error;
    }
    const record: StoredExecution = {
      executionArn: started.executionArn,
      stateMachineArn: machine.stateMachineArn,
      name: started.name,
      status: 'RUNNING',
      input,
      startDate: started.startDate.toISOString(),
    };
    await this.cloud.store.namespace<StoredExecution>(EXECUTIONS).put(started.executionArn, record);
    // Tracked once it ended, so closing the cloud never waits for an execution still running.
    const persisted = started.done.then((result) => {
      const write = this.persistEnd(record, result);
      this.track(write);
      return write;
    });
    this.ending.set(started.executionArn, persisted.catch(() => undefined));
    return { executionArn: started.executionArn, startDate: started.startDate };
  }

  public async describe(executionArn: string): Promise<ExecutionDescription | undefined> {
    await this.ready;
    const live = this.engineOf(executionArn)?.describeExecution(executionArn);
    if (live) return live;
    const stored = await this.cloud.store.namespace<StoredExecution>(EXECUTIONS).get(executionArn);
    return stored && fromStored(stored);
  }

  /** Top-level executions of a state machine, or the children of a Map Run, newest first. */
  public async list(filter: { stateMachineArn?: string; mapRunArn?: string }): Promise<ExecutionDescription[]> {
    await this.ready;
    if (filter.mapRunArn !== undefined) {
      return this.engineOf(filter.mapRunArn.replace(':mapRun:', ':execution:'))?.listExecutions({ mapRunArn: filter.mapRunArn }) ?? [];
    }
    const byArn = new Map<string, ExecutionDescription>();
    for (const [arn, stored] of await this.cloud.store.namespace<StoredExecution>(EXECUTIONS).entries()) {
      if (stored.stateMachineArn === filter.stateMachineArn) byArn.set(arn, fromStored(stored));
    }
    const engine = filter.stateMachineArn === undefined ? undefined : this.engines.get(filter.stateMachineArn);
    for (const live of engine?.listExecutions({ stateMachineArn: filter.stateMachineArn }) ?? []) byArn.set(live.executionArn, live);
    return [...byArn.values()].sort((a, b) => b.startDate.getTime() - a.startDate.getTime() || b.executionArn.localeCompare(a.executionArn));
  }

  public async history(executionArn: string): Promise<readonly HistoryEvent[] | undefined> {
    await this.ready;
    const engine = this.engineOf(executionArn);
    if (engine?.describeExecution(executionArn)) return engine.getExecutionHistory(executionArn);
    if (!(await this.cloud.store.namespace<StoredExecution>(EXECUTIONS).get(executionArn))) return undefined;
    const blob = await this.cloud.store.getBlob(HISTORY_BLOBS, executionArn);
    if (!blob) return [];
    return (JSON.parse(blob.toString('utf8')) as Array<HistoryEvent & { timestamp: string }>).map((event) => ({ ...event, timestamp: new Date(event.timestamp) }));
  }

  /** The engine's counts for an execution that ended (transitions, history, payloads); undefined before. */
  public async stats(executionArn: string): Promise<ExecutionStats | undefined> {
    await this.ready;
    const live = this.engineOf(executionArn)?.describeExecution(executionArn);
    if (live?.status === 'RUNNING') return undefined;
    await this.ending.get(executionArn);
    return (await this.cloud.store.namespace<StoredExecution>(EXECUTIONS).get(executionArn))?.stats;
  }

  /** True when it was running and is now stopping; false when it had already ended. */
  public async stop(executionArn: string, details: { error?: string; cause?: string }): Promise<boolean> {
    await this.ready;
    return this.engineOf(executionArn)?.stopExecution(executionArn, details) ?? false;
  }

  public async mapRun(mapRunArn: string): Promise<MapRunRecord | undefined> {
    await this.ready;
    const live = this.engineOf(mapRunArn.replace(':mapRun:', ':execution:'))?.describeMapRun(mapRunArn);
    if (live) return live;
    for (const [, stored] of await this.cloud.store.namespace<StoredExecution>(EXECUTIONS).entries()) {
      const found = stored.mapRuns?.find((run) => run.mapRunArn === mapRunArn);
      if (found) return mapRunFromStored(found);
    }
    return undefined;
  }

  public async mapRuns(executionArn: string): Promise<MapRunRecord[]> {
    await this.ready;
    const engine = this.engineOf(executionArn);
    if (engine?.describeExecution(executionArn)) return engine.listMapRuns(executionArn);
    const stored = await this.cloud.store.namespace<StoredExecution>(EXECUTIONS).get(executionArn);
    return (stored?.mapRuns ?? []).map(mapRunFromStored);
  }

  /**
   * Stops recording and halts the executions still running, leaving them RUNNING on disk as if
   * the process had ended, so the next cloud on this state folder marks them ABORTED.
   */
  public async close(): Promise<void> {
    await Promise.all([...this.writes]);
    this.closed = true;
    for (const [stateMachineArn, engine] of this.engines) {
      for (const running of engine.listExecutions({ stateMachineArn, status: 'RUNNING' })) engine.stopExecution(running.executionArn);
    }
  }

  private engineFor(machine: StateMachineRecord): StateMachineEngine {
    let engine = this.engines.get(machine.stateMachineArn);
    if (!engine) {
      engine = new StateMachineEngine({
        ports: portsFor({
          cloud: this.cloud,
          sessions: this.sessions,
          endpoint: this.options.endpoint,
          current: async () => (await requireStateMachine(this.cloud, machine.stateMachineArn).catch(() => undefined)) ?? machine,
        }),
        now: this.cloud.now,
        recordHistory: this.options.recordHistory ?? true,
        ...(this.options.waitScale !== undefined && this.options.waitScale !== 1 ? { sleep: scaledSleep(this.options.waitScale) } : {}),
        region: machine.region,
        accountId: machine.accountId,
      });
      this.engines.set(machine.stateMachineArn, engine);
    }
    return engine;
  }

  /** The engine of the state machine an execution, child execution or Map Run ARN belongs to. */
  private engineOf(executionArn: string): StateMachineEngine | undefined {
    const match = /^arn:aws:states:([a-z0-9-]+):(\d{12}):execution:([^:/]+)(?:\/[^:]+)?:[^:]+$/.exec(executionArn);
    return match ? this.engines.get(stateMachineArnOf(match[2] as string, match[1] as string, match[3] as string)) : undefined;
  }

  private async persistEnd(record: StoredExecution, result: ExecutionResult): Promise<void> {
    if (this.closed) return;
    const engine = this.engineOf(record.executionArn);
    const events = engine?.describeExecution(record.executionArn) ? safeHistory(engine, record.executionArn) : undefined;
    const mapRuns = engine?.listMapRuns(record.executionArn) ?? [];
    if (events) await this.cloud.store.putBlob(HISTORY_BLOBS, record.executionArn, Buffer.from(JSON.stringify(events)));
    await this.cloud.store.namespace<StoredExecution>(EXECUTIONS).put(record.executionArn, toStored(record, result, events?.length ?? result.stats.historyEvents, mapRuns.map(toStoredMapRun)));
  }

  private track(write: Promise<void>): void {
    const tracked = write.catch(() => undefined).finally(() => this.writes.delete(tracked));
    this.writes.add(tracked);
  }

  /** Executions the last process left RUNNING can never end: they are ABORTED, saying why. */
  private async abortInterrupted(): Promise<void> {
    const executions = this.cloud.store.namespace<StoredExecution>(EXECUTIONS);
    const stopDate = this.cloud.now().toISOString();
    for (const [arn, stored] of await executions.entries()) {
      if (stored.status === 'RUNNING') await executions.put(arn, { ...stored, status: 'ABORTED', cause: STOPPED_CAUSE, stopDate });
    }
  }
}

function safeHistory(engine: StateMachineEngine, executionArn: string): readonly HistoryEvent[] | undefined {
  try {
    return engine.getExecutionHistory(executionArn);
  } catch {
    return undefined;
  }
}

const registry = new WeakMap<CloudContext, Executions>();

export function registerExecutions(cloud: CloudContext, executions: Executions): void {
  registry.set(cloud, executions);
}

/** The engine's counts for a top-level execution of the cloud once it ended; undefined while it runs. */
export async function executionStats(cloud: CloudContext, executionArn: string): Promise<ExecutionStats | undefined> {
  return registry.get(cloud)?.stats(executionArn);
}

/** Stops recording executions of a cloud (before closing it; see Executions.close). */
export async function stopStepFunctions(cloud: CloudContext): Promise<void> {
  await registry.get(cloud)?.close();
}

function scaledSleep(scale: number): (ms: number, signal?: AbortSignal) => Promise<void> {
  return (ms, signal) => realSleep(ms * scale, signal);
}
