import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountItem, SkippedTarget } from '../../../orchestrator/contract';
import { runKeys } from '../../../orchestrator/contract';
import { makeSummariseHandler } from '../../../orchestrator/handlers/summarise';
import { makeTallyWaveHandler } from '../../../orchestrator/handlers/tally-wave';
import type { ExecutionSummary, TargetOutcome } from '../../../orchestrator/summary/types';
import { account, accountResult, BUCKET, EXECUTION_ARN, plan, PREFIX, progress, writerRecord } from '../summary/builders';
import { fakeBucket } from '../summary/fake-bucket';

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:step-everywhere';
const NOW = new Date('2026-01-01T11:00:00.000Z');
const outcome = (a: AccountItem, region: string, o: TargetOutcome['Outcome'], cause?: string): TargetOutcome => ({
  AccountId: a.AccountId,
  AccountName: a.AccountName,
  Region: region,
  Outcome: o,
  ...(cause ? { Error: 'StackFailed', Cause: cause } : {}),
});

describe('summarise handler', () => {
  let bucket = fakeBucket();
  const sns = mockClient(SNSClient);
  const handler = () => makeSummariseHandler({ s3: bucket.s3, sns: new SNSClient({ region: 'eu-west-1' }), now: () => NOW });
  const skipped: SkippedTarget[] = [{ AccountId: '999999999999', AccountName: 'old', Region: 'us-east-1', Outcome: 'SKIPPED', Reason: 'account is SUSPENDED' }];
  const a = account('111111111111');
  const b = account('222222222222');
  const c = account('333333333333');

  beforeEach(() => {
    process.env.TOPIC_ARN = TOPIC;
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    bucket.putJson(BUCKET, runKeys.skipped(PREFIX), skipped);
    [[a, b], [c]].forEach((w, i) => bucket.putJson(BUCKET, runKeys.manifest(PREFIX, i), w));
  });
  afterEach(() => {
    delete process.env.TOPIC_ARN;
    bucket.mock.restore();
    bucket = fakeBucket();
  });

  it('writes summary.json with every target once and answers the verdict', async () => {
    // Prepare
    bucket.putJson(BUCKET, runKeys.waveOutcomes(PREFIX, 0), [outcome(a, 'us-east-1', 'SUCCEEDED'), outcome(a, 'eu-west-1', 'NO_CHANGE'), outcome(b, 'us-east-1', 'SUCCEEDED'), outcome(b, 'eu-west-1', 'FAILED', 'boom')]);
    bucket.putJson(BUCKET, runKeys.waveOutcomes(PREFIX, 1), [outcome(c, 'us-east-1', 'SUCCEEDED'), outcome(c, 'eu-west-1', 'SUCCEEDED')]);
    const event = { Plan: plan([[a, b], [c]], { Tolerance: { Count: 1 }, TargetCount: 7 }), Progress: progress({ NextWave: 2, Attempted: 6, Failed: 1, Stop: true, ManifestKey: '' }) };

    // Act
    const result = await handler()(event);

    // Assess
    const summary = bucket.getJson(BUCKET, runKeys.summary(PREFIX)) as ExecutionSummary;
    expect(result).toEqual({
      ToleranceExceeded: false,
      Message: `5 of 7 targets succeeded, 1 failed (FAILED 1) within at most 1 failed target; summary: s3://${BUCKET}/${runKeys.summary(PREFIX)}`,
      SummaryKey: runKeys.summary(PREFIX),
      Counts: { SUCCEEDED: 4, NO_CHANGE: 1, FAILED: 1, ASSUME_ROLE_FAILED: 0, SKIPPED: 1, TIMED_OUT: 0, CANCELLED: 0 },
    });
    expect(Object.keys(summary)).toEqual(['ExecutionId', 'Function', 'Qualifier', 'FinishedAt', 'Tolerance', 'ToleranceExceeded', 'Counts', 'TargetCount', 'Failures', 'Targets']);
    expect(summary).toMatchObject({ ExecutionId: EXECUTION_ARN, Function: 'StepEverywhere_x', Qualifier: '$LATEST', FinishedAt: NOW.toISOString(), TargetCount: 7 });
    expect(summary.Failures).toEqual([{ Outcome: 'FAILED', Error: 'StackFailed', Cause: 'boom', Count: 1, Targets: [{ AccountId: b.AccountId, AccountName: b.AccountName, Region: 'eu-west-1' }] }]);
    expect(summary.Targets.map((t) => `${t.AccountId}/${t.Region}`)).toHaveLength(new Set(summary.Targets.map((t) => `${t.AccountId}/${t.Region}`)).size);
  });

  it('records the targets of waves never started as CANCELLED with the reason and fails the tolerance', async () => {
    // Prepare
    bucket.putJson(BUCKET, runKeys.waveOutcomes(PREFIX, 0), [outcome(a, 'us-east-1', 'FAILED', 'x'), outcome(a, 'eu-west-1', 'FAILED', 'x'), outcome(b, 'us-east-1', 'FAILED', 'y'), outcome(b, 'eu-west-1', 'SUCCEEDED')]);
    const event = { Plan: plan([[a, b], [c]], { Tolerance: { Count: 1 }, TargetCount: 7 }), Progress: progress({ NextWave: 1, Attempted: 4, Failed: 3, Stop: true }) };

    // Act
    const result = await handler()(event);

    // Assess
    const summary = bucket.getJson(BUCKET, runKeys.summary(PREFIX)) as ExecutionSummary;
    const cancelled = summary.Targets.filter((t) => t.Outcome === 'CANCELLED');
    expect(cancelled.map((t) => `${t.AccountId}/${t.Region}`)).toEqual(['333333333333/us-east-1', '333333333333/eu-west-1']);
    expect(cancelled[0]?.Cause).toBe('wave 1 was not started: wave 0 exceeded the failure tolerance (3 failed, 1 tolerated)');
    expect(result.ToleranceExceeded).toBe(true);
    expect(result.Message).toMatch(/^Failure tolerance exceeded: 3 of 7 targets failed \(FAILED 3\), at most 1 failed target tolerated; 2 not started; summary: /);
  });

  it('publishes one message naming the failures, even when called twice', async () => {
    // Prepare
    bucket.putJson(BUCKET, runKeys.waveOutcomes(PREFIX, 0), [outcome(a, 'us-east-1', 'SUCCEEDED'), outcome(a, 'eu-west-1', 'SUCCEEDED'), outcome(b, 'us-east-1', 'FAILED', 'disk full'), outcome(b, 'eu-west-1', 'SUCCEEDED')]);
    bucket.putJson(BUCKET, runKeys.waveOutcomes(PREFIX, 1), [outcome(c, 'us-east-1', 'SUCCEEDED'), outcome(c, 'eu-west-1', 'SUCCEEDED')]);
    const event = { Plan: plan([[a, b], [c]], { Tolerance: { Count: 1 }, TargetCount: 7 }), Progress: progress({ NextWave: 2, Attempted: 6, Failed: 1, Stop: true }) };

    // Act
    await handler()(event);
    const second = await handler()(event);

    // Assess
    const publishes = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(publishes).toHaveLength(1);
    expect(publishes[0]?.TopicArn).toBe(TOPIC);
    expect(publishes[0]?.Subject).toBe('step-everywhere: 5/7 succeeded, 1 failed, 1 skipped (StepEverywhere_x)');
    expect(publishes[0]?.Message).toContain('    Cause: disk full\n    Targets:\n      222222222222 (acct-222222222222) us-east-1');
    expect(bucket.has(BUCKET, runKeys.notified(PREFIX))).toBe(true);
    expect(second.ToleranceExceeded).toBe(false);
  });

  it('publishes nothing when no topic is configured', async () => {
    // Prepare
    delete process.env.TOPIC_ARN;
    bucket.putJson(BUCKET, runKeys.waveOutcomes(PREFIX, 0), []);
    const event = { Plan: plan([[a, b], [c]], { TargetCount: 7 }), Progress: progress({ NextWave: 1, Stop: true }) };

    // Act
    await handler()(event);

    // Assess
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(bucket.has(BUCKET, runKeys.notified(PREFIX))).toBe(false);
  });

  it('warns and counts a ran wave as failed when its outcomes are missing', async () => {
    // Prepare
    const event = { Plan: plan([[a, b], [c]], { Tolerance: { Count: 10 }, TargetCount: 7 }), Progress: progress({ NextWave: 2, Stop: true }) };

    // Act
    await handler()(event);

    // Assess
    const summary = bucket.getJson(BUCKET, runKeys.summary(PREFIX)) as ExecutionSummary;
    expect(summary.Warnings).toEqual([
      `wave 0 ran but s3://${BUCKET}/${runKeys.waveOutcomes(PREFIX, 0)} does not exist; its targets are counted as FAILED`,
      `wave 1 ran but s3://${BUCKET}/${runKeys.waveOutcomes(PREFIX, 1)} does not exist; its targets are counted as FAILED`,
    ]);
    expect(summary.Counts.FAILED).toBe(6);
  });

  it('warns when the skipped targets file is missing', async () => {
    // Prepare
    bucket.objects.delete(`${BUCKET}/${runKeys.skipped(PREFIX)}`);
    bucket.putJson(BUCKET, runKeys.waveOutcomes(PREFIX, 0), [outcome(a, 'us-east-1', 'SUCCEEDED'), outcome(a, 'eu-west-1', 'SUCCEEDED'), outcome(b, 'us-east-1', 'SUCCEEDED'), outcome(b, 'eu-west-1', 'SUCCEEDED')]);
    const event = { Plan: plan([[a, b], [c]], { TargetCount: 7 }), Progress: progress({ NextWave: 1, Stop: true }) };

    // Act
    await handler()(event);

    // Assess
    const summary = bucket.getJson(BUCKET, runKeys.summary(PREFIX)) as ExecutionSummary;
    expect(summary.Warnings?.[0]).toBe(`s3://${BUCKET}/${runKeys.skipped(PREFIX)} (the skipped targets) does not exist; skipped targets are missing from this summary`);
    expect(summary.Warnings?.[1]).toMatch(/^the plan counted 7 target\(s\) but the summary accounts for 6/);
  });

  it('rejects an event with a bad progress, naming the field', async () => {
    // Prepare
    const event = { Plan: plan([[a]]), Progress: { ...progress(), Stop: 'yes' } };

    // Act
    const act = handler()(event);

    // Assess
    await expect(act).rejects.toThrow('Progress.Stop: Expected boolean, received string; pass the WaveProgress of the Plan step or of the previous TallyWave as Progress');
  });

  it('tallies and summarises 17,000 targets in two waves', async () => {
    // Prepare
    const regions = Array.from({ length: 17 }, (_, i) => `region-${i}`);
    const accounts = Array.from({ length: 1000 }, (_, i) => account(String(100000000000 + i), regions));
    const waves = [accounts.slice(0, 100), accounts.slice(100)];
    const big = plan(waves, { Tolerance: { Percentage: 5 } });
    waves.forEach((w, i) => bucket.putJson(BUCKET, runKeys.manifest(PREFIX, i), w));
    bucket.putJson(BUCKET, runKeys.skipped(PREFIX), []);
    const tally = makeTallyWaveHandler({ s3: bucket.s3 });
    let state = progress();
    for (const [i, w] of waves.entries()) {
      const manifestKey = `StepEverywhere/_map-results/run-${i}/manifest.json`;
      const records = w.map((acc, n) => (n % 50 === 0 ? writerRecord(acc, 'FAILED', { error: 'States.Timeout', cause: 'child timed out' }) : writerRecord(acc, 'SUCCEEDED', { output: accountResult(acc) })));
      bucket.putJson(BUCKET, `StepEverywhere/_map-results/run-${i}/results.json`, records);
      bucket.putJson(BUCKET, manifestKey, { ResultFiles: { SUCCEEDED: [{ Key: `StepEverywhere/_map-results/run-${i}/results.json`, Size: 1 }] } });
      state = await tally({ Plan: big, Progress: state, MapRun: { MapRunArn: `run-${i}`, ResultWriterDetails: { Bucket: BUCKET, Key: manifestKey } } });
    }

    // Act
    const result = await handler()({ Plan: big, Progress: state });

    // Assess
    const summary = bucket.getJson(BUCKET, runKeys.summary(PREFIX)) as ExecutionSummary;
    expect(state).toMatchObject({ NextWave: 2, Attempted: 17_000, Failed: 340, Stop: true });
    expect(summary.TargetCount).toBe(17_000);
    expect(summary.Warnings).toBeUndefined();
    expect(result.Counts).toMatchObject({ SUCCEEDED: 16_660, FAILED: 340 });
    expect(result.ToleranceExceeded).toBe(false);
    expect(Buffer.byteLength(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '', 'utf8')).toBeLessThan(262_144);
  });
});
