import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, type RunOptions } from '../../../cli/commands/run';
import { runKeys } from '../../../orchestrator/contract';
import { awsError, fakeDeps, mockS3Objects, type FakeDeps } from '../support';
import { BUCKET, execution, sampleSummary, sampleTargets, STATE_MACHINE_ARN } from '../fixtures';

const sfnMock = mockClient(SFNClient);
const cfnMock = mockClient(CloudFormationClient);
const ENV = { STEP_EVERYWHERE_STATE_MACHINE_ARN: STATE_MACHINE_ARN, STEP_EVERYWHERE_RESULTS_BUCKET: BUCKET };
const NAME = 'nightly';
const EXEC_ARN = `arn:aws:states:eu-west-1:999999999999:execution:StepEverywhere:${NAME}`;
const PREFIX = `StepEverywhere/StepEverywhere_inventory/$LATEST/${NAME}`;
const FILE = 'name: baseline\nworker: StepEverywhere_inventory\nregions: [eu-west-1, us-east-1]\ntolerance: {count: 1}\n';

let objects: Map<string, string>;
let deps: FakeDeps;
let s3Mock: ReturnType<typeof mockS3Objects>;

beforeEach(() => {
  objects = new Map();
  s3Mock = mockS3Objects(objects);
  cfnMock.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id StepEverywhere does not exist'));
  sfnMock.on(StartExecutionCommand).resolves({ executionArn: EXEC_ARN, startDate: new Date() });
  deps = fakeDeps({ env: ENV, files: { 'deployments/baseline.yaml': FILE } });
});

afterEach(() => {
  sfnMock.reset();
  cfnMock.reset();
});

const REGIONS = ['eu-west-1', 'us-east-1'];
const targets = sampleTargets(2, REGIONS);
const [first, second] = [targets[0].AccountId, targets[2].AccountId];
const accounts = [
  { AccountId: first, AccountName: targets[0].AccountName, Regions: REGIONS },
  { AccountId: second, AccountName: targets[2].AccountName, Regions: REGIONS },
];

/**
 * An execution that plans (manifest and skipped list), writes two results, then one more,
 * then tallies the wave and ends with `final` and its summary: each DescribeExecution call
 * moves it a step.
 */
function scriptExecution(final: Partial<DescribeExecutionCommandOutput> & { status: string }): void {
  const steps: Array<() => void> = [
    () => undefined,
    () => {
      objects.set(runKeys.manifest(PREFIX, 0), JSON.stringify(accounts));
      objects.set(runKeys.skipped(PREFIX), JSON.stringify([]));
    },
    () => {
      objects.set(`${PREFIX}/${first}/eu-west-1.json`, '{}');
      objects.set(`${PREFIX}/${first}/us-east-1.json`, '{}');
    },
    () => objects.set(`${PREFIX}/${second}/eu-west-1.json`, '{}'),
  ];
  let call = 0;
  sfnMock.on(DescribeExecutionCommand).callsFake(() => {
    const step = steps[call++];
    const base = execution('RUNNING', { executionArn: EXEC_ARN, name: NAME, input: JSON.stringify({ Function: 'StepEverywhere_inventory' }) });
    if (step) {
      step();
      return base;
    }
    objects.set(runKeys.waveOutcomes(PREFIX, 0), JSON.stringify(targets));
    objects.set(runKeys.summary(PREFIX), JSON.stringify(sampleSummary(targets, final.status !== 'SUCCEEDED')));
    return { ...base, stopDate: new Date(deps.clock.ms), ...final };
  });
}

const options = (extra: Partial<RunOptions> = {}): RunOptions => ({ file: 'deployments/baseline.yaml', name: NAME, logEvery: '2', ...extra });

