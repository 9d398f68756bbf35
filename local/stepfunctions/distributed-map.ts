import { randomUUID } from 'crypto';
import { ExceedToleratedFailureThresholdError, ExecutionInterrupted, RuntimeError } from './errors';
import { itemsOf, iterationInput, resolveMaxConcurrency, type RunStates } from './composite';
import { createRecord, execute } from './execution';
import { readItems } from './item-reader';
import { queryRequired } from './jsonpath';
import { runPool } from './pool';
import { transformed, writeResults } from './result-writer';
import { Cancellation, type ExecutionRecord, type ExecutionScope, type ItemCounts, type MapRunRecord } from './runtime';
import { processorOf, type MapState } from './types';

interface Tolerance {
  /** Undefined when the definition does not set it: only the thresholds given apply. */
  readonly count?: number;
  readonly percentage?: number;
}

function resolveTolerance(state: MapState, input: unknown): Tolerance {
  const read = (value: number | undefined, path: string | undefined, field: string, max: number): number | undefined => {
    const found = path === undefined ? value : queryRequired(input, path, `specified for the field ${field}Path`);
    if (found === undefined) return undefined;
    if (typeof found !== 'number' || found < 0 || found > max || (max === Infinity && !Number.isInteger(found))) {
      const range = max === Infinity ? 'a non-negative integer' : `a number from 0 to ${max}`;
      throw new RuntimeError(`${field}${path === undefined ? '' : `Path '${path}'`} must be ${range}, got ${JSON.stringify(found)}`);
    }
    return found;
  };
  return {
    count: read(state.ToleratedFailureCount, state.ToleratedFailureCountPath, 'ToleratedFailureCount', Infinity),
    percentage: read(state.ToleratedFailurePercentage, state.ToleratedFailurePercentagePath, 'ToleratedFailurePercentage', 100),
  };
}

/**
 * The Map Run fails once failures pass any threshold the definition sets; with none set,
 * at the first failure.
 */
export function exceedsTolerance(failed: number, total: number, tolerance: Tolerance): boolean {
  if (failed === 0) return false;
  if (tolerance.count === undefined && tolerance.percentage === undefined) return true;
  if (tolerance.count !== undefined && failed > tolerance.count) return true;
  return tolerance.percentage !== undefined && (failed / total) * 100 > tolerance.percentage;
}

function emptyCounts(total: number): ItemCounts {
  return { pending: total, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total, resultsWritten: 0 };
}

/**
 * Distributed Map: each item runs as a child execution of the ItemProcessor, with its own
 * ARN and history, at most MaxConcurrency at once (0: the engine's cap). Failures beyond the
 * tolerance stop new children, abort running ones and fail the state with
 * States.ExceedToleratedFailureThreshold; the ResultWriter files are written either way.
 */
