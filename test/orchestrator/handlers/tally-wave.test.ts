import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountItem } from '../../../orchestrator/contract';
import { InvalidInputError, runKeys } from '../../../orchestrator/contract';
import { makeTallyWaveHandler } from '../../../orchestrator/handlers/tally-wave';
import type { TargetOutcome } from '../../../orchestrator/summary/types';
import { account, accountResult, BUCKET, plan, PREFIX, progress, record, writerRecord } from '../summary/builders';
import { fakeBucket } from '../summary/fake-bucket';

const MAP_PREFIX = 'StepEverywhere/_map-results/run-1';
const MAP_RUN = { MapRunArn: 'arn:aws:states:eu-west-1:111111111111:mapRun:StepEverywhere/FanOut:run-1', ResultWriterDetails: { Bucket: BUCKET, Key: `${MAP_PREFIX}/manifest.json` } };

function stage(bucket: ReturnType<typeof fakeBucket>, waves: AccountItem[][], files: Record<string, unknown[]>): void {
  waves.forEach((accounts, i) => bucket.putJson(BUCKET, runKeys.manifest(PREFIX, i), accounts));
  const resultFiles: Record<string, Array<{ Key: string; Size: number }>> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const [status, records] of Object.entries(files)) {
    const key = `${MAP_PREFIX}/${status}_0.json`;
    bucket.putJson(BUCKET, key, records);
    resultFiles[status] = [{ Key: key, Size: 1 }];
  }
  bucket.putJson(BUCKET, MAP_RUN.ResultWriterDetails.Key, { DestinationBucket: BUCKET, MapRunArn: MAP_RUN.MapRunArn, ResultFiles: resultFiles });
}

const outcomesOf = (bucket: ReturnType<typeof fakeBucket>, wave = 0) => bucket.getJson(BUCKET, runKeys.waveOutcomes(PREFIX, wave)) as TargetOutcome[];

