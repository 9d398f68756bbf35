import { AwsError } from '../protocols/aws-error';
import { getParameter } from '../services/ssm/parameters';
import type { CallerIdentity, CloudContext } from '../services/service';
import { checkCapabilities, checkResourceTypes, checkStackName, operatingIdentity } from './checks';
import { stackNotFound, validationError } from './errors';
import { StackOperation, type EngineSettings } from './operation';
import type { ParameterInput } from './parameters';
import { prepareTemplate, type PreparedTemplate, type StackIdentity } from './prepare';
import type { ResourceProvider } from './provider';
import { defaultProviders } from './resources';
import { changeStack, findStack, newStackId, stacksOf, type StackRecord, type Tag } from './state';
import { parseTemplate } from './template';
import { importsOf } from './imports';
import { runCreate, runDelete, runUpdate, rollbackUpdate } from './lifecycle';
import type { ResourceFaults } from '../org/faults';

export interface EngineOptions {
  readonly resourceLatencyMs?: number;
  readonly concurrency?: number;
  /** Providers besides (or replacing) the built-in ones, by type. */
  readonly providers?: readonly ResourceProvider[];
  /** Where failures of the engine itself are reported. @default stderr */
  readonly log?: (line: string) => void;
  /** Fault rules asked before each resource action (see local/org/faults.ts). @default none */
  readonly faults?: ResourceFaults;
}

export interface StackInput {
  readonly stackName: string;
  /** The template text (JSON or YAML); already read from TemplateURL by the caller of the engine. */
  readonly templateBody?: string;
  readonly usePreviousTemplate?: boolean;
  readonly parameters?: readonly ParameterInput[];
  readonly capabilities?: readonly string[];
  readonly roleArn?: string;
  readonly tags?: readonly Tag[];
  readonly disableRollback?: boolean;
  readonly clientRequestToken?: string;
  readonly enableTerminationProtection?: boolean;
}

/** Where a call comes from: who signed it and in which region. */
export interface CallScope {
  readonly caller: CallerIdentity;
  readonly region: string;
}

const BUSY = /_IN_PROGRESS$/;
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

/**
 * CloudFormation's stack life-cycle on the local cloud. Calls validate and return at once; the
 * operation then runs in the background and DescribeStacks/DescribeStackEvents show its progress.
 */
export class CloudFormationEngine {
  public readonly settings: EngineSettings;
  private readonly running = new Set<Promise<void>>();
  private readonly log: (line: string) => void;

