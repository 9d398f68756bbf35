import { ExecutionInterrupted, toStatesError } from './errors';
import { History } from './history';
import { checkPayload } from './payload';
import { Cancellation, type ExecutionRecord, type ExecutionScope, type ExecutionStats, type Runtime } from './runtime';
import type { StateMachineDefinition } from './types';
import type { RunStates } from './composite';

export interface ExecutionSpec {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly input: unknown;
  readonly mapRunArn?: string;
  /** A Map Run's signal, so a broken tolerance or a stopped parent stops its children. */
  readonly parentCancel?: Cancellation;
}

/** Registers a RUNNING execution so Describe/List/Stop can see it while it runs. */
export function createRecord(runtime: Runtime, spec: ExecutionSpec): ExecutionRecord {
  const record: ExecutionRecord = {
    executionArn: spec.executionArn,
    name: spec.name,
    stateMachineArn: spec.stateMachineArn,
    startDate: runtime.now(),
    input: spec.input,
    mapRunArn: spec.mapRunArn,
    status: 'RUNNING',
    history: new History(runtime.maxHistoryEvents, runtime.now, runtime.recordHistory),
    cancel: new Cancellation(spec.parentCancel),
  };
  runtime.executions.set(record.executionArn, record);
  return record;
}

/**
 * Runs an execution to its end and records how it ended. Never throws: every failure
 * becomes the record's status, error and cause.
 */
export async function execute(
  runtime: Runtime,
  record: ExecutionRecord,
  machine: StateMachineDefinition,
  stats: ExecutionStats,
  run: RunStates,
): Promise<ExecutionRecord> {
  const smName = record.stateMachineArn.slice(record.stateMachineArn.indexOf(':stateMachine:') + ':stateMachine:'.length);
  const scope: ExecutionScope = {
    runtime,
    record,
    stats,
    context: {
      Execution: { Id: record.executionArn, Name: record.name, StartTime: record.startDate.toISOString(), Input: record.input },
      StateMachine: { Id: record.stateMachineArn, Name: smName },
    },
    deadline: machine.TimeoutSeconds === undefined ? undefined : record.startDate.getTime() + machine.TimeoutSeconds * 1000,
  };
  const history = record.history;
  try {
    history.add('ExecutionStarted', () => ({ input: JSON.stringify(record.input), stateMachineArn: record.stateMachineArn }));
    stats.largestPayloadBytes = Math.max(stats.largestPayloadBytes, checkPayload(record.input, 'execution input'));
    const output = await run(machine, record.input, scope, record.cancel);
    record.output = output;
    record.status = 'SUCCEEDED';
    history.end('ExecutionSucceeded', () => ({ output: JSON.stringify(output) }));
  } catch (thrown) {
    if (thrown instanceof ExecutionInterrupted) {
      record.status = thrown.status;
      record.error = thrown.error;
      record.cause = thrown.causeText;
      history.end(thrown.status === 'TIMED_OUT' ? 'ExecutionTimedOut' : 'ExecutionAborted', () => ({ error: thrown.error, cause: thrown.causeText }));
    } else {
      const error = toStatesError(thrown);
      record.status = 'FAILED';
      record.error = error.name === '' ? undefined : error.name;
      record.cause = error.cause;
      history.end('ExecutionFailed', () => ({ error: record.error, cause: record.cause }));
    }
  }
  record.stopDate = runtime.now();
  stats.maxHistoryEventsOfAnyExecution = Math.max(stats.maxHistoryEventsOfAnyExecution, history.count);
  return record;
}
