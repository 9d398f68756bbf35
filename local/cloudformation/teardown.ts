import { reasonOf } from './errors';
import { namesReferenced } from './graph';
import type { StackOperation } from './operation';
import { runScheduled } from './schedule';
import type { ResourceRecord } from './state';
import type { Template } from './types';

export interface TeardownOptions {
  /** Templates whose references order the deletion (dependents go first). */
  readonly templates: readonly Template[];
  /** Logical ids kept whatever their DeletionPolicy (DeleteStack's RetainResources). */
  readonly retain?: ReadonlySet<string>;
  /** Rolling back a create: RetainExceptOnCreate resources are deleted too. */
  readonly rollingBackCreate?: boolean;
  /**
   * What the stack's record of the resource becomes: kept with its delete status, dropped (update
   * cleanup), or left as it is (an old instance of a replaced resource, whose record is the new one).
   */
  readonly records: 'keep' | 'drop' | 'leave';
}

/** Which of `ids` each resource references in any of the templates. */
function dependenciesAmong(ids: ReadonlySet<string>, templates: readonly Template[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>([...ids].map((id) => [id, new Set<string>()]));
  for (const template of templates) {
    for (const id of ids) {
      const declaration = template.Resources[id];
      if (!declaration) continue;
      const dependsOn = declaration.DependsOn === undefined ? [] : typeof declaration.DependsOn === 'string' ? [declaration.DependsOn] : declaration.DependsOn;
      for (const name of [...dependsOn, ...namesReferenced(declaration.Properties ?? {})]) {
        if (ids.has(name) && name !== id) graph.get(id)?.add(name);
      }
    }
  }
  return graph;
}

/**
 * Deletes resources, each after the resources that depend on it; Retain policies skip the delete.
 * Returns the logical ids whose delete failed.
 */
export async function teardown(operation: StackOperation, records: readonly ResourceRecord[], options: TeardownOptions): Promise<string[]> {
  const byId = new Map(records.map((record) => [record.logicalId, record]));
  const graph = dependenciesAmong(new Set(byId.keys()), options.templates);
  const dependents = new Map<string, Set<string>>([...byId.keys()].map((id) => [id, new Set<string>()]));
  for (const [id, dependencies] of graph) for (const dependency of dependencies) dependents.get(dependency)?.add(id);
  const finish = (record: ResourceRecord, status: 'DELETE_COMPLETE' | 'DELETE_SKIPPED' | 'DELETE_FAILED', reason?: string) => (current: ResourceRecord | undefined, timestamp: string) => {
    if (options.records === 'leave') return current;
    if (options.records === 'drop' && status !== 'DELETE_FAILED') return undefined;
    return { ...(current ?? record), status, timestamp, ...(reason === undefined ? {} : { statusReason: reason }) };
  };
  const task = async (logicalId: string): Promise<void> => {
    const record = byId.get(logicalId) as ResourceRecord;
    const fields = { type: record.type, physicalId: record.physicalId };
    const policy = record.deletionPolicy;
    const retained = options.retain?.has(logicalId) || policy === 'Retain' || (policy === 'RetainExceptOnCreate' && !options.rollingBackCreate);
    if (retained && record.physicalId !== undefined) {
      await operation.resourceStatus(logicalId, 'DELETE_SKIPPED', fields, finish(record, 'DELETE_SKIPPED'));
      return;
    }
    await operation.resourceStatus(logicalId, 'DELETE_IN_PROGRESS', fields, (current) => current);
    if (record.physicalId !== undefined) {
      try {
        await operation.pause();
        await operation.injectedFault(logicalId, record.type, 'delete');
        const provider = operation.provider(record.type);
        await provider.delete({ physicalId: record.physicalId, properties: record.properties ?? {}, attributes: record.attributes ?? {} }, operation.providerContext(logicalId));
      } catch (error) {
        const reason = reasonOf(error);
        await operation.resourceStatus(logicalId, 'DELETE_FAILED', { ...fields, reason }, finish(record, 'DELETE_FAILED', reason));
        throw error;
      }
    }
    await operation.resourceStatus(logicalId, 'DELETE_COMPLETE', fields, finish(record, 'DELETE_COMPLETE'));
  };
  const result = await runScheduled([...byId.keys()], (id) => dependents.get(id) ?? [], task, operation.settings.concurrency);
  return [...result.failed, ...result.notStarted];
}
