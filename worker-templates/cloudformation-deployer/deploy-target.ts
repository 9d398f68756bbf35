import {
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
  type CloudFormationClient,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { WorkerContext } from '../lib';
import { attentionAdvice, decide, type StackView } from './decide';
import { AFTER_FAILURE, isMissingChangeSet, refusalAdvice } from './causes';
import { DeployerError, DeployerErrors, said } from './errors';
import { changeSetName, executionRoleArn, requestToken, type NameScope } from './names';
import { outputsOf, pollDelay, stackLink, type DeployAnswer, type DeployResult } from './outcome';
import { parametersFor, type DeployerPayload } from './payload';
import { firstFailure, readChangeSet, readStack } from './stack-reader';
import type { DeployState } from './state';
import { templateArgument } from './template-source';

export interface DeployDeps {
  /** CloudFormation of the member account and region. */
  readonly cfn: CloudFormationClient;
  /** S3 of the hub, to presign an S3 template. @default a client with the worker's own role */
  readonly hubS3?: S3Client;
  readonly now?: () => Date;
}

const SETTLING = /_IN_PROGRESS$/;
/**
 * Execution statuses of a change set not yet executed. Any other (executing, executed, obsolete)
 * found while the stack is settled was used by an earlier run: its name cannot be made again.
 */
const UNUSED = new Set(['AVAILABLE', 'UNAVAILABLE']);
/** Change sets of earlier runs (redrives) of one execution for a target that are stepped past. */
const MAX_SKIPPED_STEPS = 20;
const NO_CHANGES = /didn't contain changes|No updates are to be performed/;

/**
 * One target's deployment, advanced by one step per invocation: each call looks at where the
 * previous one left off (the State it handed back), does the next thing, and answers
 * IN_PROGRESS until the stack is settled in the asked state or the attempt has failed.
 */
export class TargetDeployment {
  private readonly now: () => Date;
  private readonly cfn: CloudFormationClient;

  public constructor(
    private readonly ctx: WorkerContext,
    private readonly payload: DeployerPayload,
    private readonly deps: DeployDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.cfn = deps.cfn;
  }

  public async advance(state: DeployState): Promise<DeployAnswer> {
    if (state.phase === 'change-set') return this.awaitChangeSet(state);
    if (state.phase === 'operation') return this.awaitOperation(state);
    return this.begin(state);
  }

  private get stackName(): string {
    return this.payload.StackName;
  }

  private scope(step: number): NameScope {
    return { executionId: this.ctx.executionId, accountId: this.ctx.accountId, region: this.ctx.region, step };
  }

  private roleArn(): string {
    return executionRoleArn(this.ctx.accountId, this.ctx.region, this.payload.ExecutionRoleName);
  }

  private result(stack: Stack | undefined, extra: Partial<DeployResult> = {}): DeployResult {
    return {
      StackName: this.stackName,
      Action: this.payload.Action,
      ...(stack?.StackId ? { StackId: stack.StackId } : {}),
      ...(stack?.StackStatus ? { StackStatus: stack.StackStatus } : {}),
      ...extra,
    };
  }

  private waitFor(state: DeployState): DeployAnswer {
    return { Status: 'IN_PROGRESS', PollAfterSeconds: pollDelay(state.startedAt, this.now()), State: state };
  }

  private failed(error: string, cause: string, stack?: Stack, extra: Partial<DeployResult> = {}): DeployAnswer {
    return { Status: 'FAILED', Error: error, Cause: cause, Result: this.result(stack, extra), Link: stackLink(this.stackName, this.ctx.region, stack?.StackId) };
  }

  /** No operation running for this target: read the stack and take the step its status calls for. */
  private async begin(state: DeployState): Promise<DeployAnswer> {
    const stack = await readStack(this.cfn, this.stackName);
    const resumed = await this.resumeOwnChangeSet(state, stack);
    if (resumed) return resumed;
    const view: StackView | undefined = stack ? { StackStatus: stack.StackStatus ?? 'UNKNOWN', EnableTerminationProtection: stack.EnableTerminationProtection } : undefined;
    const step = decide(view, { Action: this.payload.Action, PlanOnly: this.payload.PlanOnly, TerminationProtection: this.payload.TerminationProtection });
    switch (step.kind) {
      case 'nothing':
        return { Status: 'NO_CHANGE', Result: this.result(stack) };
      case 'wait':
        // A retried invocation finds the delete its first attempt started: wait on it as ours.
        if (stack?.StackStatus === 'DELETE_IN_PROGRESS' && this.payload.Action === 'delete' && !this.payload.PlanOnly) {
          const token = requestToken(this.scope(state.step), 'delete');
          return this.waitFor({ step: state.step + 1, phase: 'operation', operation: 'delete', then: 'done', token, startedAt: this.now().toISOString() });
        }
        return this.waitFor(state);
      case 'attention':
        return this.failed(DeployerErrors.STACK_NEEDS_ATTENTION, step.cause, stack);
      case 'report':
        return { Status: 'SUCCEEDED', Result: this.result(stack, { Note: step.note }), Link: stackLink(this.stackName, this.ctx.region, stack?.StackId) };
      case 'unprotect':
        await this.cfn.send(new UpdateTerminationProtectionCommand({ StackName: this.stackName, EnableTerminationProtection: false }));
        return this.waitFor(state);
      case 'continue-rollback':
        return this.startOperation(state, 'continue-rollback', (token) =>
          this.cfn.send(new ContinueUpdateRollbackCommand({ StackName: this.stackName, RoleARN: this.roleArn(), ClientRequestToken: token })),
        );
      case 'delete':
        return this.startOperation({ ...state, then: step.then }, 'delete', (token) =>
          this.cfn.send(new DeleteStackCommand({ StackName: this.stackName, RoleARN: this.roleArn(), ClientRequestToken: token })),
        );
      case 'change-set':
        return this.createChangeSet(state, step.type);
    }
  }

  /**
   * A CREATE change set puts a new stack under review at once: a retried invocation that finds
   * the stack so must carry on with the change set its first attempt made, not clear it away.
   */
  private async resumeOwnChangeSet(state: DeployState, stack: Stack | undefined): Promise<DeployAnswer | undefined> {
    if (stack?.StackStatus !== 'REVIEW_IN_PROGRESS' || this.payload.Action !== 'deploy') return undefined;
    const name = changeSetName(this.scope(state.step));
    if ((await readChangeSet(this.cfn, this.stackName, name)) === undefined) return undefined;
    return this.waitFor({ ...state, step: state.step + 1, phase: 'change-set', changeSetName: name, changeSetType: 'CREATE', startedAt: this.now().toISOString() });
  }

  private async startOperation(state: DeployState, operation: NonNullable<DeployState['operation']>, call: (token: string) => Promise<unknown>): Promise<DeployAnswer> {
    const token = requestToken(this.scope(state.step), operation);
    await call(token);
    return this.waitFor({ ...state, step: state.step + 1, phase: 'operation', operation, token, startedAt: this.now().toISOString() });
  }

  private async createChangeSet(state: DeployState, type: 'CREATE' | 'UPDATE', skipped = 0): Promise<DeployAnswer> {
    const name = changeSetName(this.scope(state.step));
    const changeSetState: DeployState = { ...state, step: state.step + 1, phase: 'change-set', changeSetName: name, changeSetType: type, startedAt: this.now().toISOString() };
    const existing = await readChangeSet(this.cfn, this.stackName, name);
    if (existing !== undefined) {
      // One already used was made by an earlier run of this execution (a redrive): step past it.
      // CloudFormation may answer a CreateChangeSet with its ClientToken with that old change set.
      if (!UNUSED.has(existing.ExecutionStatus ?? 'UNAVAILABLE') && skipped < MAX_SKIPPED_STEPS) return this.createChangeSet({ ...state, step: state.step + 1 }, type, skipped + 1);
      // A retried invocation finds the change set its first attempt made: carry on with it.
      return this.waitFor(changeSetState);
    }
    const template = await templateArgument(this.payload, this.deps.hubS3);
    const parameters = parametersFor(this.payload, this.ctx);
    try {
      await this.cfn.send(
        new CreateChangeSetCommand({
          StackName: this.stackName,
          ChangeSetName: name,
          ChangeSetType: type,
          ...template,
          Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
          ...(this.payload.Capabilities ? { Capabilities: this.payload.Capabilities } : {}),
          ...(this.payload.Tags ? { Tags: Object.entries(this.payload.Tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
          RoleARN: this.roleArn(),
          ClientToken: requestToken(this.scope(state.step), 'change-set'),
        }),
      );
    } catch (error) {
      const { name: errorName, message } = said(error);
      // Another attempt of this invocation made it between the look and the call: carry on with it.
      if (errorName === 'AlreadyExistsException') return this.waitFor(changeSetState);
      if (errorName === 'ValidationError' || errorName === 'InsufficientCapabilitiesException') {
        const advice = refusalAdvice(message, this.payload.ExecutionRoleName, this.ctx.accountId);
        throw new DeployerError(DeployerErrors.TEMPLATE_REFUSED, `CloudFormation refused the change set: ${message}${advice}`);
      }
      throw error;
    }
    return this.waitFor(changeSetState);
  }

  private async awaitChangeSet(state: DeployState): Promise<DeployAnswer> {
    const name = state.changeSetName as string;
    const changeSet = await readChangeSet(this.cfn, this.stackName, name);
    if (changeSet === undefined) {
      return this.failed(DeployerErrors.CHANGE_SET_FAILED, `change set ${name} was deleted before the deployer could use it (by another run or a person): run again`, undefined, { ChangeSetName: name });
    }
    if (changeSet.Status === 'CREATE_PENDING' || changeSet.Status === 'CREATE_IN_PROGRESS') return this.waitFor(state);
    if (changeSet.Status !== 'CREATE_COMPLETE') {
      const reason = changeSet.StatusReason ?? `change set ${changeSet.Status}`;
      await this.discardChangeSet(state);
      const stack = await readStack(this.cfn, this.stackName);
      if (NO_CHANGES.test(reason)) return this.settled('NO_CHANGE', stack);
      const advice = refusalAdvice(reason, this.payload.ExecutionRoleName, this.ctx.accountId);
      return this.failed(DeployerErrors.CHANGE_SET_FAILED, `change set ${name} ${changeSet.Status}: ${reason}${advice}`, stack, { ChangeSetName: name });
    }
    if (this.payload.PlanOnly) {
      await this.discardChangeSet(state);
      const stack = state.changeSetType === 'UPDATE' ? await readStack(this.cfn, this.stackName) : undefined;
      return { Status: 'SUCCEEDED', Result: this.result(stack, { ChangeSetName: name, Changes: changeSet.Changes }), Link: stackLink(this.stackName, this.ctx.region, stack?.StackId) };
    }
    const token = requestToken(this.scope(state.step), 'execute');
    // A retried invocation may find the change set already executing: do not execute twice.
    if (changeSet.ExecutionStatus === 'AVAILABLE') {
      try {
        await this.cfn.send(new ExecuteChangeSetCommand({ StackName: this.stackName, ChangeSetName: name, ClientRequestToken: token }));
      } catch (error) {
        // Changes that resolve to what the stack already has (e.g. a changed comment) leave nothing to do.
        if (!NO_CHANGES.test(said(error).message)) throw error;
        await this.discardChangeSet(state);
        return this.settled('NO_CHANGE', await readStack(this.cfn, this.stackName));
      }
    }
    return this.waitFor({ ...state, phase: 'operation', operation: 'execute', token, changeSetName: name, startedAt: this.now().toISOString() });
  }

  /**
   * A change set that will not be executed: removed, with the stack under review a CREATE one
   * made (it holds no resources), so a plan or an empty change leaves nothing behind.
   */
  private async discardChangeSet(state: DeployState): Promise<void> {
    try {
      await this.cfn.send(new DeleteChangeSetCommand({ StackName: this.stackName, ChangeSetName: state.changeSetName }));
    } catch (error) {
      // A retried invocation finds it already gone.
      if (!isMissingChangeSet(error)) throw error;
    }
    if (state.changeSetType === 'CREATE') {
      const stack = await readStack(this.cfn, this.stackName);
      if (stack?.StackStatus === 'REVIEW_IN_PROGRESS') await this.cfn.send(new DeleteStackCommand({ StackName: this.stackName }));
    }
  }

  private async awaitOperation(state: DeployState): Promise<DeployAnswer> {
    const stack = await readStack(this.cfn, this.stackName);
    const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
    if (SETTLING.test(status)) return this.waitFor(state);
    const since = new Date(state.startedAt ?? 0);
    const cause = async () => (await firstFailure(this.cfn, this.stackName, state.token as string, since)) ?? 'no failed resource in the stack events';
    const next: DeployState = { step: state.step };

    if (state.operation === 'delete') {
      if (status === 'DELETE_COMPLETE') return state.then === 'recreate' ? this.begin(next) : this.settled('SUCCEEDED', undefined, 'DELETE_COMPLETE');
      const advice = ' — empty or fix that resource (or delete the stack yourself with RetainResources for what must stay), then run again';
      return this.failed(DeployerErrors.DELETE_FAILED, `${status}: ${await cause()}${advice}`, stack);
    }
    if (state.operation === 'continue-rollback') {
      if (status === 'UPDATE_ROLLBACK_COMPLETE') {
        if (state.failure) {
          return this.failed(state.failure.error, `${state.failure.cause} (the failed rollback was continued: now ${status})${AFTER_FAILURE[status]}`, stack);
        }
        return this.begin(next);
      }
      return this.failed(
        DeployerErrors.STACK_NEEDS_ATTENTION,
        `${status}: continuing the rollback failed too: ${await cause()} — fix that resource, or continue the rollback skipping it (ResourcesToSkip), then run again`,
        stack,
      );
    }
    const extra = state.changeSetName ? { ChangeSetName: state.changeSetName } : {};
    if (status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE') return this.settled('SUCCEEDED', stack, undefined, extra);
    if (status === 'UPDATE_ROLLBACK_FAILED') {
      const failure = { error: DeployerErrors.ROLLED_BACK, cause: `UPDATE_FAILED: ${await cause()}` };
      return this.startOperation({ ...next, failure }, 'continue-rollback', (token) =>
        this.cfn.send(new ContinueUpdateRollbackCommand({ StackName: this.stackName, RoleARN: this.roleArn(), ClientRequestToken: token })),
      );
    }
    const advice = AFTER_FAILURE[status] ?? (attentionAdvice(status) ? ` — ${attentionAdvice(status)}` : '');
    const error = AFTER_FAILURE[status] ? DeployerErrors.ROLLED_BACK : DeployerErrors.STACK_NEEDS_ATTENTION;
    return this.failed(error, `${status}: ${await cause()}${advice}`, stack, extra);
  }

  /** The asked state is reached: set termination protection as asked, then report. */
  private async settled(outcome: 'SUCCEEDED' | 'NO_CHANGE', stack: Stack | undefined, status?: string, extra: Partial<DeployResult> = {}): Promise<DeployAnswer> {
    const wanted = this.payload.TerminationProtection;
    let changed = false;
    if (stack && wanted !== undefined && (stack.EnableTerminationProtection ?? false) !== wanted) {
      await this.cfn.send(new UpdateTerminationProtectionCommand({ StackName: this.stackName, EnableTerminationProtection: wanted }));
      changed = true;
    }
    const details: Partial<DeployResult> = { ...extra, ...(status ? { StackStatus: status } : {}), ...(stack ? { Outputs: outputsOf(stack) } : {}) };
    return { Status: changed ? 'SUCCEEDED' : outcome, Result: this.result(stack, details), Link: stackLink(this.stackName, this.ctx.region, stack?.StackId) };
  }
}
