import type { Store } from '../store/store';
import { validationError } from './errors';
import type { OutputRecord, StackRecord } from './state';

interface ExportRecord {
  readonly name: string;
  readonly value: string;
  readonly stackId: string;
}

const NAMESPACE = 'cfn-exports';

function exportsOf(store: Store) {
  return store.namespace<ExportRecord>(NAMESPACE);
}

function key(accountId: string, region: string, name: string): string {
  return `${accountId}/${region}/${name}`;
}

/**
 * Export values are read synchronously during resolution, so they are cached in memory per store
 * and loaded before an operation starts (see loadExports).
 */
const cache = new WeakMap<Store, Map<string, ExportRecord>>();

export async function loadExports(store: Store): Promise<void> {
  cache.set(store, new Map((await exportsOf(store).entries()).map(([k, v]) => [k, v])));
}

export function findExport(store: Store, accountId: string, region: string, name: string, where: string): string {
  const found = cache.get(store)?.get(key(accountId, region, name));
  if (!found) throw validationError(`No export named ${name} found (Fn::ImportValue at ${where}).`);
  return found.value;
}

/** Claims the exports of a stack's outputs; a name another stack exports is refused as AWS does. */
export async function publishExports(store: Store, stack: Pick<StackRecord, 'accountId' | 'region' | 'stackId'>, outputs: readonly OutputRecord[]): Promise<void> {
  await loadExports(store);
  const mine = outputs.filter((output) => output.ExportName !== undefined);
  for (const output of mine) {
    const current = cache.get(store)?.get(key(stack.accountId, stack.region, output.ExportName as string));
    if (current && current.stackId !== stack.stackId) {
      throw validationError(`Export with name ${output.ExportName} is already exported by stack ${current.stackId.split('/')[1]}`);
    }
  }
  await withdrawExports(store, stack, new Set(mine.map((output) => output.ExportName as string)));
  for (const output of mine) {
    await exportsOf(store).put(key(stack.accountId, stack.region, output.ExportName as string), { name: output.ExportName as string, value: output.OutputValue, stackId: stack.stackId });
  }
  await loadExports(store);
}

/** Drops the stack's exports except those named in `keep`. */
export async function withdrawExports(store: Store, stack: Pick<StackRecord, 'accountId' | 'region' | 'stackId'>, keep: ReadonlySet<string> = new Set()): Promise<void> {
  for (const [k, record] of await exportsOf(store).entries()) {
    if (record.stackId === stack.stackId && !keep.has(record.name)) await exportsOf(store).delete(k);
  }
  await loadExports(store);
}

export async function exportNamesOf(store: Store, stackId: string): Promise<string[]> {
  return (await exportsOf(store).entries()).filter(([, record]) => record.stackId === stackId).map(([, record]) => record.name);
}
