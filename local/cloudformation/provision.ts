import { changeStack, type OutputRecord, type ResourceRecord } from './state';
import { reasonOf } from './errors';
import { resolveValue } from './intrinsics';
import { resourceContext, type StackOperation } from './operation';
import { needsReplacement, type ExistingResource } from './provider';
import type { PreparedTemplate } from './prepare';
import { runScheduled } from './schedule';

const REPLACING = 'Requested update requires the creation of a new physical resource; hence creating one.';

export interface ProvisionResult {
  /** Logical ids that failed, empty on success. */
  readonly failed: readonly string[];
}

function existingOf(record: ResourceRecord): ExistingResource {
  return { physicalId: record.physicalId as string, properties: record.properties ?? {}, attributes: record.attributes ?? {} };
}

function isLive(record: ResourceRecord | undefined): record is ResourceRecord {
  return record !== undefined && record.physicalId !== undefined && record.status !== 'DELETE_COMPLETE' && record.status !== 'CREATE_FAILED';
}

/**
 * Brings the stack's resources to the prepared template, dependencies first: creates new ones,
 * updates changed ones in place or creates their replacement (the old instance is kept in the
 * pending update for cleanup or rollback), and leaves unchanged ones alone.
 */
export async function provision(operation: StackOperation, prepared: PreparedTemplate): Promise<ProvisionResult> {
  const context = resourceContext(operation.cloud, prepared, operation.stack, () => operation.resources);
  const task = async (logicalId: string): Promise<void> => {
    const declaration = prepared.template.Resources[logicalId];
    if (!declaration) return;
    const type = declaration.Type;
    const policies = {
      ...(declaration.DeletionPolicy === undefined ? {} : { deletionPolicy: declaration.DeletionPolicy }),
      ...(declaration.UpdateReplacePolicy === undefined ? {} : { updateReplacePolicy: declaration.UpdateReplacePolicy }),
    };
    const existing = operation.resources[logicalId];
    const live = isLive(existing) ? existing : undefined;
    const phase = live ? 'UPDATE' : 'CREATE';
    let properties: Record<string, unknown>;
    try {
      const provider = operation.provider(type);
      properties = resolveValue(declaration.Properties ?? {}, context, `Resources/${logicalId}/Properties`) as Record<string, unknown>;
      const same = live !== undefined && live.type === type && JSON.stringify(live.properties ?? {}) === JSON.stringify(properties);
      // A resource whose last action failed is applied again, as a rollback reverts it too.
      if (live && same && live.status !== 'UPDATE_FAILED') {
        if (JSON.stringify(policies) !== JSON.stringify({ deletionPolicy: live.deletionPolicy, updateReplacePolicy: live.updateReplacePolicy })) {
          await changeStack(operation.cloud.store, operation.stack.stackId, (stack) => ({ ...stack, resources: { ...stack.resources, [logicalId]: { ...live, ...policies } } }));
        }
        return;
      }
      const replace = live !== undefined && !same && (live.type !== type || needsReplacement(provider, live.properties ?? {}, properties));
      const providerContext = operation.providerContext(logicalId);
      if (live && !replace && (provider.update || same)) {
        await operation.resourceStatus(logicalId, 'UPDATE_IN_PROGRESS', { type, physicalId: live.physicalId, properties }, (current) => current);
        await operation.pause();
        await operation.injectedFault(logicalId, type, 'update');
        const state = provider.update ? await provider.update(properties, existingOf(live), providerContext) : existingOf(live);
        await operation.resourceStatus(logicalId, 'UPDATE_COMPLETE', { type, physicalId: state.physicalId }, (_c, timestamp) => ({
          logicalId, type, physicalId: state.physicalId, status: 'UPDATE_COMPLETE', timestamp, properties, attributes: { ...state.attributes }, ...policies,
        }));
        return;
      }
      if (live) {
        await changeStack(operation.cloud.store, operation.stack.stackId, (stack) =>
          stack.pendingUpdate ? { ...stack, pendingUpdate: { ...stack.pendingUpdate, replaced: { ...stack.pendingUpdate.replaced, [logicalId]: live } } } : stack,
        );
        await operation.resourceStatus(logicalId, 'UPDATE_IN_PROGRESS', { type, physicalId: live.physicalId, reason: REPLACING, properties }, (current) => current);
      } else {
        await operation.resourceStatus(logicalId, 'CREATE_IN_PROGRESS', { type, properties }, (_c, timestamp) => ({ logicalId, type, status: 'CREATE_IN_PROGRESS', timestamp, ...policies }));
      }
      await operation.pause();
      await operation.injectedFault(logicalId, type, 'create');
      const state = await provider.create(properties, providerContext);
      const status = live ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE';
      await operation.resourceStatus(logicalId, status, { type, physicalId: state.physicalId }, (_c, timestamp) => ({
        logicalId, type, physicalId: state.physicalId, status, timestamp, properties, attributes: { ...state.attributes }, ...policies,
      }));
    } catch (error) {
      const reason = reasonOf(error);
      const status = phase === 'UPDATE' ? 'UPDATE_FAILED' : 'CREATE_FAILED';
      await operation.resourceStatus(logicalId, status, { type, physicalId: live?.physicalId, reason }, (current, timestamp) =>
        live ? { ...(current ?? live), status, statusReason: reason, timestamp } : { logicalId, type, status, statusReason: reason, timestamp, ...policies },
      );
      throw error;
    }
  };
  const result = await runScheduled(prepared.order, (id) => prepared.graph.get(id) ?? [], task, operation.settings.concurrency);
  for (const logicalId of result.notStarted) {
    // CloudFormation reports what it did not get to when an operation stops early.
    if (isLive(operation.resources[logicalId])) continue;
    const type = prepared.template.Resources[logicalId]?.Type ?? 'AWS::CloudFormation::Stack';
    await operation.resourceStatus(logicalId, 'CREATE_FAILED', { type, reason: 'Resource creation cancelled' }, (_c, timestamp) => ({
      logicalId, type, status: 'CREATE_FAILED', statusReason: 'Resource creation cancelled', timestamp,
    }));
  }
  return { failed: result.failed };
}

/** Outputs whose Condition holds, resolved; lists are written comma-separated as CloudFormation does. */
export function resolveOutputs(operation: StackOperation, prepared: PreparedTemplate): OutputRecord[] {
  const context = resourceContext(operation.cloud, prepared, operation.stack, () => operation.resources);
  const outputs: OutputRecord[] = [];
  for (const [key, output] of Object.entries(prepared.template.Outputs ?? {})) {
    if (output.Condition !== undefined && !prepared.conditions[output.Condition]) continue;
    const value = resolveValue(output.Value, context, `Outputs/${key}/Value`);
    const exportName = output.Export === undefined ? undefined : String(resolveValue(output.Export.Name, context, `Outputs/${key}/Export/Name`));
    outputs.push({
      OutputKey: key,
      OutputValue: Array.isArray(value) ? value.join(',') : String(value),
      ...(output.Description === undefined ? {} : { Description: output.Description }),
      ...(exportName === undefined ? {} : { ExportName: exportName }),
    });
  }
  return outputs;
}
