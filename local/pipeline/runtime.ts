import { randomUUID } from 'node:crypto';
import { requireAllowed } from '../authorize/authorizer';
import { RoleSessions, callerOfSession } from '../lambda/role-sessions';
import type { CloudContext } from '../services/service';
import { codeBuildExecutor } from './actions/codebuild';
import { runCloudFormationDeploy } from './actions/cloudformation';
import { runCodeCommitSource } from './actions/source-codecommit';
import { runStepFunctionsInvoke } from './actions/stepfunctions';
import type { ActionExecutor } from './actions/action';
import { PipelineIdentities } from './credentials';
import { codeCommitEvent, matchesPattern, type RefUpdate } from './events';
import { runExecution, type ExecutionControl } from './execute';
import { executionKey, executionsOf, FINISHED, type ExecutionRecord, type SourceRevisionRecord } from './executions';
import { branchHead, commitSubject } from './git';
import { pipelinesOf, recordKey, repositoriesOf, rulesOf, type ActionDeclaration, type PipelineRecord } from './records';
import { setPipelineListener, type PipelineListener } from './registry';
import { StageGates } from './stage-gates';

export interface PipelineRuntimeOptions {
  readonly endpoint: () => string;
  /** The control endpoint's URL, given to builds for the local `cdk` tools. */
  readonly controlUrl: () => string;
  /** One line per stage and action status change. @default discarded */
  readonly progress?: (line: string) => void;
  /** Settles once the control endpoint listens; executions start after it. */
  readonly ready?: Promise<unknown>;
}

export interface Trigger {
  readonly triggerType: string;
  readonly triggerDetail: string;
}

/** A pushed commit, used as the revision of source actions on that repository and branch. */
export interface PushedRevision {
  readonly repositoryName: string;
  readonly branch: string;
  readonly commit: string;
}

export const CLOUD_STOPPED = 'The local cloud stopped while this execution ran; start a new execution to run it again.';

/**
 * Runs the pipelines of one cloud: starts executions (API, creation, restart on update, pushes
 * routed by Events rules), runs them under the stage gates, and stops them when asked or when
 * the cloud closes.
 */
export class PipelineRuntime implements PipelineListener {
  private readonly gates = new StageGates();
  private readonly identities: PipelineIdentities;
  private readonly running = new Map<string, { pipelineKey: string; control: ExecutionControl; done: Promise<void> }>();
  private readonly executors: Readonly<Record<string, ActionExecutor>>;
  private readonly ready: Promise<void>;
  private closed = false;

  public constructor(
    private readonly cloud: CloudContext,
    private readonly options: PipelineRuntimeOptions,
  ) {
    this.identities = new PipelineIdentities(cloud, options.endpoint);
    this.executors = {
      'Source/AWS/CodeCommit': runCodeCommitSource,
      'Build/AWS/CodeBuild': codeBuildExecutor({ controlUrl: options.controlUrl }),
      'Test/AWS/CodeBuild': codeBuildExecutor({ controlUrl: options.controlUrl }),
      'Deploy/AWS/CloudFormation': runCloudFormationDeploy,
      'Invoke/AWS/StepFunctions': (context) => runStepFunctionsInvoke(context),
    };
    setPipelineListener(cloud, this);
    this.ready = Promise.all([this.markInterrupted(), options.ready]).then(() => undefined);
  }

  public async start(pipeline: PipelineRecord, trigger: Trigger, pushed?: PushedRevision): Promise<string> {
    await this.ready;
    if (this.closed) throw new Error('the local cloud is closing; start the execution once it runs again');
    const key = recordKey(pipeline.accountId, pipeline.region, pipeline.name);
    const executionId = randomUUID();
    const now = this.cloud.now().toISOString();
    const execution: ExecutionRecord = {
      pipelineKey: key,
      pipelineName: pipeline.name,
      executionId,
      pipelineVersion: pipeline.version,
      executionMode: pipeline.executionMode,
      status: 'InProgress',
      startTime: now,
      lastUpdateTime: now,
      trigger,
      sourceRevisions: await this.sourceRevisions(pipeline, pushed),
      stages: {},
    };
    await executionsOf(this.cloud.store).put(executionKey(key, executionId), execution);
    const control: ExecutionControl = { abort: new AbortController() };
    const progress = this.options.progress ?? (() => undefined);
    progress(`${pipeline.name} ${executionId}: InProgress (${trigger.triggerType}: ${trigger.triggerDetail})`);
    const deps = { cloud: this.cloud, endpoint: this.options.endpoint, gates: this.gates, identities: this.identities, executorOf: (a: ActionDeclaration) => this.executors[`${a.category}/${a.owner}/${a.provider}`], progress };
    const done = runExecution(deps, pipeline, key, executionId, control)
      .catch(async (error: unknown) => {
        const statusSummary = `The local pipeline failed: ${error instanceof Error ? error.message : String(error)}`;
        await executionsOf(this.cloud.store).update(executionKey(key, executionId), (e) => e && { ...e, status: 'Failed', statusSummary });
      })
      .finally(() => this.running.delete(executionId));
    this.running.set(executionId, { pipelineKey: key, control, done });
    return executionId;
  }

  /** StopPipelineExecution: abandon ends the running actions now; otherwise they finish first. */
  public async stop(pipelineKey: string, executionId: string, abandon: boolean, reason: string): Promise<void> {
    const run = this.running.get(executionId);
    if (!run || run.pipelineKey !== pipelineKey) return;
    run.control.stopReason = reason;
    await executionsOf(this.cloud.store).update(executionKey(pipelineKey, executionId), (e) => e && (FINISHED.has(e.status) ? e : { ...e, status: 'Stopping', stopTrigger: { reason } }));
    if (abandon) run.control.abort.abort();
  }

