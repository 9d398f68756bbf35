import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CodeCommitClient } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, GetPipelineStateCommand, type StageState } from '@aws-sdk/client-codepipeline';
import { loadReport } from '../../../cli/commands/show';
import { processDeps } from '../../../cli/deps';
import type { ExecutionReport } from '../../../cli/report';
import { findStack } from '../../../local/cloudformation/state';
import { startEmbeddedCloud, type EmbeddedCloud } from '../../../local/cloud';
import { awaitNewExecutions, deploymentRunsOf, ensurePipeline, ensureRepository, knownExecutions, push, releaseChange, type DeploymentRun, type PipelinePlace, type PipelineRun } from '../../../local/demo/pipeline-flow';
import { DEMO_REGION, prepareLocalCloud, type OrchestratorPlace } from '../../../local/demo/prepare';
import { commitAll, createUserRepository } from '../../../local/demo/user-repository';
import { generateOrganization } from '../../../local/org/generate';
import type { Organization } from '../../../local/org/model';
import { PIPELINE_NAME } from '../../../pipeline';
import { decodeQuotedPrintable } from '../../support/outbox';

/** A platform team's world: 4 member accounts in 2 regions, the orchestrator, their repository and this app's pipeline. */
export interface AppPipelineWorld {
  readonly cloud: EmbeddedCloud;
  readonly org: Organization;
  /** ACTIVE member accounts. */
  readonly members: string[];
  readonly place: PipelinePlace;
  readonly where: OrchestratorPlace;
  readonly codepipeline: CodePipelineClient;
  /** Every progress line of the local pipeline so far. */
  readonly progress: string[];
  /** Changes the work tree, commits, pushes, and waits for the executions the push started. */
  commitAndPush(message: string, change: (workTree: string) => void): Promise<PipelineRun>;
  /** Starts an execution on the latest commit ("Release change") and waits for it. */
  releaseChange(): Promise<PipelineRun>;
  /** Commits and pushes without waiting. */
  commitAndPushOnly(message: string, change: (workTree: string) => void): Promise<void>;
  /** The deployments an execution ran, with each one's report. */
  deployments(run: PipelineRun): Promise<Array<DeploymentRun & { report?: ExecutionReport }>>;
  stages(): Promise<Record<string, StageState>>;
  stackStatus(accountId: string, region: string, stackName: string): Promise<string | undefined>;
  /** The summary emails delivered so far, decoded. */
  emails(): string[];
  close(): Promise<void>;
}

/** A pipeline run here: npm ci, npm test and cdk synth in the build, then the deployments. */
const RUN_TIMEOUT_MS = 6 * 60_000;

/**
 * Prepares the world as the team would: the orchestrator deployed and the member role in every
 * account (once), the repository made from the example with `prepare` applied, pushed to a new
 * CodeCommit repository, and the pipeline stack deployed; answers once the run CodePipeline
 * starts on creation has finished, with that run.
 */
export async function startAppPipelineWorld(prepare: (workTree: string) => void): Promise<{ world: AppPipelineWorld; first: PipelineRun }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-app-pipeline-'));
  const org = generateOrganization({ accounts: 4, regions: 2 });
  const progress: string[] = [];
  const cloud = await startEmbeddedCloud({ stateDir: dir, port: 0, organization: org, waitScale: 0.02, log: () => undefined, onPipelineProgress: (line) => progress.push(line) });
  const { where, active } = await prepareLocalCloud(cloud, org, dir, () => undefined);
  const place: PipelinePlace = { accountId: org.managementAccountId, region: DEMO_REGION, repositoryName: 'platform', workTree: path.join(dir, 'repository') };
  await createUserRepository(place.workTree);
  prepare(place.workTree);
  await commitAll(place.workTree, 'the team\'s deployments');
  const repository = await ensureRepository(new CodeCommitClient({}), place.repositoryName);
  const codepipeline = new CodePipelineClient({});
  await push(place.workTree, repository);
  await ensurePipeline(cloud, place, path.join(dir, 'pipeline.out'));
  const first = await awaitNewExecutions(codepipeline, new Set(), { timeoutMs: RUN_TIMEOUT_MS });

  const commitAndPushOnly = async (message: string, change: (workTree: string) => void) => {
    change(place.workTree);
    if (!(await commitAll(place.workTree, message))) throw new Error(`the change "${message}" changed nothing`);
    await push(place.workTree, repository);
  };
  const world: AppPipelineWorld = {
    cloud,
    org,
    members: active,
    place,
    where,
    codepipeline,
    progress,
    commitAndPushOnly,
    async commitAndPush(message, change) {
      const known = await knownExecutions(codepipeline);
      await commitAndPushOnly(message, change);
      return awaitNewExecutions(codepipeline, known, { timeoutMs: RUN_TIMEOUT_MS });
    },
    async releaseChange() {
      const known = await knownExecutions(codepipeline);
      await releaseChange(codepipeline);
      return awaitNewExecutions(codepipeline, known, { timeoutMs: RUN_TIMEOUT_MS });
    },
    async deployments(run) {
      const runs = await deploymentRunsOf(codepipeline, run.final.pipelineExecutionId!);
      return Promise.all(runs.map(async (r) => (r.executionArn ? { ...r, report: await loadReport('results', r.executionArn, where, processDeps()) } : r)));
    },
    async stages() {
      const state = await codepipeline.send(new GetPipelineStateCommand({ name: PIPELINE_NAME }));
      return Object.fromEntries((state.stageStates ?? []).map((s) => [s.stageName ?? '', s]));
    },
    async stackStatus(accountId, region, stackName) {
      return (await findStack(cloud.store, accountId, region, stackName))?.status;
    },
    emails() {
      const outbox = path.join(dir, 'outbox');
      if (!fs.existsSync(outbox)) return [];
      return fs.readdirSync(outbox).sort().map((f) => decodeQuotedPrintable(fs.readFileSync(path.join(outbox, f), 'utf8')));
    },
    async close() {
      await cloud.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return { world, first };
}

/** Outcome counts of a report, e.g. {SUCCEEDED: 8}. */
export function countsOf(report: ExecutionReport | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(report?.summary?.counts ?? {}).filter(([, n]) => n > 0));
}
