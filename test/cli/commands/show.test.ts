import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { showCommand } from '../../../cli/commands/show';
import { runKeys } from '../../../orchestrator/contract';
import { awsError, fakeDeps, mockS3Objects, type FakeDeps } from '../support';
import { BUCKET, EXECUTION_ARN, EXECUTION_NAME, execution, PREFIX, sampleSummary, sampleTargets, STATE_MACHINE_ARN } from '../fixtures';

const sfnMock = mockClient(SFNClient);
const cfnMock = mockClient(CloudFormationClient);
const targets = sampleTargets(3, ['eu-west-1', 'us-east-1']);

let objects: Map<string, string>;
let deps: FakeDeps;

beforeEach(() => {
  objects = new Map([[runKeys.summary(PREFIX), JSON.stringify(sampleSummary(targets))]]);
  mockS3Objects(objects);
  cfnMock.on(DescribeStacksCommand, { StackName: 'StepEverywhere' }).resolves({
    Stacks: [
      {
        StackName: 'StepEverywhere',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: [
          { OutputKey: 'StateMachineArn', OutputValue: STATE_MACHINE_ARN },
          { OutputKey: 'ResultsBucketName', OutputValue: BUCKET },
        ],
      },
    ],
  });
  sfnMock.on(DescribeExecutionCommand, { executionArn: EXECUTION_ARN }).resolves(execution('SUCCEEDED'));
  deps = fakeDeps();
});

afterEach(() => {
  sfnMock.reset();
  cfnMock.reset();
});

describe('status and results', () => {
  it('prints the documented JSON shape for an execution name', async () => {
    // Prepare
    const ref = EXECUTION_NAME;

    // Act
    const code = await showCommand('status', ref, { json: true }, deps);

    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(deps.out.text) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(['execution', 'locations', 'schemaVersion', 'summary']);
    expect(report.schemaVersion).toBe(1);
    expect(report.execution).toMatchObject({ arn: EXECUTION_ARN, name: EXECUTION_NAME, status: 'SUCCEEDED' });
    expect(Object.keys(report.summary as object).sort()).toEqual(
      ['counts', 'failures', 'function', 'qualifier', 'targetCount', 'targets', 'tolerance', 'toleranceExceeded', 'warnings'],
    );
    expect((report.summary as { targets: unknown[] }).targets).toHaveLength(targets.length);
  });

  it('writes the HTML report and keeps stdout pure JSON', async () => {
    // Prepare
    const options = { json: true, html: 'report.html' };

    // Act
    await showCommand('results', EXECUTION_ARN, options, deps);

    // Assess
    const html = deps.written.get('report.html') ?? '';
    for (const t of targets) expect(html).toContain(`data-target="${t.AccountId}/${t.Region}"`);
    expect(() => JSON.parse(deps.out.text)).not.toThrow();
    expect(deps.err.text).toBe('report written to report.html\n');
  });

  it('prints the table for people, failures by cause first', async () => {
    // Prepare
    const ref = EXECUTION_ARN;

    // Act
    await showCommand('results', ref, {}, deps);

    // Assess
    expect(deps.out.text.indexOf('Failures by cause')).toBeLessThan(deps.out.text.indexOf('ACCOUNT  '));
    for (const t of targets.filter((t) => t.Outcome !== 'SUCCEEDED' && t.Outcome !== 'NO_CHANGE')) expect(deps.out.text).toMatch(new RegExp(`${t.AccountId} +${t.Region} +${t.Outcome}`));
    expect(deps.out.text).toContain('2 targets SUCCEEDED or NO_CHANGE not listed: --all lists every target');
    expect(deps.out.text).toContain(`results:      s3://${BUCKET}/${PREFIX}/<account>/<region>.json`);
  });

  it('lists every target with --all', async () => {
    // Act
    await showCommand('results', EXECUTION_ARN, { all: true }, deps);

    // Assess
    for (const t of targets) expect(deps.out.text).toMatch(new RegExp(`${t.AccountId} +${t.Region} +${t.Outcome}`));
    expect(deps.out.text).not.toContain('not listed');
  });

  it('exits 1 for a failed execution', async () => {
    // Prepare
    sfnMock.on(DescribeExecutionCommand).resolves(execution('FAILED', { error: 'StepEverywhere.ToleranceExceeded', cause: 'too many' }));

    // Act
    const code = await showCommand('status', EXECUTION_ARN, {}, deps);

    // Assess
    expect(code).toBe(1);
    expect(deps.out.text).toContain('Execution baseline-20250301T100000Z: FAILED (StepEverywhere.ToleranceExceeded)\n  cause: too many');
  });

  it('shows the progress of a running execution, in the JSON too', async () => {
    // Prepare
    sfnMock.on(DescribeExecutionCommand).resolves(execution('RUNNING'));
    objects.clear();
    objects.set(runKeys.manifest(PREFIX, 0), JSON.stringify([{ AccountId: '111111111111', AccountName: 'a', Regions: ['eu-west-1', 'us-east-1'] }]));
    objects.set(runKeys.skipped(PREFIX), '[]');
    objects.set(`${PREFIX}/111111111111/eu-west-1.json`, '{}');

    // Act
    const code = await showCommand('status', EXECUTION_ARN, { json: true }, deps);

    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(deps.out.text) as { progress: unknown; summary: unknown };
    expect(report.progress).toEqual({ total: 2, done: 1 });
    expect(report.summary).toBeNull();
  });

  it('refuses results while no summary exists, naming the status command', async () => {
    // Prepare
    sfnMock.on(DescribeExecutionCommand).resolves(execution('RUNNING'));
    objects.clear();

    // Act
    const failure = showCommand('results', EXECUTION_ARN, {}, deps);

    // Assess
    await expect(failure).rejects.toMatchObject({
      exitCode: 1,
      message: `no results for ${EXECUTION_NAME} yet: the execution is still running — follow it with step-everywhere status ${EXECUTION_NAME}`,
    });
  });

  it('answers an unknown execution with one line and how to list executions, exit 2', async () => {
    // Prepare
    sfnMock.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist', 'Execution Does Not Exist'));

    // Act
    const failure = showCommand('status', 'nope', {}, deps);

    // Assess
    await expect(failure).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^no execution nope \(.*:execution:StepEverywhere:nope\) — list executions with: aws stepfunctions list-executions --state-machine-arn /),
    });
  });

  it('refuses a summary this version cannot read, naming the field', async () => {
    // Prepare
    objects.set(runKeys.summary(PREFIX), JSON.stringify({ ExecutionId: 'x' }));

    // Act
    const failure = showCommand('results', EXECUTION_ARN, {}, deps);

    // Assess
    await expect(failure).rejects.toThrow(/summary\.json is not a summary this CLI can read \(Function: Required\) — use the CLI of the same step-everywhere version$/);
  });
});
