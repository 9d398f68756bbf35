import { parseTemplate } from './template';
import { randomUUID } from 'node:crypto';
import { AwsError } from '../protocols/aws-error';
import { computeChanges, type ResourceChange } from './changes';
import { checkCapabilities, checkStackName } from './checks';
import type { CallScope, CloudFormationEngine, StackInput } from './engine';
import { validationError } from './errors';
import { StackOperation } from './operation';
import type { ParameterInput } from './parameters';
import type { StackIdentity } from './prepare';
import { findStack, newStackId, stacksOf, type StackRecord } from './state';

export interface ChangeSetRecord {
  readonly changeSetId: string;
  readonly changeSetName: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  readonly type: 'CREATE' | 'UPDATE';
  readonly status: 'CREATE_COMPLETE' | 'FAILED' | 'DELETE_COMPLETE';
  readonly statusReason?: string;
  readonly executionStatus: ExecutionStatus;
  readonly creationTime: string;
  readonly description?: string;
  readonly templateBody: string;
  readonly parameterInputs: readonly ParameterInput[];
  readonly parameters: Readonly<Record<string, string>>;
  readonly capabilities: readonly string[];
  readonly tags: StackInput['tags'];
  readonly roleArn?: string;
  readonly changes: readonly ResourceChange[];
  /** CreateChangeSet's ClientToken: a retry with it answers the same change set. */
  readonly clientToken?: string;
  /** ExecuteChangeSet's ClientRequestToken: a retried execute with it is accepted once more. */
  readonly executionToken?: string;
}

export type ExecutionStatus = 'AVAILABLE' | 'UNAVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';

export interface ChangeSetInput extends StackInput {
  readonly changeSetName: string;
  readonly changeSetType?: string;
  readonly description?: string;
  readonly clientToken?: string;
}

/** Stack statuses an UPDATE change set may be made for, as for UpdateStack. */
const UPDATABLE: ReadonlySet<string> = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);
const SUCCEEDED: ReadonlySet<string> = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

const NAMESPACE = 'cfn-changesets';
const EMPTY = "The submitted information didn't contain changes. Submit different information to create a change set.";

export function changeSetsOf(engine: CloudFormationEngine) {
  return engine.cloud.store.namespace<ChangeSetRecord>(NAMESPACE);
}

