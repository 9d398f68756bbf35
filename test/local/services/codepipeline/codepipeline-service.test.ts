import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executionKey, executionsOf, type ExecutionRecord } from '../../../../local/pipeline/executions';
import { pipelinesOf, recordKey, type PipelineRecord } from '../../../../local/pipeline/records';
import { AwsError } from '../../../../local/protocols/aws-error';
import { codePipelineService, stopPipelines } from '../../../../local/services/codepipeline/codepipeline-service';
import type { LocalService } from '../../../../local/services/service';
import { allowAll, createTestCloud, requestOf, userCaller, type TestCloud } from '../../org/test-cloud';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const admin = userCaller(ACCOUNT);
const stranger = userCaller(ACCOUNT, 'stranger');
const now = '2025-01-01T00:00:00.000Z';
const pipeline: PipelineRecord = {
  name: 'tiny',
  arn: `arn:aws:codepipeline:${REGION}:${ACCOUNT}:tiny`,
  accountId: ACCOUNT,
  region: REGION,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/pipeline`,
  stages: [
    { name: 'Source', actions: [{ name: 'Src', category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1', configuration: {}, inputArtifacts: [], outputArtifacts: ['Code'], runOrder: 1 }] },
    { name: 'Build', actions: [{ name: 'Synth', category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1', configuration: {}, inputArtifacts: ['Code'], outputArtifacts: [], runOrder: 1 }] },
  ],
  executionMode: 'SUPERSEDED',
  restartOnUpdate: false,
  version: 1,
  created: now,
  updated: now,
};
const finished: ExecutionRecord = {
  pipelineKey: recordKey(ACCOUNT, REGION, 'tiny'),
  pipelineName: 'tiny',
  executionId: 'e-1',
  pipelineVersion: 1,
  executionMode: 'SUPERSEDED',
  status: 'Failed',
  statusSummary: 'Stage Build failed.',
  startTime: now,
  lastUpdateTime: now,
  trigger: { triggerType: 'StartPipelineExecution', triggerDetail: admin.arn },
  sourceRevisions: [{ actionName: 'Src', revisionId: 'abc', revisionSummary: 'first' }],
  stages: { Source: { status: 'Succeeded', actions: { Src: { actionExecutionId: 'a1', status: 'Succeeded', lastStatusChange: now } } }, Build: { status: 'Failed', actions: { Synth: { actionExecutionId: 'a2', status: 'Failed', lastStatusChange: now, errorDetails: { code: 'JobFailed', message: 'exit 1' } } } } },
};

let test: TestCloud;
let service: LocalService;

async function errorOf(promise: Promise<unknown>): Promise<AwsError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(error)}`);
  return error;
}

beforeEach(async () => {
  test = createTestCloud();
  test.grant(admin.principalArn, allowAll());
  service = codePipelineService({ endpoint: () => 'http://127.0.0.1:1' })(test.cloud);
  await pipelinesOf(test.cloud.store).put(recordKey(ACCOUNT, REGION, 'tiny'), pipeline);
  await executionsOf(test.cloud.store).put(executionKey(recordKey(ACCOUNT, REGION, 'tiny'), 'e-1'), finished);
});

afterEach(async () => {
  await stopPipelines(test.cloud);
  test.cleanup();
});

describe('the local CodePipeline service', () => {
  it('reports each stage with its latest execution and the failed action error', async () => {
    // Act
    const answer = await service.handle(requestOf('codepipeline', 'GetPipelineState', admin, { name: 'tiny' }));

    // Assess
    const stages = answer.output?.stageStates as Array<Record<string, unknown>>;
    expect(stages.map((s) => s.latestExecution)).toEqual([{ pipelineExecutionId: 'e-1', status: 'Succeeded' }, { pipelineExecutionId: 'e-1', status: 'Failed' }]);
    expect(JSON.stringify(stages[1])).toContain('"errorDetails":{"code":"JobFailed","message":"exit 1"}');
  });

  it('describes an execution with its artifact revisions and trigger', async () => {
    // Act
    const answer = await service.handle(requestOf('codepipeline', 'GetPipelineExecution', admin, { pipelineName: 'tiny', pipelineExecutionId: 'e-1' }));

    // Assess
    expect(answer.output?.pipelineExecution).toMatchObject({ status: 'Failed', artifactRevisions: [{ name: 'Code', revisionId: 'abc', revisionSummary: 'first' }], trigger: { triggerType: 'StartPipelineExecution' } });
  });

  it('answers PipelineNotFoundException for an unknown pipeline', async () => {
    // Act
    const error = await errorOf(service.handle(requestOf('codepipeline', 'GetPipelineState', admin, { name: 'missing' })));

    // Assess
    expect(error.code).toBe('PipelineNotFoundException');
  });

  it('answers PipelineExecutionNotFoundException for an unknown execution', async () => {
    // Act
    const error = await errorOf(service.handle(requestOf('codepipeline', 'GetPipelineExecution', admin, { pipelineName: 'tiny', pipelineExecutionId: 'nope' })));

    // Assess
    expect(error.code).toBe('PipelineExecutionNotFoundException');
  });

  it('refuses a caller without codepipeline permissions with AccessDeniedException', async () => {
    // Act
    const error = await errorOf(service.handle(requestOf('codepipeline', 'StartPipelineExecution', stranger, { name: 'tiny' })));

    // Assess
    expect(error.code).toBe('AccessDeniedException');
    expect(error.message).toContain('codepipeline:StartPipelineExecution');
  });

  it('refuses a missing name, naming the field', async () => {
    // Act
    const error = await errorOf(service.handle(requestOf('codepipeline', 'GetPipelineState', admin, {})));

    // Assess
    expect(error.code).toBe('ValidationException');
    expect(error.message).toContain("'name'");
  });

  it('refuses to stop a finished execution', async () => {
    // Act
    const error = await errorOf(service.handle(requestOf('codepipeline', 'StopPipelineExecution', admin, { pipelineName: 'tiny', pipelineExecutionId: 'e-1' })));

    // Assess
    expect(error.code).toBe('PipelineExecutionNotStoppableException');
  });

  it('refuses maxResults out of range', async () => {
    // Act
    const error = await errorOf(service.handle(requestOf('codepipeline', 'ListPipelineExecutions', admin, { pipelineName: 'tiny', maxResults: 0 })));

    // Assess
    expect(error.code).toBe('ValidationException');
    expect(error.message).toMatch(/maxResults 0 must be 1 to 100/);
  });

  it('names the operations it serves for an unknown one', async () => {
    // Act
    const error = await errorOf(service.handle(requestOf('codepipeline', 'CreatePipeline', admin, {})));

    // Assess
    expect(error.code).toBe('UnknownOperationException');
    expect(error.message).toContain('StartPipelineExecution');
  });
});
