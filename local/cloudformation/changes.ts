import type { CloudContext } from '../services/service';
import { resolveValue } from './intrinsics';
import { resourceContext } from './operation';
import type { PreparedTemplate, StackIdentity } from './prepare';
import { needsReplacement, type ResourceProvider } from './provider';
import type { ResourceRecord } from './state';

export interface ResourceChange {
  readonly Action: 'Add' | 'Modify' | 'Remove';
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType: string;
  readonly Replacement?: 'True' | 'False' | 'Conditional';
  readonly Scope: readonly string[];
}

/** A reference to a resource that is added or replaced: its value is only known once it exists. */
class NotYetKnown extends Error {}

function isLive(record: ResourceRecord | undefined): record is ResourceRecord {
  return record !== undefined && record.physicalId !== undefined && record.status !== 'DELETE_COMPLETE' && record.status !== 'DELETE_SKIPPED';
}

/**
 * What applying a prepared template to a stack's resources would do, as a change set describes it:
 * Add, Modify (Replacement True/False, or Conditional when a property depends on a resource
 * being replaced) and Remove. Resolution uses the live resources' ids and attributes.
 */
export function computeChanges(
  cloud: CloudContext,
  prepared: PreparedTemplate,
  stack: StackIdentity,
  resources: Readonly<Record<string, ResourceRecord>>,
  providers: ReadonlyMap<string, ResourceProvider>,
): ResourceChange[] {
  const changing = new Set<string>();
  const base = resourceContext(cloud, prepared, stack, () => resources);
  const context = {
    ...base,
    ref: (name: string, where: string) => {
      if (changing.has(name)) throw new NotYetKnown(name);
      return base.ref(name, where);
    },
    getAtt: (logicalId: string, attribute: string, where: string) => {
      if (changing.has(logicalId)) throw new NotYetKnown(logicalId);
      return base.getAtt(logicalId, attribute, where);
    },
  };
  const changes: ResourceChange[] = [];
  for (const logicalId of prepared.order) {
    const declaration = prepared.template.Resources[logicalId];
    if (!declaration) continue;
    const live = resources[logicalId];
    if (!isLive(live)) {
      changing.add(logicalId);
      changes.push({ Action: 'Add', LogicalResourceId: logicalId, ResourceType: declaration.Type, Scope: [] });
      continue;
    }
    const provider = providers.get(declaration.Type);
    let replacement: 'True' | 'False' | 'Conditional';
    try {
      const properties = resolveValue(declaration.Properties ?? {}, context, `Resources/${logicalId}/Properties`) as Record<string, unknown>;
      if (live.type === declaration.Type && JSON.stringify(properties) === JSON.stringify(live.properties ?? {})) continue;
      replacement = live.type !== declaration.Type || !provider || needsReplacement(provider, live.properties ?? {}, properties) ? 'True' : 'False';
    } catch (error) {
      if (!(error instanceof NotYetKnown)) throw error;
      replacement = provider && !provider.update ? 'True' : 'Conditional';
    }
    if (replacement !== 'False') changing.add(logicalId);
    changes.push({
      Action: 'Modify',
      LogicalResourceId: logicalId,
      PhysicalResourceId: live.physicalId,
      ResourceType: declaration.Type,
      Replacement: replacement,
      Scope: ['Properties'],
    });
  }
  const kept = new Set(prepared.order);
  for (const record of Object.values(resources)) {
    if (!isLive(record) || kept.has(record.logicalId)) continue;
    changes.push({ Action: 'Remove', LogicalResourceId: record.logicalId, PhysicalResourceId: record.physicalId, ResourceType: record.type, Scope: [] });
  }
  return changes;
}
