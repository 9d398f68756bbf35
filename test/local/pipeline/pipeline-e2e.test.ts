import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CodeCommitClient, DeleteRepositoryCommand } from '@aws-sdk/client-codecommit';
import { CodePipelineClient, GetPipelineExecutionCommand, GetPipelineStateCommand, ListPipelineExecutionsCommand, StartPipelineExecutionCommand, type PipelineExecution } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCloudAssembly } from '../../../local/cloudformation/cloud-assembly';
import { findStack } from '../../../local/cloudformation/state';
import { bootstrapCdk } from '../../../local/pipeline/bootstrap';
import { pipelinesOf, recordKey, repositoriesOf } from '../../../local/pipeline/records';
import { objectsOf } from '../../../local/services/s3/buckets';
import { DEFAULT_OPERATOR, startLocalCloud, type LocalCloud } from '../../../local/server';
import { cloudFormationService } from '../../../local/services/cloudformation/cloudformation-service';
import { codeCommitService } from '../../../local/services/codecommit/codecommit-service';
import { codePipelineService, stopPipelines } from '../../../local/services/codepipeline/codepipeline-service';
import { lambdaService, stopFunctions } from '../../../local/services/lambda/lambda-service';
import { s3Service } from '../../../local/services/s3/s3-service';
import { snsService } from '../../../local/services/sns/sns-service';
import { ssmService } from '../../../local/services/ssm/ssm-service';
import { stepFunctionsService } from '../../../local/services/stepfunctions/stepfunctions-service';
import { stopStepFunctions } from '../../../local/services/stepfunctions/executions';
import { interleavings } from './stage-occupancy';
import { ACCOUNT, APP_STACK, PIPELINE_STACK, REGION, REPOSITORY, synthesizeTinyPipeline } from './tiny-pipeline-app';

const PIPELINE = 'tiny-pipeline';
const OPERATOR = { accountId: ACCOUNT, principalArn: `arn:aws:iam::${ACCOUNT}:user/operator`, arn: `arn:aws:iam::${ACCOUNT}:user/operator`, accessKeyId: DEFAULT_OPERATOR.accessKeyId };

let stateDir: string;
let assemblies: string;
let workTree: string;
let local: LocalCloud;
let codepipeline: CodePipelineClient;
/** Every progress line with the time it was reported. */
const progress: Array<{ at: number; line: string }> = [];

function run(command: string, args: string[], cwd: string): Promise<string> {
  // Asynchronous: the push's hook calls back into the cloud running in this process.
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')}: ${output}`))));
  });
}

async function commitAndPush(message: string, change: () => void): Promise<string> {
  change();
  await run('git', ['add', '-A'], workTree);
  await run('git', ['commit', '-q', '--allow-empty', '-m', message], workTree);
  const repository = await repositoriesOf(local.store).get(recordKey(ACCOUNT, REGION, REPOSITORY));
  return run('git', ['push', '-q', repository!.cloneUrl, 'HEAD:main'], workTree);
}

function useAssembly(name: string): void {
  rmSync(path.join(workTree, 'prebuilt'), { recursive: true, force: true });
  cpSync(path.join(assemblies, name), path.join(workTree, 'prebuilt'), { recursive: true });
}

async function executions() {
  return (await codepipeline.send(new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }))).pipelineExecutionSummaries ?? [];
}

