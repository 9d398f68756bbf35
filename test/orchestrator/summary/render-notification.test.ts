import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../../orchestrator/summary/build-summary';
import {
  fitBytes,
  MAX_BODY_BYTES,
  MAX_GROUPS_SHOWN,
  renderNotification,
  renderOneLine,
  renderSubject,
} from '../../../orchestrator/summary/render-notification';
import type { ExecutionSummary, TargetOutcome } from '../../../orchestrator/summary/types';

const places = { Bucket: 'results', SummaryKey: 'StepEverywhere/f/q/exec-1/summary.json', ResultsPrefix: 'StepEverywhere/f/q/exec-1' };
const ARN = 'arn:aws:states:eu-west-1:111111111111:execution:StepEverywhere:exec-1';

function summaryOf(targets: TargetOutcome[], tolerance = { Count: 5 }, fn = 'StepEverywhere_x'): ExecutionSummary {
  return buildSummary({
    ExecutionId: ARN,
    Function: fn,
    Qualifier: 'live',
    FinishedAt: '2026-01-01T11:00:00.000Z',
    Tolerance: tolerance,
    PlannedTargetCount: targets.length,
    Skipped: [],
    Waves: [targets],
  });
}

const ok = (i: number): TargetOutcome => ({ AccountId: String(100000000000 + i), AccountName: `a${i}`, Region: 'us-east-1', Outcome: 'SUCCEEDED' });
const failed = (i: number, cause = 'Stack StepEverywhere-app is in UPDATE_ROLLBACK_FAILED'): TargetOutcome => ({
  AccountId: String(200000000000 + i),
  AccountName: `f${i}`,
  Region: 'eu-west-1',
  Outcome: 'FAILED',
  Error: 'StackFailed',
  Cause: cause,
});

describe('renderSubject', () => {
  it('says how many succeeded and failed, and which function', () => {
    // Prepare
    const summary = summaryOf([...Array.from({ length: 14 }, (_, i) => ok(i)), failed(0)]);

    // Act
    const subject = renderSubject(summary);

    // Assess
    expect(subject).toBe('step-everywhere: 14/15 succeeded, 1 failed (StepEverywhere_x)');
  });

  it('leads with the exceeded tolerance', () => {
    // Prepare
    const summary = summaryOf([ok(0), failed(0), failed(1)], { Count: 1 });

    // Act
    const subject = renderSubject(summary);

    // Assess
    expect(subject).toBe('step-everywhere: TOLERANCE EXCEEDED, 1/3 succeeded, 2 failed (StepEverywhere_x)');
  });

  it('stays under 100 ASCII characters with a long function name', () => {
    // Prepare
    const summary = summaryOf([ok(0), failed(0)], { Count: 5 }, `StepEverywhere_${'é'.repeat(120)}`);

    // Act
    const subject = renderSubject(summary);

    // Assess
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject).toMatch(/^step-everywhere: 1\/2 succeeded, 1 failed \(StepEverywhere_\?+\.\.\.\)$/);
  });
});