/** CreateChangeSet: computes the changes at once (status CREATE_COMPLETE, or FAILED when there are none). */
export async function createChangeSet(engine: CloudFormationEngine, scope: CallScope, input: ChangeSetInput): Promise<{ id: string; stackId: string }> {
  const stackName = checkStackName(input.stackName);
  if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(input.changeSetName)) {
    throw validationError(`1 validation error detected: Value '${input.changeSetName}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
  }
  const type = input.changeSetType ?? 'UPDATE';
  if (type !== 'CREATE' && type !== 'UPDATE') throw validationError(`ChangeSetType ${type} must be CREATE or UPDATE (IMPORT is not supported locally).`);
  const accountId = scope.caller.accountId;
  let stack = await findStack(engine.cloud.store, accountId, scope.region, stackName);
  if (stack) {
    const same = (await changeSetsOf(engine).entries()).find(([, c]) => c.stackId === stack?.stackId && c.changeSetName === input.changeSetName && c.status !== 'DELETE_COMPLETE')?.[1];
    // A retry (same ClientToken) of a call that made the change set answers that change set.
    if (same && input.clientToken !== undefined && same.clientToken === input.clientToken) return { id: same.changeSetId, stackId: same.stackId };
  }
  if (type === 'CREATE' && stack && stack.status !== 'REVIEW_IN_PROGRESS') throw validationError(`Stack [${stackName}] already exists and cannot be created again with the changeSet [${input.changeSetName}].`);
  if (type === 'UPDATE' && (!stack || stack.status === 'REVIEW_IN_PROGRESS')) throw validationError(`Stack [${stackName}] does not exist`);
  if (type === 'UPDATE' && stack && !UPDATABLE.has(stack.status)) throw validationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
  const templateBody = input.usePreviousTemplate ? stack?.templateBody : input.templateBody;
  if (templateBody === undefined) throw validationError('Either Template URL or Template Body must be specified.');
  const identity: StackIdentity = stack
    ? { accountId, region: scope.region, stackName, stackId: stack.stackId }
    : { accountId, region: scope.region, stackName, stackId: newStackId(accountId, scope.region, stackName) };
  const prepared = await engine.prepare(scope, identity, templateBody, input.parameters ?? [], stack?.parameters ?? {});
  checkCapabilities(prepared, engine.settings.providers, input.capabilities ?? []);
  const existing = (await changeSetsOf(engine).entries()).find(([, c]) => c.stackId === identity.stackId && c.changeSetName === input.changeSetName && c.status !== 'DELETE_COMPLETE');
  if (existing) throw new AwsError('AlreadyExistsException', `ChangeSet [${input.changeSetName}] already exists: delete it or give another ChangeSetName (a retry with the first call's ClientToken answers it).`, 400);
  if (!stack) {
    stack = reviewStack(identity, templateBody, engine.cloud.now().toISOString());
    await stacksOf(engine.cloud.store).put(identity.stackId, stack);
    const operation = new StackOperation(engine.cloud, engine.settings, identity, scope.caller, input.clientRequestToken);
    await operation.setStatus('REVIEW_IN_PROGRESS', 'User Initiated');
  }
  const changes = computeChanges(engine.cloud, prepared, identity, stack.resources, engine.settings.providers);
  const unchanged =
    type === 'UPDATE' &&
    changes.length === 0 &&
    JSON.stringify(prepared.template.Outputs ?? {}) === JSON.stringify(safeOutputs(stack.templateBody)) &&
    JSON.stringify(prepared.parameters.given) === JSON.stringify(stack.parameters) &&
    JSON.stringify(input.tags ?? stack.tags) === JSON.stringify(stack.tags);
  const record: ChangeSetRecord = {
    changeSetId: `arn:aws:cloudformation:${scope.region}:${accountId}:changeSet/${input.changeSetName}/${randomUUID()}`,
    changeSetName: input.changeSetName,
    stackId: identity.stackId,
    stackName,
    accountId,
    region: scope.region,
    type,
    status: unchanged ? 'FAILED' : 'CREATE_COMPLETE',
    ...(unchanged ? { statusReason: EMPTY } : {}),
    executionStatus: unchanged ? 'UNAVAILABLE' : 'AVAILABLE',
    creationTime: engine.cloud.now().toISOString(),
    ...(input.description === undefined ? {} : { description: input.description }),
    templateBody,
    parameterInputs: input.parameters ?? [],
    parameters: prepared.parameters.given,
    capabilities: input.capabilities ?? [],
    tags: input.tags ?? stack.tags,
    ...(input.roleArn === undefined ? {} : { roleArn: input.roleArn }),
    changes,
    ...(input.clientToken === undefined ? {} : { clientToken: input.clientToken }),
  };
  await changeSetsOf(engine).put(record.changeSetId, record);
  return { id: record.changeSetId, stackId: identity.stackId };
}

/** The Outputs of the stack's current template, JSON or YAML alike. */
function safeOutputs(templateBody: string): unknown {
  try {
    return parseTemplate(templateBody).Outputs ?? {};
  } catch {
    return undefined;
  }
}

function reviewStack(identity: StackIdentity, templateBody: string, now: string): StackRecord {
  return {
    ...identity,
    status: 'REVIEW_IN_PROGRESS',
    creationTime: now,
    templateBody,
    parameters: {},
    noEcho: [],
    resolvedFromSsm: {},
    capabilities: [],
    tags: [],
    outputs: [],
    resources: {},
    terminationProtection: false,
    disableRollback: false,
    clientRequestTokens: [],
    imports: [],
  };
}

/** A change set by ARN, or by name with the stack it belongs to; ChangeSetNotFound otherwise. */
export async function findChangeSet(engine: CloudFormationEngine, scope: CallScope, name: string, stackName: string | undefined): Promise<ChangeSetRecord> {
  const all = (await changeSetsOf(engine).entries()).map(([, c]) => c).filter((c) => c.accountId === scope.caller.accountId && c.region === scope.region && c.status !== 'DELETE_COMPLETE');
  let found: ChangeSetRecord | undefined;
  if (name.startsWith('arn:')) found = all.find((c) => c.changeSetId === name);
  else {
    if (stackName === undefined) throw validationError('StackName must be specified if ChangeSetName is not specified as an ARN.');
    const stack = await findStack(engine.cloud.store, scope.caller.accountId, scope.region, stackName);
    found = stack ? all.find((c) => c.stackId === stack.stackId && c.changeSetName === name) : undefined;
  }
  const stack = found ? await stacksOf(engine.cloud.store).get(found.stackId) : undefined;
  // Deleting a stack deletes its change sets.
  if (!found || !stack || stack.status === 'DELETE_COMPLETE') throw new AwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, 404);
  return settle(engine, found, stack);
}

/**
 * An executing change set's status follows its stack's operation: EXECUTE_COMPLETE once the
 * stack succeeds, EXECUTE_FAILED once it fails or rolls back; the outcome is kept once seen.
 */
async function settle(engine: CloudFormationEngine, changeSet: ChangeSetRecord, stack: StackRecord): Promise<ChangeSetRecord> {
  if (changeSet.executionStatus !== 'EXECUTE_IN_PROGRESS' || (/_IN_PROGRESS$/.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS')) return changeSet;
  const settled: ChangeSetRecord = { ...changeSet, executionStatus: SUCCEEDED.has(stack.status) ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED' };
  await changeSetsOf(engine).put(settled.changeSetId, settled);
  return settled;
}

export async function listChangeSets(engine: CloudFormationEngine, stack: StackRecord): Promise<ChangeSetRecord[]> {
  const own = (await changeSetsOf(engine).entries()).map(([, c]) => c).filter((c) => c.stackId === stack.stackId && c.status !== 'DELETE_COMPLETE');
  return Promise.all(own.map((changeSet) => settle(engine, changeSet, stack)));
}

/** ExecuteChangeSet: runs the create or update the change set describes; other change sets of the stack become obsolete. */
export async function executeChangeSet(engine: CloudFormationEngine, scope: CallScope, changeSet: ChangeSetRecord, options: { clientRequestToken?: string; disableRollback?: boolean }): Promise<void> {
  // A retried execute (same ClientRequestToken) of a change set it already started is accepted.
  if (options.clientRequestToken !== undefined && changeSet.executionToken === options.clientRequestToken) return;
  if (changeSet.status !== 'CREATE_COMPLETE') {
    throw new AwsError('InvalidChangeSetStatus', `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current status of [${changeSet.status}]`, 400);
  }
  if (changeSet.executionStatus !== 'AVAILABLE') {
    throw new AwsError('InvalidChangeSetStatus', `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`, 400);
  }
  const input: StackInput = {
    stackName: changeSet.stackId,
    templateBody: changeSet.templateBody,
    parameters: Object.entries(changeSet.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    capabilities: changeSet.capabilities,
    ...(changeSet.tags === undefined ? {} : { tags: changeSet.tags }),
    ...(changeSet.roleArn === undefined ? {} : { roleArn: changeSet.roleArn }),
    ...(options.clientRequestToken === undefined ? {} : { clientRequestToken: options.clientRequestToken }),
    ...(options.disableRollback === undefined ? {} : { disableRollback: options.disableRollback }),
  };
  if (changeSet.type === 'CREATE') await engine.createStack(scope, { ...input, stackName: changeSet.stackName });
  else await engine.updateStack(scope, input);
  for (const other of await changeSetsOf(engine).entries()) {
    const [id, record] = other;
    if (record.stackId !== changeSet.stackId) continue;
    const executed: ChangeSetRecord = {
      ...record,
      executionStatus: 'EXECUTE_IN_PROGRESS',
      ...(options.clientRequestToken === undefined ? {} : { executionToken: options.clientRequestToken }),
    };
    await changeSetsOf(engine).put(id, id === changeSet.changeSetId ? executed : { ...record, executionStatus: 'OBSOLETE' });
  }
}

export async function deleteChangeSet(engine: CloudFormationEngine, changeSet: ChangeSetRecord): Promise<void> {
  if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
    throw new AwsError('InvalidChangeSetStatus', `ChangeSet [${changeSet.changeSetId}] cannot be deleted while it is executing.`, 400);
  }
  await changeSetsOf(engine).delete(changeSet.changeSetId);
}

