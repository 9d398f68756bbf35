import { App } from 'aws-cdk-lib';
import { CodeCommitClient, CreateRepositoryCommand, GetRepositoryCommand, RepositoryDoesNotExistException } from '@aws-sdk/client-codecommit';
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
  type GetPipelineStateCommandOutput,
  type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import { AppStacks, defineStacks } from '../../bin/app-stacks';
import { PIPELINE_NAME } from '../../pipeline';
import { deployCloudAssembly, DEPLOYED_STATUSES } from '../cloudformation/cloud-assembly';
import { findStack } from '../cloudformation/state';
import { DEFAULT_OPERATOR, userArn } from '../identity/users';
import { bootstrapCdk } from '../pipeline/bootstrap';
import { git } from '../pipeline/git';
import type { LocalCloud } from '../server';

/** Where a platform team's pipeline lives on the local cloud. */
export interface PipelinePlace {
  readonly accountId: string;
  readonly region: string;
  /** The CodeCommit repository the pipeline builds. */
  readonly repositoryName: string;
  /** The work tree the team commits in and pushes from. */
  readonly workTree: string;
}

const FINISHED = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);

function operatorCaller(): { accountId: string; principalArn: string; arn: string; accessKeyId: string } {
  const arn = userArn(DEFAULT_OPERATOR);
  return { accountId: DEFAULT_OPERATOR.accountId, principalArn: arn, arn, accessKeyId: DEFAULT_OPERATOR.accessKeyId };
}

/**
 * The team's one `cdk deploy` of the pipeline stack, synthesized from their work tree as its
 * synth step will synthesize it; from then on their pushes update it (self-mutation). CDK
 * bootstrap resources are created first, as `cdk bootstrap` would. Answers false when the
 * pipeline already existed (it is then left as the pushes made it).
 */
export async function ensurePipeline(local: LocalCloud, place: PipelinePlace, assemblyDir: string): Promise<boolean> {
  await bootstrapCdk(local.cloud, place.accountId, place.region);
  const existing = await findStack(local.store, place.accountId, place.region, AppStacks.PIPELINE);
  if (existing && DEPLOYED_STATUSES.has(existing.status)) return false;
  const app = new App({ outdir: assemblyDir, context: { pipeline: `codecommit:${place.repositoryName}`, 'aws:cdk:enable-path-metadata': true } });
  defineStacks(app, { repositoryRoot: place.workTree, pipelineEnvironment: { account: place.accountId, region: place.region } });
  const assembly = app.synth().directory;
  const deployed = await deployCloudAssembly(local.cloud, { assemblyDir: assembly, stackName: AppStacks.PIPELINE, accountId: place.accountId, region: place.region, caller: operatorCaller() });
  if (!DEPLOYED_STATUSES.has(deployed.status)) throw new Error(`the pipeline stack ended ${deployed.status}: ${deployed.statusReason ?? 'see its events'}`);
  return true;
}

export interface PipelineRun {
  /** Every execution this run went through (a self-mutation supersedes one and starts another), oldest first. */
  readonly executions: PipelineExecution[];
  /** The last of them: its status is the run's outcome. */
  readonly final: PipelineExecution;
}

/**
 * Waits for the executions of the pipeline that were not among `known`: at least one must
 * start within `startTimeoutMs`; returns once none of them is in progress.
 */
