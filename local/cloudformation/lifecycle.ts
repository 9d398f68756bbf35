import { reasonOf } from './errors';
import { exportNamesOf, loadExports, publishExports, withdrawExports } from './exports';
import type { StackOperation } from './operation';
import type { PreparedTemplate } from './prepare';
import { provision, resolveOutputs } from './provision';
import { stacksOf, type ResourceRecord, type StackRecord } from './state';
import { teardown } from './teardown';

function live(records: Readonly<Record<string, ResourceRecord>>): ResourceRecord[] {
  return Object.values(records).filter((record) => record.status !== 'DELETE_COMPLETE' && record.status !== 'DELETE_SKIPPED' && !(record.status === 'CREATE_FAILED' && record.physicalId === undefined));
}

function failedList(ids: readonly string[]): string {
  return `[${[...ids].sort().join(', ')}]`;
}

/** CREATE_IN_PROGRESS → CREATE_COMPLETE, or → ROLLBACK_* deleting what was created (CREATE_FAILED when rollback is disabled). */
export async function runCreate(operation: StackOperation, prepared: PreparedTemplate, disableRollback: boolean): Promise<void> {
  await loadExports(operation.cloud.store);
  const { failed } = await provision(operation, prepared);
  if (failed.length === 0) {
    try {
      const outputs = resolveOutputs(operation, prepared);
      await publishExports(operation.cloud.store, { ...operation.stack }, outputs);
      await operation.setStatus('CREATE_COMPLETE', undefined, (stack) => ({ ...stack, outputs }));
      return;
    } catch (error) {
      return rollbackCreate(operation, prepared, disableRollback, reasonOf(error));
    }
  }
  return rollbackCreate(operation, prepared, disableRollback, `The following resource(s) failed to create: ${failedList(failed)}. `);
}

async function rollbackCreate(operation: StackOperation, prepared: PreparedTemplate, disableRollback: boolean, reason: string): Promise<void> {
  if (disableRollback) {
    await operation.setStatus('CREATE_FAILED', reason);
    return;
  }
  await operation.setStatus('ROLLBACK_IN_PROGRESS', `${reason}Rollback requested by user.`);
  const failed = await teardown(operation, live(operation.resources), { templates: [prepared.template], rollingBackCreate: true, records: 'keep' });
  if (failed.length > 0) await operation.setStatus('ROLLBACK_FAILED', `The following resource(s) failed to delete: ${failedList(failed)}. `);
  else await operation.setStatus('ROLLBACK_COMPLETE');
}

/**
 * UPDATE_IN_PROGRESS → UPDATE_COMPLETE_CLEANUP_IN_PROGRESS (removed resources and replaced
 * instances deleted) → UPDATE_COMPLETE; a failure rolls back to the previous template.
 */
export async function runUpdate(operation: StackOperation, prepared: PreparedTemplate, previous: PreparedTemplate, disableRollback: boolean): Promise<void> {
  await loadExports(operation.cloud.store);
  const { failed } = await provision(operation, prepared);
  let failure = failed.length > 0 ? `The following resource(s) failed to update: ${failedList(failed)}. ` : undefined;
  let outputs = [] as ReturnType<typeof resolveOutputs>;
  if (failure === undefined) {
    try {
      outputs = resolveOutputs(operation, prepared);
      await publishExports(operation.cloud.store, { ...operation.stack }, outputs);
    } catch (error) {
      failure = reasonOf(error);
    }
  }
  if (failure !== undefined) {
    if (disableRollback) {
      await operation.setStatus('UPDATE_FAILED', failure);
      return;
    }
    await operation.setStatus('UPDATE_ROLLBACK_IN_PROGRESS', failure);
    return rollbackUpdate(operation, previous, prepared);
  }
  const stack = await operation.setStatus('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', undefined, (s) => ({ ...s, outputs }));
  const kept = new Set(prepared.order);
  const removed = live(operation.resources).filter((record) => !kept.has(record.logicalId));
  await teardown(operation, removed, { templates: [previous.template], records: 'drop' });
  // Old instances of replaced resources: UpdateReplacePolicy decides whether they are kept.
  const replaced = Object.values(stack.pendingUpdate?.replaced ?? {}).map((record) => ({ ...record, deletionPolicy: record.updateReplacePolicy }));
  for (const instance of replaced) await teardown(operation, [instance], { templates: [], records: 'leave' });
  await operation.setStatus('UPDATE_COMPLETE', undefined, (s) => withoutPending(s));
}