describe('runCommand', () => {
  it('starts the execution with the deployment as its input', async () => {
    // Prepare
    scriptExecution({ status: 'SUCCEEDED' });

    // Act
    await runCommand(options(), deps);

    // Assess
    const start = sfnMock.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(start.stateMachineArn).toBe(STATE_MACHINE_ARN);
    expect(start.name).toBe(NAME);
    expect(JSON.parse(start.input ?? '')).toEqual({
      Function: 'StepEverywhere_inventory',
      Regions: ['eu-west-1', 'us-east-1'],
      FailureTolerance: { Count: 1 },
    });
  });

  it('puts a template too big for TemplateBody in the results bucket by its hash and hands the deployer its S3 URI', async () => {
    // Prepare
    scriptExecution({ status: 'SUCCEEDED' });
    const template = `Resources:\n  Topic: {Type: AWS::SNS::Topic}\n# ${'x'.repeat(60_000)}\n`;
    deps.files.set('deployments/big.yaml', 'name: big\ntemplate: ../templates/big.yaml\nregions: [eu-west-1]\n');
    deps.files.set('templates/big.yaml', template);
    s3Mock.on(PutObjectCommand).resolves({});

    // Act
    await runCommand(options({ file: 'deployments/big.yaml' }), deps);

    // Assess
    const key = `templates/${createHash('sha256').update(template).digest('hex')}.template`;
    const put = s3Mock.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === key);
    expect(put?.args[0].input).toMatchObject({ Bucket: BUCKET, Body: template });
    const input = JSON.parse(sfnMock.commandCalls(StartExecutionCommand)[0].args[0].input.input ?? '');
    expect(input.Payload).toEqual({ StackName: 'StepEverywhere-big', TemplateS3Uri: `s3://${BUCKET}/${key}` });
  });

  it('hands a small template inline, uploading nothing', async () => {
    // Prepare
    scriptExecution({ status: 'SUCCEEDED' });
    deps.files.set('deployments/small.yaml', 'name: small\ntemplate: ../templates/small.yaml\nregions: [eu-west-1]\n');
    deps.files.set('templates/small.yaml', 'Resources:\n  Topic: {Type: AWS::SNS::Topic}\n');

    // Act
    await runCommand(options({ file: 'deployments/small.yaml' }), deps);

    // Assess
    const input = JSON.parse(sfnMock.commandCalls(StartExecutionCommand)[0].args[0].input.input ?? '');
    expect(input.Payload.TemplateBody).toBe('Resources:\n  Topic: {Type: AWS::SNS::Topic}\n');
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('prints plain progress lines on a non-terminal, then the summary and where things went; exit 0', async () => {
    // Prepare
    scriptExecution({ status: 'SUCCEEDED' });

    // Act
    const code = await runCommand(options(), deps);

    // Assess
    expect(code).toBe(0);
    const lines = deps.out.lines();
    expect(lines).toContain('RUNNING · planning targets · 0s elapsed');
    expect(lines).toContain('RUNNING · 0/4 targets (0%) · 0.00/s · 2s elapsed');
    expect(lines).toContain('RUNNING · 2/4 targets (50%) · 0.50/s · ETA 4s · 4s elapsed');
    expect(lines).toContain('RUNNING · 3/4 targets (75%) · 0.50/s · ETA 2s · 6s elapsed');
    expect(deps.out.text).not.toContain('\r');
    expect(deps.out.text).toContain('Execution nightly: SUCCEEDED');
    expect(lines).toContain('SUCCEEDED · 4/4 targets (100%) · 1 failed · 0.50/s · 8s elapsed');
    expect(deps.out.text).toMatch(/acct-1 +100000000001 +eu-west-1 +FAILED/);
    expect(deps.out.text).toContain('2 targets SUCCEEDED or NO_CHANGE not listed');
    expect(deps.out.text).toContain(`summary:      s3://${BUCKET}/${PREFIX}/summary.json`);
    expect(deps.out.text).toContain('notification: none published');
    expect(deps.err.text).toBe('');
  });

  it('prints one progress line per period by default in CI logs', async () => {
    // Prepare
    scriptExecution({ status: 'SUCCEEDED' });

    // Act
    await runCommand(options({ logEvery: undefined }), deps);

    // Assess
    const progress = deps.out.lines().filter((line) => line.startsWith('RUNNING') || line.startsWith('SUCCEEDED ·'));
    expect(progress).toEqual(['RUNNING · planning targets · 0s elapsed', expect.stringMatching(/^SUCCEEDED · 4\/4 targets/)]);
  });

  it('refreshes one line in place on a terminal', async () => {
    // Prepare
    scriptExecution({ status: 'SUCCEEDED' });
    deps = { ...deps, stdout: Object.assign(deps.out, { isTTY: true }) };

    // Act
    await runCommand(options(), deps);

    // Assess
    expect(deps.out.text).toContain('\rRUNNING · 2/4 targets (50%)');
    expect(deps.out.text.match(/\r/g)?.length).toBe(5);
  });

  it('exits 1 with the error and cause when the tolerance is exceeded', async () => {
    // Prepare
    scriptExecution({ status: 'FAILED', error: 'StepEverywhere.ToleranceExceeded', cause: '3 of 4 targets failed, tolerance 1' });

    // Act
    const code = await runCommand(options(), deps);

    // Assess
    expect(code).toBe(1);
    expect(deps.err.text).toBe('execution FAILED: StepEverywhere.ToleranceExceeded — 3 of 4 targets failed, tolerance 1\n');
    expect(deps.out.text).toContain('Failures by cause');
  });

  it('exits 2 when the state machine refused the input', async () => {
    // Prepare
    scriptExecution({ status: 'FAILED', error: 'StepEverywhere.InvalidInput', cause: 'Regions[0]: "mars-1" is not a region' });

    // Act
    const code = await runCommand(options(), deps);

    // Assess
    expect(code).toBe(2);
    expect(deps.err.text).toContain('StepEverywhere.InvalidInput — Regions[0]: "mars-1" is not a region');
  });

  it('exits 1 when the execution was aborted', async () => {
    // Prepare
    scriptExecution({ status: 'ABORTED' });

    // Act
    const code = await runCommand(options(), deps);

    // Assess
    expect(code).toBe(1);
  });

  it('returns after starting with --no-wait', async () => {
    // Prepare
    scriptExecution({ status: 'SUCCEEDED' });

    // Act
    const code = await runCommand(options({ wait: false }), deps);

    // Assess
    expect(code).toBe(0);
    expect(sfnMock.commandCalls(DescribeExecutionCommand)).toHaveLength(0);
    expect(deps.out.text).toContain(`started ${EXEC_ARN}`);
    expect(deps.out.text).toContain(`follow it later with: step-everywhere status ${NAME}`);
  });

  it('names a reused execution name and the fix', async () => {
    // Prepare
    sfnMock.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists', 'Execution Already Exists'));

    // Act
    const failure = runCommand(options(), deps);

    // Assess
    await expect(failure).rejects.toMatchObject({
      exitCode: 2,
      message: 'an execution named nightly already exists — choose another --name, or leave --name out for a timestamped one',
    });
  });

  it('shows the status only when the results bucket is unknown', async () => {
    // Prepare
    scriptExecution({ status: 'SUCCEEDED' });
    deps = { ...deps, env: { STEP_EVERYWHERE_STATE_MACHINE_ARN: STATE_MACHINE_ARN } };

    // Act
    const code = await runCommand(options(), deps);

    // Assess
    expect(code).toBe(0);
    expect(deps.err.text).toMatch(/^note: the results bucket is unknown, so progress shows the status only — pass --bucket/);
    expect(deps.out.lines()).toContain('RUNNING · targets not counted · 0s elapsed');
  });

  it('goes on with the status only when the results cannot be listed', async () => {
    // Prepare
    scriptExecution({ status: 'SUCCEEDED' });
    s3Mock.on(ListObjectsV2Command).rejects(awsError('AccessDenied', 'Access Denied', 403));

    // Act
    const code = await runCommand(options(), deps);

    // Assess
    expect(code).toBe(0);
    expect(deps.err.lines()[0]).toBe('note: progress counts unavailable (AccessDenied: Access Denied); showing the status only');
    expect(deps.out.lines()).toContain('RUNNING · targets not counted · 2s elapsed');
  });
});