export async function awaitNewExecutions(client: CodePipelineClient, known: ReadonlySet<string>, options: { timeoutMs: number; startTimeoutMs?: number }): Promise<PipelineRun> {
  const started = Date.now();
  for (;;) {
    const summaries = (await client.send(new ListPipelineExecutionsCommand({ pipelineName: PIPELINE_NAME }))).pipelineExecutionSummaries ?? [];
    const fresh = summaries.filter((s) => s.pipelineExecutionId && !known.has(s.pipelineExecutionId));
    // A superseded execution always has a successor (a restart or a later push) still to come.
    if (fresh.length > 0 && fresh.every((s) => FINISHED.has(s.status ?? '')) && fresh[0]?.status !== 'Superseded') {
      const executions = await Promise.all(
        fresh.reverse().map(async (s) => (await client.send(new GetPipelineExecutionCommand({ pipelineName: PIPELINE_NAME, pipelineExecutionId: s.pipelineExecutionId }))).pipelineExecution!),
      );
      return { executions, final: executions[executions.length - 1]! };
    }
    const waited = Date.now() - started;
    if (fresh.length === 0 && waited > (options.startTimeoutMs ?? 15_000)) throw new Error(`no execution of pipeline ${PIPELINE_NAME} started within ${Math.round(waited / 1000)} s`);
    if (waited > options.timeoutMs) throw new Error(`pipeline ${PIPELINE_NAME} still runs after ${Math.round(waited / 1000)} s: ${fresh.map((s) => `${s.pipelineExecutionId} ${s.status}`).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The ids of the pipeline's executions so far. */
export async function knownExecutions(client: CodePipelineClient): Promise<Set<string>> {
  const summaries = (await client.send(new ListPipelineExecutionsCommand({ pipelineName: PIPELINE_NAME })).catch(() => ({ pipelineExecutionSummaries: [] }))).pipelineExecutionSummaries ?? [];
  return new Set(summaries.map((s) => s.pipelineExecutionId ?? ''));
}

/** The commit `main` points at in the repository, or undefined before the first push. */
export async function remoteHead(cloneUrl: string): Promise<string | undefined> {
  const line = (await git(['ls-remote', cloneUrl, 'refs/heads/main'])).toString('utf8').trim();
  return line.split(/\s/)[0] || undefined;
}

/**
 * `git push` of the work tree's HEAD to the repository's `main`. Answers whether the branch
 * moved (a push that moves it starts the pipeline through its Events rule).
 */
export async function push(workTree: string, repository: { readonly cloneUrl: string }): Promise<boolean> {
  const before = await remoteHead(repository.cloneUrl);
  // Asynchronous on purpose: the repository's hook calls back into the cloud running in this process.
  await git(['push', '--quiet', repository.cloneUrl, 'HEAD:main'], { cwd: workTree });
  return (await remoteHead(repository.cloneUrl)) !== before;
}

/** The CodeCommit repository by name, created when missing (as `aws codecommit create-repository`). */
export async function ensureRepository(client: CodeCommitClient, repositoryName: string): Promise<{ readonly cloneUrl: string }> {
  try {
    const found = await client.send(new GetRepositoryCommand({ repositoryName }));
    return { cloneUrl: found.repositoryMetadata!.cloneUrlHttp! };
  } catch (error) {
    if (!(error instanceof RepositoryDoesNotExistException)) throw error;
  }
  const created = await client.send(new CreateRepositoryCommand({ repositoryName, repositoryDescription: 'deployments and templates of step-everywhere' }));
  return { cloneUrl: created.repositoryMetadata!.cloneUrlHttp! };
}

/** Starts an execution on the branch's latest commit, as "Release change" does. */
export async function releaseChange(client: CodePipelineClient): Promise<string> {
  return (await client.send(new StartPipelineExecutionCommand({ name: PIPELINE_NAME }))).pipelineExecutionId!;
}

/** One action a pipeline execution ran, as the pipeline's state shows it. */
export interface ActionRun {
  readonly stage: string;
  readonly action: string;
  readonly status: string;
  /** For an invoke action, the Step Functions execution it started; for a build, the build id. */
  readonly externalExecutionId?: string;
  readonly message?: string;
}

/** The actions of the stages whose latest execution is the given one. */
export function actionRunsOf(state: GetPipelineStateCommandOutput, pipelineExecutionId: string): ActionRun[] {
  const runs: ActionRun[] = [];
  for (const stage of state.stageStates ?? []) {
    if (stage.latestExecution?.pipelineExecutionId !== pipelineExecutionId) continue;
    for (const action of stage.actionStates ?? []) {
      const latest = action.latestExecution;
      runs.push({
        stage: stage.stageName ?? '',
        action: action.actionName ?? '',
        status: latest?.status ?? 'NotRun',
        ...(latest?.externalExecutionId ? { externalExecutionId: latest.externalExecutionId } : {}),
        ...(latest?.errorDetails?.message ? { message: latest.errorDetails.message } : {}),
      });
    }
  }
  return runs;
}

/** One deployment the pipeline ran: its action and the Step Functions execution it started. */
export interface DeploymentRun {
  readonly stage: string;
  readonly deployment: string;
  readonly status: string;
  readonly executionArn?: string;
  readonly message?: string;
}

/** The deployments the given pipeline execution ran (its `Run-order-*` actions), from the pipeline's state. */
export async function deploymentRunsOf(client: CodePipelineClient, pipelineExecutionId: string): Promise<DeploymentRun[]> {
  const state = await client.send(new GetPipelineStateCommand({ name: PIPELINE_NAME }));
  return actionRunsOf(state, pipelineExecutionId)
    .filter((run) => run.stage.startsWith('Run-'))
    .map((run) => ({
      stage: run.stage,
      deployment: run.action,
      status: run.status,
      ...(run.externalExecutionId ? { executionArn: run.externalExecutionId } : {}),
      ...(run.message ? { message: run.message } : {}),
    }));
}

/** The actions of the given execution that failed, with CodePipeline's message for each. */
export async function failedActionsOf(client: CodePipelineClient, pipelineExecutionId: string): Promise<ActionRun[]> {
  const state = await client.send(new GetPipelineStateCommand({ name: PIPELINE_NAME }));
  return actionRunsOf(state, pipelineExecutionId).filter((run) => run.status === 'Failed');
}