function withoutPending(stack: StackRecord): StackRecord {
  const { pendingUpdate: _done, ...rest } = stack;
  return rest;
}

/**
 * UPDATE_ROLLBACK_IN_PROGRESS: reverts modified resources to their previous properties, puts back
 * replaced instances, then (UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS) deletes what the update
 * added. A failed revert leaves UPDATE_ROLLBACK_FAILED, which ContinueUpdateRollback resumes.
 */
export async function rollbackUpdate(operation: StackOperation, previous: PreparedTemplate, attempted: PreparedTemplate, skip: ReadonlySet<string> = new Set()): Promise<void> {
  const stack = await stacksOf(operation.cloud.store).get(operation.stack.stackId);
  const pending = stack?.pendingUpdate;
  if (!stack || !pending) return;
  operation.resources = stack.resources;
  const replacements: ResourceRecord[] = [];
  for (const [logicalId, old] of Object.entries(pending.replaced)) {
    const current = operation.resources[logicalId];
    if (current && current.physicalId !== old.physicalId && current.physicalId !== undefined) replacements.push(current);
    await operation.resourceStatus(logicalId, 'UPDATE_COMPLETE', { type: old.type, physicalId: old.physicalId }, () => old);
  }
  const before = Object.fromEntries(Object.entries(pending.before).filter(([id]) => !skip.has(id)));
  const reverted: ReadonlySet<string> = new Set(Object.keys(pending.replaced));
  // Reverting is an update to the previous properties: the previous template decides them.
  const revert = { ...previous, order: previous.order.filter((id) => before[id] !== undefined && !reverted.has(id)) };
  const { failed } = await provision(operation, revert);
  if (failed.length > 0) {
    await operation.setStatus('UPDATE_ROLLBACK_FAILED', `The following resource(s) failed to update: ${failedList(failed)}. `);
    return;
  }
  await operation.setStatus('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', undefined, (s) => ({
    ...s,
    templateBody: pending.templateBody,
    parameters: pending.parameters,
    outputs: pending.outputs,
    ...(pending.description === undefined ? { description: undefined } : { description: pending.description }),
  }));
  const added = live(operation.resources).filter((record) => pending.before[record.logicalId] === undefined);
  await teardown(operation, added, { templates: [attempted.template], rollingBackCreate: true, records: 'drop' });
  for (const instance of replacements) await teardown(operation, [instance], { templates: [], rollingBackCreate: true, records: 'leave' });
  await publishExports(operation.cloud.store, { ...operation.stack }, pending.outputs).catch(() => undefined);
  // Resources the update tried to add and never got (failed or cancelled creates) leave no record.
  await operation.setStatus('UPDATE_ROLLBACK_COMPLETE', undefined, (s) =>
    withoutPending({ ...s, resources: Object.fromEntries(Object.entries(s.resources).filter(([id]) => pending.before[id] !== undefined)) }),
  );
}

/** DELETE_IN_PROGRESS → DELETE_COMPLETE, or DELETE_FAILED naming what could not be deleted (retried by another DeleteStack). */
export async function runDelete(operation: StackOperation, prepared: PreparedTemplate | undefined, retain: ReadonlySet<string>): Promise<void> {
  const store = operation.cloud.store;
  const exported = new Set(await exportNamesOf(store, operation.stack.stackId));
  for (const [, other] of await stacksOf(store).entries()) {
    const inUse = other.stackId !== operation.stack.stackId && other.status !== 'DELETE_COMPLETE' ? other.imports.find((name) => exported.has(name)) : undefined;
    if (inUse !== undefined) {
      await operation.setStatus('DELETE_FAILED', `Export ${inUse} cannot be deleted as it is in use by ${other.stackName}`);
      return;
    }
  }
  const failed = await teardown(operation, live(operation.resources), { templates: prepared ? [prepared.template] : [], retain, records: 'keep' });
  if (failed.length > 0) {
    await operation.setStatus('DELETE_FAILED', `The following resource(s) failed to delete: ${failedList(failed)}. `);
    return;
  }
  await withdrawExports(store, operation.stack);
  await operation.setStatus('DELETE_COMPLETE');
}
