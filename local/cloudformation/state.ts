import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store';
import type { ResourceStatus, StackStatus } from './types';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** One resource of a stack as CloudFormation tracks it. */
export interface ResourceRecord {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId?: string;
  readonly status: ResourceStatus;
  readonly statusReason?: string;
  readonly timestamp: string;
  /** Properties as resolved when the resource was last created or updated. */
  readonly properties?: Record<string, unknown>;
  readonly attributes?: Record<string, unknown>;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

export interface OutputRecord {
  readonly OutputKey: string;
  readonly OutputValue: string;
  readonly Description?: string;
  readonly ExportName?: string;
}

/** What an update changed, kept until it completes so a failure can be rolled back (also after a restart). */
export interface PendingUpdate {
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly outputs: readonly OutputRecord[];
  readonly description?: string;
  /** Resources as they were before the update, by logical id. */
  readonly before: Readonly<Record<string, ResourceRecord>>;
  /** Old instances of replaced resources, deleted in the cleanup phase (or kept on rollback). */
  readonly replaced: Readonly<Record<string, ResourceRecord>>;
}

export interface StackRecord {
  readonly stackId: string;
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  readonly status: StackStatus;
  readonly statusReason?: string;
  readonly creationTime: string;
  readonly lastUpdatedTime?: string;
  readonly deletionTime?: string;
  readonly description?: string;
  readonly templateBody: string;
  /** Parameter values as given (SSM-typed ones hold the parameter name). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly noEcho: readonly string[];
  readonly resolvedFromSsm: Readonly<Record<string, string>>;
  readonly capabilities: readonly string[];
  readonly roleArn?: string;
  readonly tags: readonly Tag[];
  readonly outputs: readonly OutputRecord[];
  readonly resources: Readonly<Record<string, ResourceRecord>>;
  readonly terminationProtection: boolean;
  readonly disableRollback: boolean;
  /** Tokens of the operations already accepted, so a retried call is not run twice. */
  readonly clientRequestTokens: readonly string[];
  /** Export names this stack's template imports, so their exporter cannot drop them. */
  readonly imports: readonly string[];
  readonly pendingUpdate?: PendingUpdate;
  /** Set for a stack made by a CREATE change set and not yet executed. */
  readonly reviewChangeSetId?: string;
}

export interface StackEvent {
  readonly EventId: string;
  readonly StackId: string;
  readonly StackName: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType: string;
  readonly Timestamp: string;
  readonly ResourceStatus: string;
  readonly ResourceStatusReason?: string;
  readonly ResourceProperties?: string;
  readonly ClientRequestToken?: string;
}

const STACKS = 'cfn-stacks';
const EVENTS = 'cfn-events';

export function stacksOf(store: Store) {
  return store.namespace<StackRecord>(STACKS);
}

function eventsOf(store: Store) {
  return store.namespace<StackEvent[]>(EVENTS);
}

export function newStackId(accountId: string, region: string, stackName: string): string {
  return `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/${randomUUID()}`;
}

export function isStackArn(value: string): boolean {
  return /^arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\d{12}:stack\/[^/]+\/[^/]+$/.test(value);
}

/**
 * The stack a StackName parameter names: a stack ARN (even of a deleted stack) or the name of the
 * live stack of that name in the account and region.
 */
export async function findStack(store: Store, accountId: string, region: string, nameOrId: string): Promise<StackRecord | undefined> {
  if (isStackArn(nameOrId)) {
    const stack = await stacksOf(store).get(nameOrId);
    return stack && stack.accountId === accountId && stack.region === region ? stack : undefined;
  }
  for (const [, stack] of await stacksOf(store).entries()) {
    if (stack.accountId === accountId && stack.region === region && stack.stackName === nameOrId && stack.status !== 'DELETE_COMPLETE') return stack;
  }
  return undefined;
}

/** Applies a change to a stored stack; the change sees the latest record. */
export async function changeStack(store: Store, stackId: string, change: (stack: StackRecord) => StackRecord): Promise<StackRecord> {
  const updated = await stacksOf(store).update(stackId, (current) => (current === undefined ? undefined : change(current)));
  if (updated === undefined) throw new Error(`stack ${stackId} vanished from the store during an operation`);
  return updated;
}

export async function appendEvent(store: Store, event: Omit<StackEvent, 'EventId'>): Promise<StackEvent> {
  const stored: StackEvent = { EventId: `${event.LogicalResourceId}-${event.ResourceStatus}-${randomUUID()}`, ...event };
  await eventsOf(store).update(event.StackId, (current) => [stored, ...(current ?? [])]);
  return stored;
}

/** Events newest first, as DescribeStackEvents lists them. */
export async function eventsOfStack(store: Store, stackId: string): Promise<readonly StackEvent[]> {
  return (await eventsOf(store).get(stackId)) ?? [];
}
