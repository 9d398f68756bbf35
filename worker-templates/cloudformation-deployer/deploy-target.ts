import {
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  UpdateTerminationProtectionCommand,
  type CloudFormationClient,
  type DescribeChangeSetCommandOutput,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { WorkerContext } from '../lib';
import { decide } from './decide';
import { DeployerError, DeployerErrors } from './errors';
import { changeSetName, requestToken, type NameScope } from './names';
import { outputsOf, pollDelay, stackLink, type DeployAnswer, type DeployResult, type PlannedChange } from './outcome';
import { parametersFor, type DeployerPayload } from './payload';
import { firstFailure, readStack } from './stack-reader';
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
const NO_CHANGES = /didn't contain changes|No updates are to be performed/;

function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** The error's name and message, for causes: CloudFormation's own words are the most useful. */
function said(error: unknown): { name: string; message: string } {
  const e = error as { name?: string; message?: string };
  return { name: e.name ?? 'Error', message: e.message ?? String(error) };
}

/**
 * One target's deployment, advanced by one step per invocation: each call looks at where the
 * previous one left off (the State it handed back), does the next thing, and answers
 * IN_PROGRESS until the stack is settled in the asked state or the attempt has failed.
 */
export class TargetDeployment {
  private readonly now: () => Date;

  public constructor(
    private readonly ctx: WorkerContext,
    private readonly payload: DeployerPayload,
    private readonly deps: DeployDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
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
    return `arn:${partitionOf(this.ctx.region)}:iam::${this.ctx.accountId}:role/${this.payload.ExecutionRoleName}`;
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
    return { Status: 'FAILED', Error: error, Cause: cause, Result: this.result(stack, extra), Link: this.link(stack) };
  }

  private link(stack: Stack | undefined) {
    return stackLink(this.stackName, this.ctx.region, stack?.StackId);
  }

  /** No operation running for this target: read the stack and take the step its status calls for. */
  private async begin(state: DeployState): Promise<DeployAnswer> {
    const stack = await readStack(this.deps.cfn, this.stackName);
    const step = decide(stack?.StackStatus, this.payload.Action);
    switch (step.kind) {
      case 'nothing':
        return { Status: 'NO_CHANGE', Result: this.result(stack) };
      case 'wait':
        return this.waitFor(state);
      case 'attention':
        return this.failed(DeployerErrors.STACK_NEEDS_ATTENTION, step.cause, stack);
      case 'continue-rollback':
        return this.startOperation(state, 'continue-rollback', () =>
          this.deps.cfn.send(new ContinueUpdateRollbackCommand({ StackName: this.stackName, RoleARN: this.roleArn(), ClientRequestToken: requestToken(this.scope(state.step), 'continue-rollback') })),
        );
      case 'delete':
        if (stack?.EnableTerminationProtection) {
          return this.failed(
            DeployerErrors.STACK_NEEDS_ATTENTION,
            `${stack.StackStatus}: the stack must be deleted${step.then === 'recreate' ? ' to be created again' : ''} but has termination protection: disable it (TerminationProtection: false, or the console), then run again`,
            stack,
          );
        }
        return this.startOperation({ ...state, then: step.then }, 'delete', () =>
          this.deps.cfn.send(new DeleteStackCommand({ StackName: this.stackName, RoleARN: this.roleArn(), ClientRequestToken: requestToken(this.scope(state.step), 'delete') })),
        );
      case 'change-set':
        return this.createChangeSet(state, step.type);
    }
  }

  private async startOperation(state: DeployState, operation: NonNullable<DeployState['operation']>, call: () => Promise<unknown>): Promise<DeployAnswer> {
    const token = requestToken(this.scope(state.step), operation);
    await call();
    return this.waitFor({ ...state, step: state.step + 1, phase: 'operation', operation, token, startedAt: this.now().toISOString() });
  }

  private async createChangeSet(state: DeployState, type: 'CREATE' | 'UPDATE'): Promise<DeployAnswer> {
    const name = changeSetName(this.scope(state.step));
    const template = await templateArgument(this.payload, this.deps.hubS3);
    const parameters = parametersFor(this.payload, this.ctx);
    try {
      await this.deps.cfn.send(
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
      // A retried invocation finds the change set its first attempt made: carry on with it.
      if (errorName !== 'AlreadyExistsException') {
        if (errorName === 'ValidationError' || errorName === 'InsufficientCapabilitiesException') {
          const advice = /[Rr]ole/.test(message)
            ? ` — the execution role ${this.payload.ExecutionRoleName} must exist in ${this.ctx.accountId} (step-everywhere bootstrap deploys it)`
            : ' — fix the template or the parameters';
          throw new DeployerError(DeployerErrors.TEMPLATE_REFUSED, `CloudFormation refused the change set: ${message}${advice}`);
        }
        throw error;
      }
    }
    return this.waitFor({ ...state, step: state.step + 1, phase: 'change-set', changeSetName: name, changeSetType: type, startedAt: this.now().toISOString() });
  }

  private async awaitChangeSet(state: DeployState): Promise<DeployAnswer> {
    const name = state.changeSetName as string;
    const changeSet = await this.deps.cfn.send(new DescribeChangeSetCommand({ StackName: this.stackName, ChangeSetName: name }));
    if (changeSet.Status === 'CREATE_PENDING' || changeSet.Status === 'CREATE_IN_PROGRESS') return this.waitFor(state);
    if (changeSet.Status !== 'CREATE_COMPLETE') {
      const reason = changeSet.StatusReason ?? `change set ${changeSet.Status}`;
      await this.discardChangeSet(state);
      if (NO_CHANGES.test(reason)) return this.settled('NO_CHANGE', await readStack(this.deps.cfn, this.stackName));
      return this.failed(DeployerErrors.CHANGE_SET_FAILED, `change set ${name} ${changeSet.Status}: ${reason}`, undefined, { ChangeSetName: name });
    }
    const changes = changesOf(changeSet);
    if (this.payload.PlanOnly) {
      await this.discardChangeSet(state);
      return { Status: 'SUCCEEDED', Result: this.result(undefined, { ChangeSetName: name, Changes: changes }) };
    }
    const token = requestToken(this.scope(state.step), 'execute');
    // A retried invocation may find the change set already executing: do not execute twice.
    if (changeSet.ExecutionStatus === 'AVAILABLE') {
      try {
        await this.deps.cfn.send(new ExecuteChangeSetCommand({ StackName: this.stackName, ChangeSetName: name, ClientRequestToken: token }));
      } catch (error) {
        // Changes that resolve to what the stack already has (e.g. a changed comment) leave nothing to do.
        if (!NO_CHANGES.test(said(error).message)) throw error;
        await this.discardChangeSet(state);
        return this.settled('NO_CHANGE', await readStack(this.deps.cfn, this.stackName));
      }
    }
    return this.waitFor({ ...state, phase: 'operation', operation: 'execute', token, startedAt: this.now().toISOString() });
  }

  /** A change set that will not be executed: removed, with the empty stack a CREATE one made. */
  private async discardChangeSet(state: DeployState): Promise<void> {
    await this.deps.cfn.send(new DeleteChangeSetCommand({ StackName: this.stackName, ChangeSetName: state.changeSetName }));
    if (state.changeSetType === 'CREATE') {
      const stack = await readStack(this.deps.cfn, this.stackName);
      if (stack?.StackStatus === 'REVIEW_IN_PROGRESS') await this.deps.cfn.send(new DeleteStackCommand({ StackName: this.stackName }));
    }
  }

  private async awaitOperation(state: DeployState): Promise<DeployAnswer> {
    const stack = await readStack(this.deps.cfn, this.stackName);
    const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
    if (SETTLING.test(status)) return this.waitFor(state);
    const since = new Date(state.startedAt ?? 0);
    const cause = async () => (await firstFailure(this.deps.cfn, this.stackName, state.token as string, since)) ?? 'no failed resource in the stack events';
    const next: DeployState = { step: state.step };

    if (state.operation === 'delete') {
      if (status === 'DELETE_COMPLETE') return state.then === 'recreate' ? this.begin(next) : this.settled('SUCCEEDED', undefined, 'DELETE_COMPLETE');
      return this.failed(DeployerErrors.DELETE_FAILED, `${status}: ${await cause()}`, stack);
    }
    if (state.operation === 'continue-rollback') {
      if (status === 'UPDATE_ROLLBACK_COMPLETE') {
        if (state.failure) return this.failed(state.failure.error, `${state.failure.cause} (the failed rollback was continued: now ${status})`, stack);
        return this.begin(next);
      }
      return this.failed(
        DeployerErrors.STACK_NEEDS_ATTENTION,
        `${status}: continuing the rollback failed too: ${await cause()} — fix that resource, or continue the rollback skipping it (ResourcesToSkip), then run again`,
        stack,
      );
    }
    if (status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE') return this.settled('SUCCEEDED', stack);
    if (status === 'UPDATE_ROLLBACK_FAILED') {
      const failure = { error: DeployerErrors.ROLLED_BACK, cause: `UPDATE_FAILED: ${await cause()}` };
      return this.startOperation({ ...next, failure }, 'continue-rollback', () =>
        this.deps.cfn.send(new ContinueUpdateRollbackCommand({ StackName: this.stackName, RoleARN: this.roleArn(), ClientRequestToken: requestToken(this.scope(state.step), 'continue-rollback') })),
      );
    }
    const then = status === 'ROLLBACK_COMPLETE' ? ' — the next run deletes the stack and creates it again' : '';
    const error = status === 'ROLLBACK_FAILED' ? DeployerErrors.STACK_NEEDS_ATTENTION : DeployerErrors.ROLLED_BACK;
    return this.failed(error, `${status}: ${await cause()}${then}`, stack);
  }

  /** The asked state is reached: set termination protection as asked, then report. */
  private async settled(outcome: 'SUCCEEDED' | 'NO_CHANGE', stack: Stack | undefined, status?: string): Promise<DeployAnswer> {
    const wanted = this.payload.TerminationProtection;
    let changed = false;
    if (stack && wanted !== undefined && (stack.EnableTerminationProtection ?? false) !== wanted) {
      await this.deps.cfn.send(new UpdateTerminationProtectionCommand({ StackName: this.stackName, EnableTerminationProtection: wanted }));
      changed = true;
    }
    const extra: Partial<DeployResult> = { ...(status ? { StackStatus: status } : {}), ...(stack ? { Outputs: outputsOf(stack) } : {}) };
    return { Status: changed ? 'SUCCEEDED' : outcome, Result: this.result(stack, extra), Link: this.link(stack) };
  }
}

function changesOf(changeSet: DescribeChangeSetCommandOutput): PlannedChange[] {
  return (changeSet.Changes ?? []).map((change) => {
    const r = change.ResourceChange ?? {};
    return {
      ...(r.Action ? { Action: r.Action } : {}),
      ...(r.LogicalResourceId ? { LogicalResourceId: r.LogicalResourceId } : {}),
      ...(r.ResourceType ? { ResourceType: r.ResourceType } : {}),
      ...(r.Replacement ? { Replacement: r.Replacement } : {}),
    };
  });
}
