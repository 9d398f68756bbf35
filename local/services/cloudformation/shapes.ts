import type { ChangeSetRecord } from '../../cloudformation/changesets';
import type { ResourceRecord, StackEvent, StackRecord } from '../../cloudformation/state';

export function stackShape(stack: StackRecord): Record<string, unknown> {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    Description: stack.description,
    Parameters: Object.entries(stack.parameters).map(([key, value]) => ({
      ParameterKey: key,
      ParameterValue: stack.noEcho.includes(key) ? '****' : value,
      ResolvedValue: stack.resolvedFromSsm[key],
    })),
    CreationTime: new Date(stack.creationTime),
    DeletionTime: stack.deletionTime === undefined ? undefined : new Date(stack.deletionTime),
    LastUpdatedTime: stack.lastUpdatedTime === undefined ? undefined : new Date(stack.lastUpdatedTime),
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: stack.disableRollback,
    NotificationARNs: [],
    Capabilities: stack.capabilities.length > 0 ? stack.capabilities : undefined,
    Outputs: stack.outputs.length > 0 ? stack.outputs : undefined,
    RoleARN: stack.roleArn,
    Tags: stack.tags.length > 0 ? stack.tags : undefined,
    EnableTerminationProtection: stack.terminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function summaryShape(stack: StackRecord): Record<string, unknown> {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    TemplateDescription: stack.description,
    CreationTime: new Date(stack.creationTime),
    LastUpdatedTime: stack.lastUpdatedTime === undefined ? undefined : new Date(stack.lastUpdatedTime),
    DeletionTime: stack.deletionTime === undefined ? undefined : new Date(stack.deletionTime),
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function eventShape(event: StackEvent): Record<string, unknown> {
  return { ...event, Timestamp: new Date(event.Timestamp) };
}

export function resourceShape(stack: StackRecord, resource: ResourceRecord): Record<string, unknown> {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId,
    ResourceType: resource.type,
    Timestamp: new Date(resource.timestamp),
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

export function changeSetShape(changeSet: ChangeSetRecord): Record<string, unknown> {
  return {
    ChangeSetName: changeSet.changeSetName,
    ChangeSetId: changeSet.changeSetId,
    StackId: changeSet.stackId,
    StackName: changeSet.stackName,
    Description: changeSet.description,
    Parameters: Object.entries(changeSet.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    CreationTime: new Date(changeSet.creationTime),
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason,
    Capabilities: changeSet.capabilities.length > 0 ? changeSet.capabilities : undefined,
    Tags: changeSet.tags && changeSet.tags.length > 0 ? changeSet.tags : undefined,
    Changes: changeSet.changes.map((change) => ({ Type: 'Resource', ResourceChange: { ...change, Details: [] } })),
    IncludeNestedStacks: false,
  };
}

export function changeSetSummaryShape(changeSet: ChangeSetRecord): Record<string, unknown> {
  return {
    StackId: changeSet.stackId,
    StackName: changeSet.stackName,
    ChangeSetId: changeSet.changeSetId,
    ChangeSetName: changeSet.changeSetName,
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    StatusReason: changeSet.statusReason,
    CreationTime: new Date(changeSet.creationTime),
    Description: changeSet.description,
  };
}