  public constructor(public readonly cloud: CloudContext, options: EngineOptions = {}) {
    const providers = new Map(defaultProviders().map((provider) => [provider.type, provider]));
    for (const provider of options.providers ?? []) providers.set(provider.type, provider);
    this.settings = { resourceLatencyMs: options.resourceLatencyMs ?? 0, concurrency: options.concurrency ?? 4, providers, ...(options.faults ? { faults: options.faults } : {}) };
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Resolves once every operation started so far has reached a terminal status. */
  public async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  public async prepare(scope: CallScope, stack: StackIdentity, templateBody: string, parameters: readonly ParameterInput[], previous: Readonly<Record<string, string>> = {}): Promise<PreparedTemplate> {
    const template = parseTemplate(templateBody);
    const ssm = async (name: string) => (await getParameter(this.cloud.store, stack.accountId, scope.region, name))?.value;
    const prepared = await prepareTemplate(template, parameters, previous, ssm, stack);
    checkResourceTypes(prepared, this.settings.providers);
    return prepared;
  }

  public async createStack(scope: CallScope, input: StackInput): Promise<{ stackId: string }> {
    const stackName = checkStackName(input.stackName);
    const accountId = scope.caller.accountId;
    const existing = await findStack(this.cloud.store, accountId, scope.region, stackName);
    if (existing) {
      if (input.clientRequestToken !== undefined && existing.clientRequestTokens.includes(input.clientRequestToken)) return { stackId: existing.stackId };
      if (existing.status !== 'REVIEW_IN_PROGRESS') throw new AwsError('AlreadyExistsException', `Stack [${stackName}] already exists`, 400);
    }
    if (input.templateBody === undefined) throw validationError('Either TemplateBody or TemplateURL must be specified.');
    const stack: StackIdentity = { accountId, region: scope.region, stackName, stackId: existing?.stackId ?? newStackId(accountId, scope.region, stackName) };
    const prepared = await this.prepare(scope, stack, input.templateBody, input.parameters ?? []);
    checkCapabilities(prepared, this.settings.providers, input.capabilities ?? []);
    const identity = await operatingIdentity(this.cloud, scope.caller, input.roleArn);
    const now = this.cloud.now().toISOString();
    const record: StackRecord = {
      ...stack,
      status: 'CREATE_IN_PROGRESS',
      creationTime: existing?.creationTime ?? now,
      ...(prepared.template.Description === undefined ? {} : { description: prepared.template.Description }),
      templateBody: input.templateBody,
      parameters: prepared.parameters.given,
      noEcho: prepared.parameters.noEcho,
      resolvedFromSsm: prepared.parameters.resolvedFromSsm,
      capabilities: [...(input.capabilities ?? [])],
      ...(input.roleArn === undefined ? {} : { roleArn: input.roleArn }),
      tags: [...(input.tags ?? [])],
      outputs: [],
      resources: {},
      terminationProtection: input.enableTerminationProtection ?? false,
      disableRollback: input.disableRollback ?? false,
      clientRequestTokens: input.clientRequestToken === undefined ? [] : [input.clientRequestToken],
      imports: importsOf(prepared.template),
    };
    await stacksOf(this.cloud.store).put(stack.stackId, record);
    const operation = new StackOperation(this.cloud, this.settings, stack, identity, input.clientRequestToken);
    await operation.setStatus('CREATE_IN_PROGRESS', existing ? undefined : 'User Initiated');
    this.spawn(stack.stackId, () => runCreate(operation, prepared, record.disableRollback));
    return { stackId: stack.stackId };
  }

  public async updateStack(scope: CallScope, input: StackInput): Promise<{ stackId: string }> {
    const current = await this.requireStack(scope, input.stackName);
    if (input.clientRequestToken !== undefined && current.clientRequestTokens.includes(input.clientRequestToken)) return { stackId: current.stackId };
    if (!UPDATABLE.has(current.status)) {
      throw validationError(`Stack:${current.stackId} is in ${current.status} state and can not be updated.`);
    }
    const templateBody = input.usePreviousTemplate ? current.templateBody : input.templateBody;
    if (templateBody === undefined) throw validationError('Either Template URL or Template Body must be specified.');
    const stack: StackIdentity = { accountId: current.accountId, region: current.region, stackName: current.stackName, stackId: current.stackId };
    const prepared = await this.prepare(scope, stack, templateBody, input.parameters ?? [], current.parameters);
    checkCapabilities(prepared, this.settings.providers, input.capabilities ?? []);
    const tags = input.tags ?? current.tags;
    if (sameTemplate(templateBody, current.templateBody) && sameRecord(prepared.parameters.given, current.parameters) && JSON.stringify(tags) === JSON.stringify(current.tags) && (input.roleArn ?? current.roleArn) === current.roleArn) {
      throw validationError('No updates are to be performed.');
    }
    const previous = await this.prepare(scope, stack, current.templateBody, [], current.parameters).catch(() => undefined);
    if (!previous) throw validationError(`Stack ${current.stackName}: its current template can no longer be resolved (an SSM parameter or export it reads is gone); restore it before updating.`);
    const roleArn = input.roleArn ?? current.roleArn;
    const identity = await operatingIdentity(this.cloud, scope.caller, roleArn);
    await changeStack(this.cloud.store, current.stackId, (s) => ({
      ...s,
      pendingUpdate: { templateBody: s.templateBody, parameters: s.parameters, outputs: s.outputs, ...(s.description === undefined ? {} : { description: s.description }), before: s.resources, replaced: {} },
      templateBody,
      parameters: prepared.parameters.given,
      noEcho: prepared.parameters.noEcho,
      resolvedFromSsm: prepared.parameters.resolvedFromSsm,
      capabilities: [...(input.capabilities ?? [])],
      ...(roleArn === undefined ? {} : { roleArn }),
      tags: [...tags],
      description: prepared.template.Description,
      lastUpdatedTime: this.cloud.now().toISOString(),
      imports: importsOf(prepared.template),
      clientRequestTokens: input.clientRequestToken === undefined ? s.clientRequestTokens : [...s.clientRequestTokens, input.clientRequestToken],
    }));
    const operation = new StackOperation(this.cloud, this.settings, stack, identity, input.clientRequestToken);
    await operation.setStatus('UPDATE_IN_PROGRESS', 'User Initiated');
    this.spawn(stack.stackId, () => runUpdate(operation, prepared, previous, input.disableRollback ?? false));
    return { stackId: stack.stackId };
  }

  public async deleteStack(scope: CallScope, input: { stackName: string; retainResources?: readonly string[]; roleArn?: string; clientRequestToken?: string }): Promise<void> {
    const current = await findStack(this.cloud.store, scope.caller.accountId, scope.region, input.stackName);
    // Deleting a stack that does not exist (or is gone) succeeds, as in CloudFormation.
    if (!current || current.status === 'DELETE_COMPLETE') return;
    if (input.clientRequestToken !== undefined && current.clientRequestTokens.includes(input.clientRequestToken)) return;
    if (current.terminationProtection) {
      throw validationError(`Stack [${current.stackName}] cannot be deleted while TerminationProtection is enabled`);
    }
    if (current.status === 'DELETE_IN_PROGRESS') return;
    if (BUSY.test(current.status) && current.status !== 'REVIEW_IN_PROGRESS') {
      throw validationError(`Stack [${current.stackName}] is in ${current.status} state and can not be deleted until the operation completes.`);
    }
    if ((input.retainResources ?? []).length > 0 && current.status !== 'DELETE_FAILED') {
      throw validationError('Invalid operation on stack: RetainResources may only be given for a stack in DELETE_FAILED state.');
    }
    const identity = await operatingIdentity(this.cloud, scope.caller, input.roleArn ?? current.roleArn);
    const stack: StackIdentity = { accountId: current.accountId, region: current.region, stackName: current.stackName, stackId: current.stackId };
    const prepared = await this.prepare(scope, stack, current.templateBody, [], current.parameters).catch(() => undefined);
    await changeStack(this.cloud.store, current.stackId, (s) => ({
      ...s,
      clientRequestTokens: input.clientRequestToken === undefined ? s.clientRequestTokens : [...s.clientRequestTokens, input.clientRequestToken],
    }));
    const operation = new StackOperation(this.cloud, this.settings, stack, identity, input.clientRequestToken);
    operation.resources = current.resources;
    await operation.setStatus('DELETE_IN_PROGRESS', 'User Initiated');
    this.spawn(stack.stackId, () => runDelete(operation, prepared, new Set(input.retainResources ?? [])));
  }

  public async continueUpdateRollback(scope: CallScope, input: { stackName: string; resourcesToSkip?: readonly string[]; roleArn?: string; clientRequestToken?: string }): Promise<void> {
    const current = await this.requireStack(scope, input.stackName);
    if (input.clientRequestToken !== undefined && current.clientRequestTokens.includes(input.clientRequestToken)) return;
    if (current.status !== 'UPDATE_ROLLBACK_FAILED' || !current.pendingUpdate) {
      throw validationError(`Stack ${current.stackName} is in ${current.status} state: ContinueUpdateRollback applies to UPDATE_ROLLBACK_FAILED only.`);
    }
    const stack: StackIdentity = { accountId: current.accountId, region: current.region, stackName: current.stackName, stackId: current.stackId };
    const pending = current.pendingUpdate;
    const previous = await this.prepare(scope, stack, pending.templateBody, [], pending.parameters);
    const attempted = await this.prepare(scope, stack, current.templateBody, [], current.parameters);
    const identity = await operatingIdentity(this.cloud, scope.caller, input.roleArn ?? current.roleArn);
    const operation = new StackOperation(this.cloud, this.settings, stack, identity, input.clientRequestToken);
    await operation.setStatus('UPDATE_ROLLBACK_IN_PROGRESS', 'User Initiated', (s) => ({
      ...s,
      clientRequestTokens: input.clientRequestToken === undefined ? s.clientRequestTokens : [...s.clientRequestTokens, input.clientRequestToken],
    }));
    this.spawn(stack.stackId, () => rollbackUpdate(operation, previous, attempted, new Set(input.resourcesToSkip ?? [])));
  }

  public async updateTerminationProtection(scope: CallScope, stackName: string, enabled: boolean): Promise<{ stackId: string }> {
    const current = await this.requireStack(scope, stackName);
    await changeStack(this.cloud.store, current.stackId, (s) => ({ ...s, terminationProtection: enabled }));
    return { stackId: current.stackId };
  }

  public async requireStack(scope: CallScope, nameOrId: string): Promise<StackRecord> {
    const stack = await findStack(this.cloud.store, scope.caller.accountId, scope.region, nameOrId);
    if (!stack || stack.status === 'DELETE_COMPLETE') throw stackNotFound(nameOrId);
    return stack;
  }

  /** Starts an operation in the background; a crash of the engine itself leaves a failed status, never a stuck one. */
  public spawn(stackId: string, run: () => Promise<void>): void {
    const task = run().catch(async (error: unknown) => {
      this.log(`stack operation on ${stackId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await changeStack(this.cloud.store, stackId, (s) => ({ ...s, status: failedStatusOf(s.status), statusReason: `Internal failure: ${error instanceof Error ? error.message : String(error)}` })).catch(() => undefined);
    });
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }
}

function failedStatusOf(status: string): StackRecord['status'] {
  if (status.startsWith('CREATE')) return 'CREATE_FAILED';
  if (status.startsWith('ROLLBACK')) return 'ROLLBACK_FAILED';
  if (status.startsWith('DELETE')) return 'DELETE_FAILED';
  if (status.startsWith('UPDATE_ROLLBACK')) return 'UPDATE_ROLLBACK_FAILED';
  return 'UPDATE_FAILED';
}

export function sameTemplate(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(parseTemplate(a)) === JSON.stringify(parseTemplate(b));
  } catch {
    return false;
  }
}

function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
