import { chooseNext, parseTimestamp } from './choice';
import { ExecutionInterrupted, RuntimeError, StatesError, TERMINAL_ERRORS, toStatesError } from './errors';
import { query } from './jsonpath';
import { applyInputPath, applyOutputPath, applyResultPath, checkPayload, evaluateTemplate, resolveExpression } from './payload';
import { findCatcher, findRetrier, maxAttempts, retryDelayMs } from './retry';
import { interruptibleSleep, timedOut, untilInterrupted } from './interruptible';
import { invokeTask } from './tasks';
import { runInlineMap, runParallel } from './composite';
import { runDistributedMap } from './distributed-map';
import type { Cancellation, ExecutionScope } from './runtime';
import { isDistributed, type FailState, type MapState, type State, type StateMachineDefinition, type TaskState, type WaitState } from './types';

interface Step {
  readonly output: unknown;
  /** Undefined when the state ends its state machine (End, Succeed). */
  readonly next: string | undefined;
}

/** Builds the `$$` object for a state; `Map.Item` is added by the Map states for ItemSelector. */
export type ContextFor = (retryCount: number) => Record<string, unknown>;

/** Runs a state machine (an execution, a Parallel branch, a Map iteration) to its end. */
export async function runStates(machine: StateMachineDefinition, input: unknown, scope: ExecutionScope, cancel: Cancellation): Promise<unknown> {
  let name = machine.StartAt;
  let value = input;
  for (;;) {
    const step = await executeState(name, machine.States[name], value, scope, cancel);
    if (step.next === undefined) return step.output;
    name = step.next;
    value = step.output;
  }
}

export function checkDeadline(scope: ExecutionScope): void {
  if (scope.deadline !== undefined && scope.runtime.now().getTime() > scope.deadline) {
    throw timedOut();
  }
}

async function executeState(name: string, state: State, raw: unknown, scope: ExecutionScope, cancel: Cancellation): Promise<Step> {
  cancel.check();
  checkDeadline(scope);
  scope.stats.stateTransitions++;
  const history = scope.record.history;
  const enteredTime = scope.runtime.now().toISOString();
  history.add(`${state.Type}StateEntered`, () => ({ name, input: JSON.stringify(raw) }));
  const contextFor: ContextFor = (retryCount) => ({ ...scope.context, State: { Name: name, EnteredTime: enteredTime, RetryCount: retryCount } });
  const next = state.End ? undefined : state.Next;
  let step: Step;
  switch (state.Type) {
    case 'Pass': {
      const input = applyInputPath(raw, state.InputPath);
      const effective = state.Parameters === undefined ? input : evaluateTemplate(state.Parameters, env(input, contextFor(0), scope));
      const result = state.Result !== undefined ? state.Result : effective;
      step = { output: applyOutputPath(applyResultPath(raw, result, state.ResultPath), state.OutputPath), next };
      break;
    }
    case 'Choice': {
      const input = applyInputPath(raw, state.InputPath);
      step = { next: chooseNext(state, input, name), output: applyOutputPath(input, state.OutputPath) };
      break;
    }
    case 'Wait': {
      const input = applyInputPath(raw, state.InputPath);
      await interruptibleSleep(waitMs(state, input, scope, name), scope, cancel);
      step = { output: applyOutputPath(input, state.OutputPath), next };
      break;
    }
    case 'Succeed':
      step = { output: applyOutputPath(applyInputPath(raw, state.InputPath), state.OutputPath), next: undefined };
      break;
    case 'Fail':
      throw failError(state, raw, contextFor(0), scope);
    case 'Task':
    case 'Parallel':
    case 'Map':
      step = await withRetryCatch(name, state, raw, scope, cancel, contextFor);
      break;
  }
  scope.stats.largestPayloadBytes = Math.max(scope.stats.largestPayloadBytes, checkPayload(step.output, `output of state '${name}'`));
  history.add(`${state.Type}StateExited`, () => ({ name, output: JSON.stringify(step.output) }));
  return step;
}

function env(input: unknown, context: unknown, scope: ExecutionScope) {
  return { input, context, random: scope.runtime.random };
}

