import { describe, expect, it } from 'vitest';
import { buildSummary, type SummaryParts } from '../../../orchestrator/summary/build-summary';
import type { TargetOutcome } from '../../../orchestrator/summary/types';

const t = (id: string, region: string, outcome: TargetOutcome['Outcome'], cause?: string): TargetOutcome => ({
  AccountId: id,
  AccountName: `n${id}`,
  Region: region,
  Outcome: outcome,
  ...(cause ? { Error: 'E', Cause: cause } : {}),
});

function parts(overrides: Partial<SummaryParts> = {}): SummaryParts {
  return {
    ExecutionId: 'arn:aws:states:eu-west-1:111111111111:execution:sm:exec-1',
    Function: 'StepEverywhere_x',
    Qualifier: '$LATEST',
    FinishedAt: '2026-01-01T11:00:00.000Z',
    Tolerance: { Count: 1 },
    PlannedTargetCount: 4,
    Skipped: [{ AccountId: '9', AccountName: 'n9', Region: 'us-east-1', Outcome: 'SKIPPED', Reason: 'account is SUSPENDED' }],
    Waves: [[t('1', 'us-east-1', 'SUCCEEDED'), t('2', 'us-east-1', 'FAILED', 'boom')], [t('3', 'us-east-1', 'CANCELLED')]],
    ...overrides,
  };
}

describe('buildSummary', () => {
  it('has the summary.json shape with counts for every outcome', () => {
    // Prepare
    const given = parts({ StartedAt: '2026-01-01T10:00:00.000Z' });

    // Act
    const summary = buildSummary(given);

    // Assess
    expect(summary).toEqual({
      ExecutionId: given.ExecutionId,
      Function: 'StepEverywhere_x',
      Qualifier: '$LATEST',
      StartedAt: '2026-01-01T10:00:00.000Z',
      FinishedAt: '2026-01-01T11:00:00.000Z',
      Tolerance: { Count: 1 },
      ToleranceExceeded: false,
      Counts: { SUCCEEDED: 1, NO_CHANGE: 0, FAILED: 1, ASSUME_ROLE_FAILED: 0, SKIPPED: 1, TIMED_OUT: 0, CANCELLED: 1 },
      TargetCount: 4,
      Failures: [{ Outcome: 'FAILED', Error: 'E', Cause: 'boom', Count: 1, Targets: [{ AccountId: '2', AccountName: 'n2', Region: 'us-east-1' }] }],
      Targets: [
        t('1', 'us-east-1', 'SUCCEEDED'),
        t('2', 'us-east-1', 'FAILED', 'boom'),
        t('3', 'us-east-1', 'CANCELLED'),
        { AccountId: '9', AccountName: 'n9', Region: 'us-east-1', Outcome: 'SKIPPED', Cause: 'account is SUSPENDED' },
      ],
    });
  });

  it('says the tolerance was exceeded when failures pass it', () => {
    // Prepare
    const given = parts({ Tolerance: { Count: 0 } });

    // Act
    const summary = buildSummary(given);

    // Assess
    expect(summary.ToleranceExceeded).toBe(true);
  });

  it('counts a target listed twice once and warns, naming it', () => {
    // Prepare
    const given = parts({ PlannedTargetCount: 4, Waves: [[t('1', 'us-east-1', 'SUCCEEDED'), t('2', 'us-east-1', 'FAILED', 'x')], [t('1', 'us-east-1', 'FAILED', 'y'), t('3', 'us-east-1', 'SUCCEEDED')]] });

    // Act
    const summary = buildSummary(given);

    // Assess
    expect(summary.TargetCount).toBe(4);
    expect(summary.Counts.SUCCEEDED).toBe(2);
    expect(summary.Warnings).toEqual(['1 target(s) were listed more than once and counted once: 1/us-east-1']);
  });

  it('warns instead of failing when the plan counted a different number of targets', () => {
    // Prepare
    const given = parts({ PlannedTargetCount: 6 });

    // Act
    const summary = buildSummary(given);

    // Assess
    expect(summary.Warnings).toEqual([
      'the plan counted 6 target(s) but the summary accounts for 4; compare the wave manifests and outcomes under _run/ with the plan',
    ]);
  });

  it('carries the warnings it was given', () => {
    // Prepare
    const given = parts({ Warnings: ['wave 0 ran but its outcomes are missing'] });

    // Act
    const summary = buildSummary(given);

    // Assess
    expect(summary.Warnings).toEqual(['wave 0 ran but its outcomes are missing']);
  });

  it('builds the summary of 17,000 targets', () => {
    // Prepare
    const regions = Array.from({ length: 17 }, (_, i) => `region-${i}`);
    const wave: TargetOutcome[] = [];
    for (let a = 0; a < 1000; a += 1) {
      const id = String(100000000000 + a);
      for (const region of regions) {
        wave.push(t(id, region, a % 100 === 0 ? 'FAILED' : 'SUCCEEDED', a % 100 === 0 ? 'throttled' : undefined));
      }
    }
    const given = parts({ PlannedTargetCount: 17_000, Skipped: [], Waves: [wave], Tolerance: { Percentage: 5 } });

    // Act
    const summary = buildSummary(given);

    // Assess
    expect(summary.TargetCount).toBe(17_000);
    expect(summary.Counts.FAILED).toBe(170);
    expect(summary.Failures).toHaveLength(1);
    expect(summary.ToleranceExceeded).toBe(false);
    expect(summary.Warnings).toBeUndefined();
  });
});