describe('tally-wave handler', () => {
  let bucket = fakeBucket();
  afterEach(() => {
    bucket.mock.restore();
    bucket = fakeBucket();
  });

  it('records every planned target exactly once from succeeded, failed, pending, duplicated and missing children', async () => {
    // Prepare
    const ok = account('111111111111');
    const noRole = account('222222222222');
    const crashed = account('333333333333');
    const pending = account('444444444444');
    const missing = account('555555555555');
    const redriven = account('666666666666', ['us-east-1']);
    const wave0 = [ok, noRole, crashed, pending, missing, redriven];
    stage(bucket, [wave0, [account('777777777777')]], {
      SUCCEEDED: [
        writerRecord(ok, 'SUCCEEDED', { output: accountResult(ok) }),
        writerRecord(noRole, 'SUCCEEDED', { output: { ...noRole, AccountOutcome: 'ASSUME_ROLE_FAILED', Error: 'StepEverywhere.AssumeRoleFailed', Cause: 'trust denied' } }),
        writerRecord(redriven, 'SUCCEEDED', { output: accountResult(redriven), stop: '2026-01-01T12:00:00.000Z' }),
      ],
      FAILED: [
        writerRecord(crashed, 'FAILED', { error: 'States.Runtime', cause: 'field missing' }),
        writerRecord(redriven, 'FAILED', { error: 'States.Timeout', cause: 'timed out', stop: '2026-01-01T10:00:00.000Z' }),
      ],
      PENDING: [writerRecord(pending, 'PENDING')],
    });
    const handler = makeTallyWaveHandler({ s3: bucket.s3 });

    // Act
    const next = await handler({ Plan: plan([wave0, [account('777777777777')]], { Tolerance: { Count: 100 } }), Progress: progress(), MapRun: MAP_RUN });

    // Assess
    const outcomes = outcomesOf(bucket);
    expect(outcomes.map((o) => `${o.AccountId}/${o.Region}:${o.Outcome}`)).toEqual([
      '111111111111/us-east-1:SUCCEEDED',
      '111111111111/eu-west-1:SUCCEEDED',
      '222222222222/us-east-1:ASSUME_ROLE_FAILED',
      '222222222222/eu-west-1:ASSUME_ROLE_FAILED',
      '333333333333/us-east-1:FAILED',
      '333333333333/eu-west-1:FAILED',
      '444444444444/us-east-1:FAILED',
      '444444444444/eu-west-1:FAILED',
      '555555555555/us-east-1:FAILED',
      '555555555555/eu-west-1:FAILED',
      '666666666666/us-east-1:SUCCEEDED',
    ]);
    expect(outcomes[4]).toMatchObject({ Error: 'States.Runtime', Cause: 'field missing' });
    expect(outcomes[6]?.Cause).toMatch(/had not finished \(status PENDING\)/);
    expect(outcomes[8]?.Cause).toMatch(/reported no child execution/);
    expect(next).toEqual({ NextWave: 1, ManifestKey: runKeys.manifest(PREFIX, 1), Attempted: 11, Failed: 8, Stop: false });
  });

  it('records every target as failed with the Map error when the Catch put it at MapRun', async () => {
    // Prepare
    const wave0 = [account('111111111111'), account('222222222222')];
    stage(bucket, [wave0, [account('333333333333')]], {});
    const handler = makeTallyWaveHandler({ s3: bucket.s3 });

    // Act
    const next = await handler({
      Plan: plan([wave0, [account('333333333333')]], { Tolerance: { Count: 0 } }),
      Progress: progress(),
      MapRun: { Error: 'States.ExceedToleratedFailureThreshold', Cause: 'too many children failed' },
    });

    // Assess
    const outcomes = outcomesOf(bucket);
    expect(outcomes).toHaveLength(4);
    expect(outcomes.every((o) => o.Outcome === 'FAILED' && /Distributed Map failed \(States\.ExceedToleratedFailureThreshold: too many children failed\)/.test(o.Cause ?? ''))).toBe(true);
    expect(next).toMatchObject({ NextWave: 1, Attempted: 4, Failed: 4, Stop: true });
  });

  it('reads no results when given MapRunError', async () => {
    // Prepare
    const wave0 = [account('111111111111', ['us-east-1'])];
    stage(bucket, [wave0], {});
    const handler = makeTallyWaveHandler({ s3: bucket.s3 });

    // Act
    await handler({ Plan: plan([wave0]), Progress: progress(), MapRun: MAP_RUN, MapRunError: { Error: 'States.Runtime', Cause: 'x' } });

    // Assess
    const keys = bucket.mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key);
    expect(keys).toEqual([runKeys.manifest(PREFIX, 0)]);
    expect(outcomesOf(bucket)[0]?.Cause).toMatch(/Distributed Map failed \(States\.Runtime: x\)/);
  });

  it('stops after the last wave', async () => {
    // Prepare
    const wave0 = [account('111111111111', ['us-east-1'])];
    stage(bucket, [wave0], { SUCCEEDED: [writerRecord(wave0[0] as AccountItem, 'SUCCEEDED', { output: accountResult(wave0[0] as AccountItem) })] });
    const handler = makeTallyWaveHandler({ s3: bucket.s3 });

    // Act
    const next = await handler({ Plan: plan([wave0]), Progress: progress(), MapRun: MAP_RUN });

    // Assess
    expect(next).toEqual({ NextWave: 1, ManifestKey: '', Attempted: 1, Failed: 0, Stop: true });
  });

  it('gives the same file and progress when run twice for the same wave', async () => {
    // Prepare
    const a = account('111111111111');
    const output = { ...accountResult(a), Targets: [record(a.AccountId, 'us-east-1', 'FAILED', { Error: 'E', Cause: 'c' }), record(a.AccountId, 'eu-west-1', 'SUCCEEDED')] };
    stage(bucket, [[a], [account('222222222222')]], { SUCCEEDED: [writerRecord(a, 'SUCCEEDED', { output })] });
    const event = { Plan: plan([[a], [account('222222222222')]], { Tolerance: { Percentage: 50 } }), Progress: progress(), MapRun: MAP_RUN };
    const handler = makeTallyWaveHandler({ s3: bucket.s3 });

    // Act
    const first = await handler(event);
    const firstFile = bucket.objects.get(`${BUCKET}/${runKeys.waveOutcomes(PREFIX, 0)}`);
    const second = await handler(event);
    const secondFile = bucket.objects.get(`${BUCKET}/${runKeys.waveOutcomes(PREFIX, 0)}`);

    // Assess
    expect(second).toEqual(first);
    expect(secondFile).toBe(firstFile);
    expect(first).toMatchObject({ Attempted: 2, Failed: 1, Stop: false });
  });

  it('names the missing wave manifest', async () => {
    // Prepare
    const handler = makeTallyWaveHandler({ s3: bucket.s3 });

    // Act
    const act = handler({ Plan: plan([[account('111111111111')]]), Progress: progress(), MapRun: MAP_RUN });

    // Assess
    await expect(act).rejects.toThrow(`s3://${BUCKET}/${runKeys.manifest(PREFIX, 0)}: does not exist`);
  });

  it('names a bad manifest item', async () => {
    // Prepare
    bucket.putJson(BUCKET, runKeys.manifest(PREFIX, 0), [{ AccountId: '111111111111', Regions: 'us-east-1' }]);
    const handler = makeTallyWaveHandler({ s3: bucket.s3 });

    // Act
    const act = handler({ Plan: plan([[account('111111111111')]]), Progress: progress(), MapRun: MAP_RUN });

    // Assess
    await expect(act).rejects.toThrow(/manifest\.json: item \[0\]\.Regions: Expected array, received string/);
  });

  it('rejects an event without a plan before reading anything', async () => {
    // Prepare
    const handler = makeTallyWaveHandler({ s3: bucket.s3 });

    // Act
    const act = handler({ Progress: progress() });

    // Assess
    await expect(act).rejects.toBeInstanceOf(InvalidInputError);
    expect(bucket.mock.calls()).toHaveLength(0);
  });
});