async function settled(count: number, timeoutMs = 50_000): Promise<PipelineExecution[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await executions();
    if (all.length >= count && all.every((e) => !['InProgress', 'Stopping'].includes(e.status ?? ''))) {
      return Promise.all(all.map(async (e) => (await codepipeline.send(new GetPipelineExecutionCommand({ pipelineName: PIPELINE, pipelineExecutionId: e.pipelineExecutionId }))).pipelineExecution!));
    }
    if (Date.now() > deadline) throw new Error(`executions did not settle: ${JSON.stringify(all.map((e) => [e.status, e.statusSummary]))}\n${progress.map((p) => p.line).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'se-pipeline-state-'));
  assemblies = mkdtempSync(path.join(tmpdir(), 'se-pipeline-assemblies-'));
  workTree = mkdtempSync(path.join(tmpdir(), 'se-pipeline-work-'));
  synthesizeTinyPipeline(path.join(assemblies, 'v1'));
  synthesizeTinyPipeline(path.join(assemblies, 'v2'), 'test -f ready && echo second definition');
  let endpoint = '';
  local = await startLocalCloud({
    port: 0,
    stateDir,
    log: () => undefined,
    services: [
      s3Service,
      snsService,
      codeCommitService,
      ssmService,
      cloudFormationService({ log: () => undefined }),
      lambdaService({ endpoint: () => endpoint }),
      stepFunctionsService({ endpoint: () => endpoint }),
      codePipelineService({ endpoint: () => endpoint, progress: (line) => progress.push({ at: Date.now(), line }) }),
    ],
  });
  endpoint = local.endpoint;
  codepipeline = new CodePipelineClient({ endpoint, region: REGION, credentials: { accessKeyId: DEFAULT_OPERATOR.accessKeyId, secretAccessKey: DEFAULT_OPERATOR.secretAccessKey } });
  await bootstrapCdk(local.cloud, ACCOUNT, REGION);
  // The developer's one `cdk deploy` of the pipeline stack; from then on, pushes drive it.
  const deployed = await deployCloudAssembly(local.cloud, { assemblyDir: path.join(assemblies, 'v1'), stackName: PIPELINE_STACK, accountId: ACCOUNT, region: REGION, caller: OPERATOR });
  if (deployed.status !== 'CREATE_COMPLETE') throw new Error(`pipeline stack: ${deployed.status} ${deployed.statusReason ?? ''}`);
  await run('git', ['init', '-q', '-b', 'main'], workTree);
  useAssembly('v1');
});

afterAll(async () => {
  await stopPipelines(local.cloud);
  await stopStepFunctions(local.cloud);
  await stopFunctions(local.cloud);
  await local.close();
  for (const dir of [stateDir, assemblies, workTree]) rmSync(dir, { recursive: true, force: true });
});

describe('the synthesized CDK pipeline on the local cloud', () => {
  it('fails the execution CodePipeline starts on creation at Source, since the repository has no commit yet', async () => {
    // Act
    const [created] = await settled(1);

    // Assess
    expect(created?.trigger?.triggerType).toBe('CreatePipeline');
    expect(created?.status).toBe('Failed');
    const state = await codepipeline.send(new GetPipelineStateCommand({ name: PIPELINE }));
    expect(state.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.errorDetails?.message).toMatch(/has no commit: push to it/);
  });

  it('fails the Build action on a failing synth command, runs no later stage and deploys nothing', async () => {
    // Prepare
    const before = (await executions()).length;

    // Act
    await commitAndPush('without the ready marker', () => undefined);
    const [latest] = await settled(before + 1);

    // Assess
    expect(latest?.status).toBe('Failed');
    expect(latest?.trigger?.triggerType).toBe('CloudWatchEvent');
    const state = await codepipeline.send(new GetPipelineStateCommand({ name: PIPELINE }));
    const byName = Object.fromEntries((state.stageStates ?? []).map((s) => [s.stageName, s]));
    expect(byName.Build?.latestExecution).toEqual({ pipelineExecutionId: latest?.pipelineExecutionId, status: 'Failed' });
    expect(byName.Build?.actionStates?.[0]?.latestExecution?.errorDetails?.message).toMatch(/failed in phase BUILD/);
    expect(byName.UpdatePipeline?.latestExecution).toBeUndefined();
    expect(byName.Dev?.latestExecution).toBeUndefined();
    expect(await findStack(local.store, ACCOUNT, REGION, APP_STACK)).toBeUndefined();
  });

  it('runs every stage to Succeeded on a push: source, synth, self-mutation, the stack deployed, the state machine invoked', async () => {
    // Prepare
    const before = (await executions()).length;

    // Act
    await commitAndPush('ready', () => writeFileSync(path.join(workTree, 'ready'), 'yes'));
    const [latest] = await settled(before + 1);

    // Assess
    expect(latest?.status).toBe('Succeeded');
    const state = await codepipeline.send(new GetPipelineStateCommand({ name: PIPELINE }));
    expect(state.stageStates?.map((s) => [s.stageName, s.latestExecution?.status])).toEqual([
      ['Source', 'Succeeded'],
      ['Build', 'Succeeded'],
      ['UpdatePipeline', 'Succeeded'],
      ['Dev', 'Succeeded'],
    ]);
    expect((await findStack(local.store, ACCOUNT, REGION, APP_STACK))?.status).toBe('CREATE_COMPLETE');
    const bucket = (await pipelinesOf(local.store).get(recordKey(ACCOUNT, REGION, PIPELINE)))?.artifactBucket as string;
    const passedByS3 = (await objectsOf(local.store, bucket).entries()).map(([key]) => key);
    expect(passedByS3).toContain(`${PIPELINE}/${latest?.pipelineExecutionId}/Tiny.Prepare/DevTiny7FCB16CC.template.json`);
    const invoke = state.stageStates?.[3]?.actionStates?.find((a) => a.actionName === 'Check');
    expect(invoke?.latestExecution?.externalExecutionId).toMatch(/^arn:aws:states:us-east-1:111111111111:execution:/);
  });

  it('never has two executions in one stage when two pushes follow each other quickly', async () => {
    // Prepare
    const before = (await executions()).length;
    const from = progress.length;

    // Act
    await commitAndPush('first quick push', () => writeFileSync(path.join(workTree, 'a.txt'), '1'));
    await commitAndPush('second quick push', () => writeFileSync(path.join(workTree, 'a.txt'), '2'));
    const all = await settled(before + 2);

    // Assess
    expect(interleavings(progress.slice(from).map((p) => p.line))).toEqual([]);
    expect(all.slice(0, 2).map((e) => e.status)).toContain('Succeeded');
  });

  it('restarts the execution with the new definition when the self-mutation changed the pipeline', async () => {
    // Prepare
    const before = (await executions()).length;

    // Act
    await commitAndPush('a changed pipeline', () => useAssembly('v2'));
    const all = await settled(before + 2);

    // Assess
    const [restarted, superseded] = all;
    expect(superseded?.status).toBe('Superseded');
    expect(superseded?.statusSummary).toMatch(/updated to version 2/);
    expect(restarted?.trigger?.triggerDetail).toMatch(/RestartExecutionOnUpdate/);
    expect(restarted?.status).toBe('Succeeded');
    expect(restarted?.pipelineVersion).toBe(2);
  });

  it('fails at Source naming the repository and the fix when the repository is gone, and runs nothing later', async () => {
    // Prepare
    const credentials = { accessKeyId: DEFAULT_OPERATOR.accessKeyId, secretAccessKey: DEFAULT_OPERATOR.secretAccessKey };
    await new CodeCommitClient({ endpoint: local.endpoint, region: REGION, credentials }).send(new DeleteRepositoryCommand({ repositoryName: REPOSITORY }));
    const before = (await executions()).length;

    // Act
    const started = await codepipeline.send(new StartPipelineExecutionCommand({ name: PIPELINE }));
    const [latest] = await settled(before + 1);

    // Assess
    expect(latest?.pipelineExecutionId).toBe(started.pipelineExecutionId);
    expect(latest?.status).toBe('Failed');
    const state = await codepipeline.send(new GetPipelineStateCommand({ name: PIPELINE }));
    expect(state.stageStates?.[0]?.actionStates?.[0]?.latestExecution?.errorDetails?.message).toBe(
      `The repository ${REPOSITORY} does not exist in ${ACCOUNT} ${REGION}: create it, or fix Configuration.RepositoryName.`,
    );
    expect(state.stageStates?.[1]?.latestExecution?.pipelineExecutionId).not.toBe(latest?.pipelineExecutionId);
  });
});
