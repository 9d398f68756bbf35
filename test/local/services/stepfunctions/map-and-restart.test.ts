import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, DescribeMapRunCommand, DescribeStateMachineCommand, GetExecutionHistoryCommand, ListMapRunsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STOPPED_CAUSE } from '../../../../local/services/stepfunctions/executions';
import { ACCOUNT, REGION, startSfnCloud, type SfnTestCloud } from './sfn-fixture';

const open: SfnTestCloud[] = [];
async function cloud(stateDir?: string): Promise<SfnTestCloud> {
  const started = await startSfnCloud(stateDir);
  open.push(started);
  return started;
}

afterAll(async () => {
  for (const started of open.splice(0)) await started.close().catch(() => undefined);
});

const FAN_OUT = {
  StartAt: 'EachAccount',
  States: {
    EachAccount: {
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'manifests', Key: 'wave-1.json' } },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'worker', 'Payload.$': '$' },
            OutputPath: '$.Payload',
            End: true,
          },
        },
      },
      MaxConcurrency: 2,
      ToleratedFailureCount: 1,
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'manifests', Prefix: 'results' } },
      End: true,
    },
  },
};

describe('Distributed Map through the S3 service', () => {
  it('reads the items from S3, runs them as child executions and reports the Map Run counts', async () => {
    // Prepare
    const t = await cloud();
    await t.fn('worker', `exports.handler = async (event) => { if (event.account === 'bad') throw new Error('no access'); return { done: event.account }; };`);
    const s3 = t.s3();
    await s3.send(new CreateBucketCommand({ Bucket: 'manifests', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(new PutObjectCommand({ Bucket: 'manifests', Key: 'wave-1.json', Body: JSON.stringify([{ account: 'a' }, { account: 'b' }, { account: 'bad' }, { account: 'c' }]) }));
    const machine = await t.machine('fanout', FAN_OUT);

    // Act
    const described = await t.run(machine, {});
    const runs = await t.sfn().send(new ListMapRunsCommand({ executionArn: described.executionArn }));
    const run = await t.sfn().send(new DescribeMapRunCommand({ mapRunArn: runs.mapRuns?.[0]?.mapRunArn }));
    const written = await s3.send(new ListObjectsV2Command({ Bucket: 'manifests', Prefix: 'results/' }));

    // Assess
    expect(described.status).toBe('SUCCEEDED');
    expect(runs.mapRuns).toHaveLength(1);
    expect(runs.mapRuns?.[0]?.stateMachineArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:fanout/EachAccount`);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.maxConcurrency).toBe(2);
    expect(run.toleratedFailureCount).toBe(1);
    expect(run.itemCounts).toMatchObject({ total: 4, succeeded: 3, failed: 1, pending: 0, running: 0 });
    expect(run.executionCounts).toMatchObject({ total: 4, succeeded: 3, failed: 1 });
    expect(written.Contents?.some((object) => object.Key?.endsWith('/manifest.json'))).toBe(true);
  });

  it('fails the execution with States.ItemReaderFailed when the role may not read the manifest', async () => {
    // Prepare
    const t = await cloud();
    await t.fn('worker', 'exports.handler = async () => 1;');
    await t.s3().send(new CreateBucketCommand({ Bucket: 'manifests', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    const role = await t.statesRole('invoke-only', { invoke: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }] } });
    const machine = await t.machine('blind', FAN_OUT, role);

    // Act
    const described = await t.run(machine, {});

    // Assess
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('States.ItemReaderFailed');
    expect(described.cause).toContain('AccessDenied');
  });
});

describe('restart', () => {
  it('keeps state machines and finished executions, and marks executions that were running ABORTED', async () => {
    // Prepare
    const stateDir = mkdtempSync(path.join(tmpdir(), 'se-sfn-restart-'));
    const before = await startSfnCloud(stateDir);
    const quick = await before.machine('quick', { StartAt: 'Done', States: { Done: { Type: 'Pass', Result: { ok: true }, End: true } } });
    const slow = await before.machine('slow', { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 60, End: true } } });
    const finished = await before.run(quick, { a: 1 });
    const running = await before.sfn().send(new StartExecutionCommand({ stateMachineArn: slow, input: '{}' }));
    await before.close(true);

    // Act
    const after = await cloud(stateDir);
    const machine = await after.sfn().send(new DescribeStateMachineCommand({ stateMachineArn: quick }));
    const kept = await after.sfn().send(new DescribeExecutionCommand({ executionArn: finished.executionArn }));
    const history = await after.sfn().send(new GetExecutionHistoryCommand({ executionArn: finished.executionArn }));
    const aborted = await after.sfn().send(new DescribeExecutionCommand({ executionArn: running.executionArn }));

    // Assess
    expect(machine.name).toBe('quick');
    expect(kept.status).toBe('SUCCEEDED');
    expect(JSON.parse(kept.output ?? 'null')).toEqual({ ok: true });
    expect(history.events?.[0]?.type).toBe('ExecutionStarted');
    expect(history.events?.[history.events.length - 1]?.type).toBe('ExecutionSucceeded');
    expect(history.events?.[0]?.timestamp).toBeInstanceOf(Date);
    expect(aborted.status).toBe('ABORTED');
    expect(aborted.cause).toBe(STOPPED_CAUSE);
    expect(aborted.stopDate).toBeInstanceOf(Date);
    rmSync(stateDir, { recursive: true, force: true });
  });
});
