import { requireAllowed } from '../authorize/authorizer';
import type { CallerIdentity, CloudContext } from '../services/service';
import { ResourceFailure, templateError, validationError } from './errors';
import type { ResourceFaults } from '../org/faults';
import type { ResourceOperation } from '../org/model';
import type { IntrinsicContext } from './intrinsics';
import { pseudoParameter, type PreparedTemplate, type StackIdentity } from './prepare';
import type { ProviderContext, ResourceProvider } from './provider';
import { appendEvent, changeStack, type ResourceRecord, type StackRecord } from './state';
import type { ResourceStatus, StackStatus } from './types';
import { findExport } from './exports';

export interface EngineSettings {
  /** Pause before each resource action so tests and demos can watch IN_PROGRESS. @default 0 */
  readonly resourceLatencyMs: number;
  /** Resources provisioned at the same time. @default 4 */
  readonly concurrency: number;
  readonly providers: ReadonlyMap<string, ResourceProvider>;
  readonly faults?: ResourceFaults;
}

const ROLLING_BACK: ReadonlySet<StackStatus> = new Set(['ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS']);

/** One running stack operation: writes statuses and events, and gives providers their context. */
export class StackOperation {
  /** The stack's resources as last written, for resolution (which reads synchronously). */
  public resources: Readonly<Record<string, ResourceRecord>> = {};
  /** The stack status this operation last wrote. */
  public status: StackStatus | undefined;

  public constructor(
    public readonly cloud: CloudContext,
    public readonly settings: EngineSettings,
    public readonly stack: StackIdentity,
    /** Who the stack acts as for this operation. */
    public readonly identity: CallerIdentity,
    public readonly token: string | undefined,
  ) {}

  public async setStatus(status: StackStatus, reason?: string, change: (stack: StackRecord) => StackRecord = (s) => s): Promise<StackRecord> {
    const now = this.cloud.now().toISOString();
    // The event goes first: whoever sees the new status (a waiter) finds its event already there.
    await appendEvent(this.cloud.store, {
      StackId: this.stack.stackId,
      StackName: this.stack.stackName,
      LogicalResourceId: this.stack.stackName,
      PhysicalResourceId: this.stack.stackId,
      ResourceType: 'AWS::CloudFormation::Stack',
      Timestamp: now,
      ResourceStatus: status,
      ...(reason === undefined ? {} : { ResourceStatusReason: reason }),
      ...(this.token === undefined ? {} : { ClientRequestToken: this.token }),
    });
    const record = await changeStack(this.cloud.store, this.stack.stackId, (current) => {
      const { statusReason: _old, ...rest } = change(current);
      return { ...rest, status, ...(reason === undefined ? {} : { statusReason: reason }), ...(status === 'DELETE_COMPLETE' ? { deletionTime: now } : {}) };
    });
    this.resources = record.resources;
    this.status = status;
    return record;
  }

  /** Records a resource's new status on the stack and as an event. `record` undefined removes it from the stack. */
  public async resourceStatus(
    logicalId: string,
    status: ResourceStatus,
    fields: { type: string; physicalId?: string; reason?: string; properties?: Record<string, unknown> },
    record: (current: ResourceRecord | undefined, timestamp: string) => ResourceRecord | undefined,
  ): Promise<void> {
    const timestamp = this.cloud.now().toISOString();
    const updated = await changeStack(this.cloud.store, this.stack.stackId, (stack) => {
      const next = record(stack.resources[logicalId], timestamp);
      const { [logicalId]: _old, ...others } = stack.resources;
      return { ...stack, resources: next === undefined ? others : { ...others, [logicalId]: next } };
    });
    this.resources = updated.resources;
    await appendEvent(this.cloud.store, {
      StackId: this.stack.stackId,
      StackName: this.stack.stackName,
      LogicalResourceId: logicalId,
      PhysicalResourceId: fields.physicalId ?? '',
      ResourceType: fields.type,
      Timestamp: timestamp,
      ResourceStatus: status,
      ...(fields.reason === undefined ? {} : { ResourceStatusReason: fields.reason }),
      ...(fields.properties === undefined ? {} : { ResourceProperties: JSON.stringify(fields.properties) }),
      ...(this.token === undefined ? {} : { ClientRequestToken: this.token }),
    });
  }

  public providerContext(logicalId: string): ProviderContext {
    return {
      cloud: this.cloud,
      accountId: this.stack.accountId,
      region: this.stack.region,
      stackName: this.stack.stackName,
      stackId: this.stack.stackId,
      logicalId,
      identity: this.identity,
      authorize: (action, resource, context) =>
        requireAllowed(this.cloud.authorize, { caller: this.identity, action, resource, region: this.stack.region, ...(context === undefined ? {} : { context }) }),
    };
  }

  public provider(type: string): ResourceProvider {
    const provider = this.settings.providers.get(type);
    if (!provider) throw validationError(`Template format error: Unrecognized resource types: [${type}]`);
    return provider;
  }

  /**
   * Asks the fault rules about a resource action just before the provider would act: a failing
   * rule throws its message as the resource's failure; a stuck one holds the action (and so the
   * stack) IN_PROGRESS until the rule is removed, or fails it when the rule's time runs out.
   */
  public async injectedFault(logicalId: string, type: string, operation: ResourceOperation): Promise<void> {
    const phase = this.status !== undefined && ROLLING_BACK.has(this.status) ? 'rollback' : 'operation';
    const fault = this.settings.faults?.resourceFault({ accountId: this.stack.accountId, region: this.stack.region, stackName: this.stack.stackName, logicalId, type, operation, phase });
    if (fault === undefined) return;
    if (fault.kind === 'stuck' && (await fault.released) === 'removed') return;
    throw new ResourceFailure(fault.message);
  }

  public pause(): Promise<void> {
    const ms = this.settings.resourceLatencyMs;
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
  }
}

/**
 * Resolution of resource properties and outputs: Ref gives a parameter, a pseudo parameter or a
 * resource's physical id; Fn::GetAtt reads the attributes the resource's provider returned.
 */
export function resourceContext(
  cloud: CloudContext,
  prepared: PreparedTemplate,
  stack: StackIdentity,
  resources: () => Readonly<Record<string, ResourceRecord>>,
): IntrinsicContext {
  const { template, parameters, conditions } = prepared;
  const live = (logicalId: string, where: string): ResourceRecord => {
    if (!(logicalId in template.Resources)) throw templateError(`Unresolved resource dependencies [${logicalId}] at ${where}.`);
    const record = resources()[logicalId];
    if (!record || record.physicalId === undefined) {
      throw validationError(`${where} refers to ${logicalId}, which is not created (its Condition may be false).`);
    }
    return record;
  };
  return {
    region: stack.region,
    mappings: template.Mappings,
    ref: (name, where) => parameters.values[name] ?? pseudoParameter(name, stack) ?? live(name, where).physicalId,
    getAtt: (logicalId, attribute, where) => {
      const record = live(logicalId, where);
      const value = record.attributes?.[attribute];
      if (value === undefined) {
        throw templateError(`Template error: resource ${logicalId} does not support attribute type ${attribute} in Fn::GetAtt (at ${where}).`);
      }
      return value;
    },
    condition: (name, where) => {
      const value = conditions[name];
      if (value === undefined) throw templateError(`Unresolved dependencies [${name}]: condition used at ${where} is not in the Conditions section.`);
      return value;
    },
    importValue: (name, where) => findExport(cloud.store, stack.accountId, stack.region, name, where),
  };
}