  public isRunning(executionId: string): boolean {
    return this.running.has(executionId);
  }

  public pipelineCreated(pipeline: PipelineRecord): void {
    this.start(pipeline, { triggerType: 'CreatePipeline', triggerDetail: pipeline.arn }).catch((error: unknown) => this.report(pipeline, error));
  }

  public pipelineUpdated(pipeline: PipelineRecord): void {
    const key = recordKey(pipeline.accountId, pipeline.region, pipeline.name);
    for (const run of this.running.values()) {
      if (run.pipelineKey === key) run.control.superseded = `The pipeline was updated to version ${pipeline.version}; ${pipeline.restartOnUpdate ? 'a new execution runs the new definition' : 'start a new execution to run it'}.`;
    }
    if (pipeline.restartOnUpdate) {
      this.start(pipeline, { triggerType: 'StartPipelineExecution', triggerDetail: `RestartExecutionOnUpdate (version ${pipeline.version})` }).catch((error: unknown) => this.report(pipeline, error));
    }
  }

  public pipelineDeleted(pipeline: PipelineRecord): void {
    const key = recordKey(pipeline.accountId, pipeline.region, pipeline.name);
    for (const [executionId, run] of this.running) {
      if (run.pipelineKey === key) void this.stop(key, executionId, true, 'The pipeline was deleted.');
    }
  }

  /**
   * A push to a repository: its "CodeCommit Repository State Change" events go to the enabled
   * rules of the repository's account and region that match; pipeline targets start, when the
   * target's role (trusting events.amazonaws.com) may codepipeline:StartPipelineExecution.
   */
  public async push(repositoryKey: string, updates: readonly RefUpdate[]): Promise<string[]> {
    const repository = await repositoriesOf(this.cloud.store).get(repositoryKey);
    if (!repository) throw new Error(`no repository ${repositoryKey}`);
    const started: string[] = [];
    const rules = (await rulesOf(this.cloud.store).entries()).map(([, rule]) => rule).filter((rule) => rule.enabled && rule.accountId === repository.accountId && rule.region === repository.region);
    for (const update of updates) {
      const event = codeCommitEvent(repository, update);
      const commit = typeof event.detail.commitId === 'string' ? event.detail.commitId : undefined;
      for (const rule of rules.filter((r) => matchesPattern(r.eventPattern, event))) {
        for (const target of rule.targets) {
          const [, , service, region, account, name] = target.arn.split(':');
          if (service !== 'codepipeline' || !name) continue;
          const pipeline = await pipelinesOf(this.cloud.store).get(recordKey(account ?? '', region ?? '', name));
          if (!pipeline) continue;
          if (!(await this.targetMayStart(target.roleArn, pipeline))) {
            this.options.progress?.(`${pipeline.name}: rule ${rule.name} matched a push, but its target role may not start the pipeline`);
            continue;
          }
          const pushed = commit ? { repositoryName: repository.name, branch: String(event.detail.referenceName), commit } : undefined;
          started.push(await this.start(pipeline, { triggerType: 'CloudWatchEvent', triggerDetail: rule.arn }, pushed));
        }
      }
    }
    return started;
  }

  /** Stops every execution (recorded Stopped) and waits for them to end. */
  public async close(): Promise<void> {
    this.closed = true;
    const runs = [...this.running.entries()];
    for (const [executionId, run] of runs) await this.stop(run.pipelineKey, executionId, true, CLOUD_STOPPED);
    await Promise.all(runs.map(([, run]) => run.done));
    await this.cloud.store.flush();
  }

  private async targetMayStart(roleArn: string | undefined, pipeline: PipelineRecord): Promise<boolean> {
    if (roleArn === undefined) return false;
    try {
      const session = await new RoleSessions(this.cloud, 'events.amazonaws.com').sessionFor(roleArn, 'events-target');
      await requireAllowed(this.cloud.authorize, { caller: callerOfSession(session), action: 'codepipeline:StartPipelineExecution', resource: pipeline.arn, region: pipeline.region });
      return true;
    } catch {
      return false;
    }
  }

  private async sourceRevisions(pipeline: PipelineRecord, pushed?: PushedRevision): Promise<SourceRevisionRecord[]> {
    const revisions: SourceRevisionRecord[] = [];
    for (const action of pipeline.stages[0]?.actions ?? []) {
      if (action.provider !== 'CodeCommit') continue;
      const repositoryName = action.configuration.RepositoryName ?? '';
      const branch = action.configuration.BranchName ?? '';
      const repository = await repositoriesOf(this.cloud.store).get(recordKey(pipeline.accountId, pipeline.region, repositoryName));
      if (!repository) {
        revisions.push({ actionName: action.name });
        continue;
      }
      const commit = pushed && pushed.repositoryName === repositoryName && pushed.branch === branch ? pushed.commit : await branchHead(repository.path, branch);
      revisions.push(commit ? { actionName: action.name, revisionId: commit, revisionSummary: await commitSubject(repository.path, commit).catch(() => commit) } : { actionName: action.name });
    }
    return revisions;
  }

  /** Executions a previous process left InProgress can never finish: they are recorded Stopped. */
  private async markInterrupted(): Promise<void> {
    for (const [key, execution] of await executionsOf(this.cloud.store).entries()) {
      if (!FINISHED.has(execution.status)) await executionsOf(this.cloud.store).put(key, { ...execution, status: 'Stopped', statusSummary: CLOUD_STOPPED });
    }
  }

  private report(pipeline: PipelineRecord, error: unknown): void {
    this.options.progress?.(`${pipeline.name}: could not start an execution: ${error instanceof Error ? error.message : String(error)}`);
  }
}