function waitMs(state: WaitState, input: unknown, scope: ExecutionScope, name: string): number {
  if (state.Seconds !== undefined) return state.Seconds * 1000;
  if (state.SecondsPath !== undefined) {
    const seconds = query(input, state.SecondsPath);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new RuntimeError(`state '${name}': SecondsPath '${state.SecondsPath}' must point to a non-negative integer, got ${JSON.stringify(seconds)}`);
    }
    return seconds * 1000;
  }
  const stamp = state.Timestamp ?? query(input, state.TimestampPath as string);
  const at = parseTimestamp(stamp);
  if (at === undefined) {
    const field = state.Timestamp !== undefined ? 'Timestamp' : `TimestampPath '${state.TimestampPath}'`;
    throw new RuntimeError(`state '${name}': ${field} must be an RFC 3339 timestamp such as 2024-01-31T12:00:00Z, got ${JSON.stringify(stamp)}`);
  }
  return Math.max(0, at - scope.runtime.now().getTime());
}

function failError(state: FailState, raw: unknown, context: unknown, scope: ExecutionScope): StatesError {
  const pick = (value: string | undefined, path: string | undefined, field: string): string | undefined => {
    if (value !== undefined) return value;
    if (path === undefined) return undefined;
    const found = resolveExpression(path, env(raw, context, scope), field);
    if (typeof found !== 'string') throw new RuntimeError(`${field} '${path}' must resolve to a string, got ${JSON.stringify(found)}`);
    return found;
  };
  return new StatesError(pick(state.Error, state.ErrorPath, 'ErrorPath') ?? '', pick(state.Cause, state.CausePath, 'CausePath'));
}

/** One attempt of a Task, Parallel or Map: effective input → work → ResultSelector/ResultPath/OutputPath. */
async function attempt(name: string, state: TaskState | MapState | State, raw: unknown, scope: ExecutionScope, cancel: Cancellation, context: Record<string, unknown>): Promise<unknown> {
  const input = applyInputPath(raw, state.InputPath);
  let result: unknown;
  if (state.Type === 'Task') {
    const effective = state.Parameters === undefined ? input : evaluateTemplate(state.Parameters, env(input, context, scope));
    checkPayload(effective, `input of state '${name}' after Parameters`);
    let timeout = state.TimeoutSeconds;
    if (state.TimeoutSecondsPath !== undefined) {
      const found = query(input, state.TimeoutSecondsPath);
      if (typeof found !== 'number' || !Number.isInteger(found) || found <= 0) {
        throw new RuntimeError(`state '${name}': TimeoutSecondsPath '${state.TimeoutSecondsPath}' must point to a positive integer, got ${JSON.stringify(found)}`);
      }
      timeout = found;
    }
    result = await untilInterrupted(invokeTask(state.Resource, effective, scope, name, timeout), cancel);
    checkPayload(result, `result of state '${name}'`);
  } else if (state.Type === 'Parallel') {
    const effective = state.Parameters === undefined ? input : evaluateTemplate(state.Parameters, env(input, context, scope));
    result = await runParallel(state, effective, scope, cancel, runStates);
  } else if (state.Type === 'Map') {
    result = isDistributed(state)
      ? await runDistributedMap(name, state, input, scope, cancel, context, runStates)
      : await runInlineMap(state, input, scope, cancel, context, runStates);
  }
  const withSelector = 'ResultSelector' in state && state.ResultSelector !== undefined ? evaluateTemplate(state.ResultSelector, env(result, context, scope)) : result;
  return applyOutputPath(applyResultPath(raw, withSelector, (state as TaskState).ResultPath), state.OutputPath);
}

async function withRetryCatch(name: string, state: TaskState | MapState | State, raw: unknown, scope: ExecutionScope, cancel: Cancellation, contextFor: ContextFor): Promise<Step> {
  const { Retry: retriers, Catch: catchers } = state as TaskState;
  const used = retriers ? retriers.map(() => 0) : [];
  for (let retryCount = 0; ; retryCount++) {
    try {
      const output = await attempt(name, state, raw, scope, cancel, contextFor(retryCount));
      return { output, next: state.End ? undefined : state.Next };
    } catch (thrown) {
      if (thrown instanceof ExecutionInterrupted) throw thrown;
      const error = toStatesError(thrown);
      if (TERMINAL_ERRORS.has(error.name)) throw error;
      const r = findRetrier(retriers, error.name);
      if (r >= 0 && retriers && used[r] < maxAttempts(retriers[r])) {
        const delay = retryDelayMs(retriers[r], used[r], scope.runtime.random);
        used[r]++;
        await interruptibleSleep(delay, scope, cancel);
        continue;
      }
      const catcher = findCatcher(catchers, error.name);
      if (!catcher) throw error;
      const failure: Record<string, string> = { Error: error.name };
      if (error.cause !== undefined) failure.Cause = error.cause;
      return { output: applyResultPath(raw, failure, catcher.ResultPath), next: catcher.Next };
    }
  }
}