export async function runDistributedMap(
  stateName: string,
  state: MapState,
  input: unknown,
  scope: ExecutionScope,
  cancel: Cancellation,
  context: Record<string, unknown>,
  run: RunStates,
): Promise<unknown> {
  const { runtime, record: parent, stats } = scope;
  const history = parent.history;
  history.add('MapStateStarted');
  const items = state.ItemReader ? await readItems(state.ItemReader, input, context, scope) : itemsOf(state, input);
  const concurrency = resolveMaxConcurrency(state, input, runtime.distributedMapConcurrencyCap);
  const tolerance = resolveTolerance(state, input);
  // A child of a Distributed Map is named after the top state machine, not `parent/label`.
  const smName = scope.context.StateMachine.Name.split('/')[0];
  const label = state.Label ?? stateName;
  const mapRunId = randomUUID();
  const base = `arn:aws:states:${runtime.region}:${runtime.accountId}`;
  const mapRun: MapRunRecord = {
    mapRunArn: `${base}:mapRun:${smName}/${label}:${mapRunId}`,
    executionArn: parent.executionArn,
    status: 'RUNNING',
    startDate: runtime.now(),
    maxConcurrency: state.MaxConcurrencyPath === undefined && !state.MaxConcurrency ? 0 : concurrency,
    toleratedFailureCount: tolerance.count ?? 0,
    toleratedFailurePercentage: tolerance.percentage ?? 0,
    itemCounts: emptyCounts(items.length),
    executionCounts: emptyCounts(items.length),
  };
  runtime.mapRuns.set(mapRun.mapRunArn, mapRun);
  stats.mapRuns++;
  history.add('MapRunStarted', () => ({ mapRunArn: mapRun.mapRunArn }));

  const processor = processorOf(state);
  const express = state.ItemProcessor?.ProcessorConfig?.ExecutionType === 'EXPRESS';
  const childStateMachineArn = `${base}:stateMachine:${smName}/${label}`;
  const runCancel = new Cancellation(cancel);
  const children: (ExecutionRecord | undefined)[] = new Array(items.length);
  let failed = 0;
  let exceeded = false;
  const bump = (key: keyof ItemCounts, by: number) => {
    mapRun.itemCounts[key] += by;
    mapRun.executionCounts[key] += by;
  };

  await runPool(
    items.length,
    concurrency,
    async (index) => {
      const childInput = iterationInput(state, input, items[index], index, context, scope);
      const name = randomUUID();
      const child = createRecord(runtime, {
        executionArn: `${base}:execution:${smName}/${label}:${name}`,
        name,
        stateMachineArn: childStateMachineArn,
        input: childInput,
        mapRunArn: mapRun.mapRunArn,
        parentCancel: runCancel,
      });
      children[index] = child;
      stats.childExecutions++;
      bump('pending', -1);
      bump('running', 1);
      await execute(runtime, child, processor, stats, run);
      bump('running', -1);
      const key = ({ SUCCEEDED: 'succeeded', FAILED: 'failed', TIMED_OUT: 'timedOut', ABORTED: 'aborted', RUNNING: 'running' } as const)[child.status];
      bump(key, 1);
      if (child.status === 'SUCCEEDED') return;
      failed++;
      if (!exceeded && exceedsTolerance(failed, items.length, tolerance)) {
        exceeded = true;
        runCancel.interrupt(new ExecutionInterrupted('ABORTED', undefined, `the Map Run ${mapRun.mapRunArn} failed`));
      }
    },
    () => exceeded || cancel.interrupted !== undefined,
  );

  const finish = (status: MapRunRecord['status'], event: string) => {
    mapRun.status = status;
    mapRun.stopDate = runtime.now();
    history.add(event, () => ({ mapRunArn: mapRun.mapRunArn }), status !== 'SUCCEEDED');
  };
  if (cancel.interrupted) {
    finish('ABORTED', 'MapRunAborted');
    throw cancel.interrupted;
  }
  let result: unknown;
  try {
    if (state.ResultWriter?.Resource !== undefined) {
      const written = await writeResults(
        { writer: state.ResultWriter, input, context, mapRunArn: mapRun.mapRunArn, mapRunId, children, expressChildren: express },
        scope,
      );
      bump('resultsWritten', written.written);
      result = written.result;
    } else {
      const transformation = state.ResultWriter?.WriterConfig?.Transformation ?? 'COMPACT';
      result = children.flatMap((child) => (child ? transformed(child, transformation, express) : []));
    }
  } catch (error) {
    finish('FAILED', 'MapRunFailed');
    throw error;
  }
  if (exceeded) {
    finish('FAILED', 'MapRunFailed');
    const limits = `ToleratedFailureCount ${tolerance.count ?? 'not set'}, ToleratedFailurePercentage ${tolerance.percentage ?? 'not set'}`;
    throw new ExceedToleratedFailureThresholdError(
      `the Map Run ${mapRun.mapRunArn} failed: ${failed} of ${items.length} item(s) failed, more than tolerated (${limits})`,
    );
  }
  finish('SUCCEEDED', 'MapRunSucceeded');
  history.add('MapStateSucceeded');
  return result;
}