describe('renderNotification', () => {
  it('names each failure cause with its error, exact cause and targets', () => {
    // Prepare
    const summary = summaryOf([ok(0), failed(0), failed(1)]);

    // Act
    const { Body } = renderNotification(summary, places);

    // Assess
    expect(Body).toContain('[1] FAILED - 2 target(s)');
    expect(Body).toContain('    Error: StackFailed');
    expect(Body).toContain('    Cause: Stack StepEverywhere-app is in UPDATE_ROLLBACK_FAILED');
    expect(Body).toContain('      200000000000 (f0) eu-west-1');
    expect(Body).toContain('      200000000001 (f1) eu-west-1');
  });

  it('gives the counts, the S3 locations and the console link of the execution', () => {
    // Prepare
    const summary = summaryOf([ok(0), failed(0)]);

    // Act
    const { Body } = renderNotification(summary, places);

    // Assess
    expect(Body).toMatch(/^step-everywhere SUCCEEDED: within the failure tolerance\./);
    expect(Body).toMatch(/ {2}SUCCEEDED +1\n {2}NO_CHANGE +0\n {2}FAILED +1/);
    expect(Body).toContain('Summary:  s3://results/StepEverywhere/f/q/exec-1/summary.json');
    expect(Body).toContain('Results:  s3://results/StepEverywhere/f/q/exec-1/');
    expect(Body).toContain(`Console:  https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${ARN}`);
  });

  it('caps the targets listed per cause with "and N more"', () => {
    // Prepare
    const summary = summaryOf(Array.from({ length: 45 }, (_, i) => failed(i)), { Count: 100 });

    // Act
    const { Body } = renderNotification(summary, places);

    // Assess
    expect(Body).toContain('      200000000019 (f19) eu-west-1');
    expect(Body).not.toContain('200000000020');
    expect(Body).toContain('      and 25 more');
  });

  it('caps the causes listed and points to summary.json for the rest', () => {
    // Prepare
    const targets = Array.from({ length: MAX_GROUPS_SHOWN + 5 }, (_, i) => failed(i, `cause number ${i}`));
    const summary = summaryOf(targets, { Count: 1000 });

    // Act
    const { Body } = renderNotification(summary, places);

    // Assess
    expect(Body).toContain(`Failures by cause (${MAX_GROUPS_SHOWN + 5} cause(s), ${MAX_GROUPS_SHOWN + 5} target(s))`);
    expect(Body).toContain('and 5 more cause(s) covering 5 target(s): see summary.json');
  });

  it('tells why targets were not started', () => {
    // Prepare
    const cancelled: TargetOutcome = { AccountId: '3', AccountName: 'c', Region: 'us-east-1', Outcome: 'CANCELLED', Cause: 'wave 1 was not started: wave 0 exceeded the failure tolerance (3 failed, 1 tolerated)' };
    const summary = summaryOf([ok(0), cancelled]);

    // Act
    const { Body } = renderNotification(summary, places);

    // Assess
    expect(Body).toContain('Not started (CANCELLED): 1 target(s)\n  1 x wave 1 was not started: wave 0 exceeded the failure tolerance (3 failed, 1 tolerated)');
  });

  it('keeps the body of 17,000 distinct failures within the SNS size limit', () => {
    // Prepare
    const targets = Array.from({ length: 17_000 }, (_, i) => failed(i, `distinct cause ${i} ${'x'.repeat(3_000)}`));
    const summary = summaryOf(targets, { Count: 0 });

    // Act
    const { Body } = renderNotification(summary, places);

    // Assess
    expect(Buffer.byteLength(Body, 'utf8')).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(Body).toContain('and 16975 more cause(s)');
  });
});

describe('renderOneLine', () => {
  it('states the exceeded tolerance on one line with the summary location', () => {
    // Prepare
    const summary = summaryOf([ok(0), failed(0), failed(1)], { Count: 1 });

    // Act
    const line = renderOneLine(summary, places);

    // Assess
    expect(line).toBe(
      'Failure tolerance exceeded: 2 of 3 targets failed (FAILED 2), at most 1 failed target tolerated; summary: s3://results/StepEverywhere/f/q/exec-1/summary.json',
    );
  });

  it('states success and tolerated failures', () => {
    // Prepare
    const summary = summaryOf([ok(0), ok(1), failed(0)], { Count: 1 });

    // Act
    const line = renderOneLine(summary, places);

    // Assess
    expect(line).toBe('2 of 3 targets succeeded, 1 failed (FAILED 1) within at most 1 failed target; summary: s3://results/StepEverywhere/f/q/exec-1/summary.json');
    expect(line).not.toContain('\n');
  });
});

describe('fitBytes', () => {
  it('cuts text over the limit on a character boundary and says so', () => {
    // Prepare
    const text = 'é'.repeat(1_000);

    // Act
    const cut = fitBytes(text, 500);

    // Assess
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(500);
    expect(cut).not.toContain('\uFFFD');
    expect(cut).toMatch(/see summary\.json for everything\]$/);
  });
});

describe('renderSubject when space is short', () => {
  it('drops the skipped and cancelled counts before cutting the function name', () => {
    // Prepare
    const cancelled: TargetOutcome = { AccountId: '3', AccountName: 'c', Region: 'us-east-1', Outcome: 'CANCELLED', Cause: 'not started' };
    const skipped: TargetOutcome = { AccountId: '4', AccountName: 's', Region: 'us-east-1', Outcome: 'SKIPPED', Cause: 'suspended' };
    const summary = summaryOf([ok(0), failed(0), failed(1), cancelled, skipped], { Count: 1 }, 'StepEverywhere_deploy');

    // Act
    const subject = renderSubject(summary);

    // Assess
    expect(subject).toBe('step-everywhere: TOLERANCE EXCEEDED, 1/5 succeeded, 2 failed, 1 cancelled (StepEverywhere_deploy)');
  });
});
