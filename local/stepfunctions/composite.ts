import { ExecutionInterrupted, RuntimeError } from './errors';
import { queryRequired } from './jsonpath';
import { evaluateTemplate } from './payload';
import { runPool } from './pool';
import { Cancellation, type ExecutionScope } from './runtime';
import { processorOf, type MapState, type ParallelState, type StateMachineDefinition } from './types';

export type RunStates = (machine: StateMachineDefinition, input: unknown, scope: ExecutionScope, cancel: Cancellation) => Promise<unknown>;

/**
 * Parallel: every branch gets the same input; the output is the array of branch outputs.
 * The first branch to fail fails the state with its own error and stops the others, as AWS.
 */
export async function runParallel(state: ParallelState, input: unknown, scope: ExecutionScope, cancel: Cancellation, run: RunStates): Promise<unknown[]> {
  const history = scope.record.history;
  history.add('ParallelStateStarted');
  const siblings = new Cancellation(cancel);
  const outputs: unknown[] = new Array(state.Branches.length);
  let failure: { error: unknown } | undefined;
  await Promise.all(
    state.Branches.map(async (branch, i) => {
      try {
        outputs[i] = await run(branch, input, scope, siblings);
      } catch (error) {
        if (!failure) {
          failure = { error };
          siblings.interrupt(new ExecutionInterrupted('ABORTED', 'States.BranchFailed', 'a sibling branch failed'));
        }
      }
    }),
  );
  cancel.check();
  if (failure) {
    history.add('ParallelStateFailed');
    throw failure.error;
  }
  history.add('ParallelStateSucceeded');
  return outputs;
}

/** The items a Map iterates: ItemsPath (default `$`) of its effective input, which must be an array. */
export function itemsOf(state: MapState, input: unknown): unknown[] {
  const path = state.ItemsPath ?? '$';
  const items = queryRequired(input, path, 'specified for the field ItemsPath');
  if (!Array.isArray(items)) {
    throw new RuntimeError(`the ItemsPath '${path}' must point to a JSON array, got ${typeof items === 'object' ? JSON.stringify(items)?.slice(0, 100) : JSON.stringify(items)}`);
  }
  return items;
}

/** MaxConcurrency or MaxConcurrencyPath; 0 (no limit) becomes `cap`. */
export function resolveMaxConcurrency(state: MapState, input: unknown, cap: number): number {
  let value: unknown = state.MaxConcurrency ?? 0;
  if (state.MaxConcurrencyPath !== undefined) {
    value = queryRequired(input, state.MaxConcurrencyPath, 'specified for the field MaxConcurrencyPath');
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RuntimeError(`MaxConcurrencyPath '${state.MaxConcurrencyPath}' must point to a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value === 0 ? cap : value;
}

/** The input of iteration `index`: ItemSelector (or the older Parameters) with `$$.Map.Item`, else the item. */
export function iterationInput(state: MapState, input: unknown, item: unknown, index: number, context: Record<string, unknown>, scope: ExecutionScope): unknown {
  const selector = state.ItemSelector ?? state.Parameters;
  if (selector === undefined) return item;
  return evaluateTemplate(selector, { input, context: { ...context, Map: { Item: { Index: index, Value: item } } }, random: scope.runtime.random });
}

/**
 * Inline Map: iterations run in this execution (their events count in its history) with
 * at most MaxConcurrency at once; the first failure fails the state and stops the rest.
 */
export async function runInlineMap(state: MapState, input: unknown, scope: ExecutionScope, cancel: Cancellation, context: Record<string, unknown>, run: RunStates): Promise<unknown[]> {
  const history = scope.record.history;
  const items = itemsOf(state, input);
  const concurrency = resolveMaxConcurrency(state, input, scope.runtime.inlineMapConcurrencyCap);
  history.add('MapStateStarted', () => ({ length: items.length }));
  const processor = processorOf(state);
  const siblings = new Cancellation(cancel);
  const outputs: unknown[] = new Array(items.length);
  let failure: { error: unknown } | undefined;
  const name = (context.State as { Name: string }).Name;
  await runPool(
    items.length,
    concurrency,
    async (index) => {
      try {
        history.add('MapIterationStarted', () => ({ name, index }));
        outputs[index] = await run(processor, iterationInput(state, input, items[index], index, context, scope), scope, siblings);
        history.add('MapIterationSucceeded', () => ({ name, index }));
      } catch (error) {
        if (failure) return;
        failure = { error };
        siblings.interrupt(new ExecutionInterrupted('ABORTED', 'States.BranchFailed', 'a sibling iteration failed'));
        history.add('MapIterationFailed', () => ({ name, index }), true);
      }
    },
    () => failure !== undefined || cancel.interrupted !== undefined,
  );
  cancel.check();
  if (failure) {
    history.add('MapStateFailed', undefined, true);
    throw failure.error;
  }
  history.add('MapStateSucceeded');
  return outputs;
}
