import { describe, expect, it } from 'vitest';
import { buildReport, REPORT_SCHEMA_VERSION } from '../../cli/report';
import { BUCKET, execution, PREFIX, sampleSummary, sampleTargets } from './fixtures';

describe('buildReport', () => {
  it('gives the stable shape: execution, summary with every outcome counted, locations', () => {
    // Prepare
    const summary = sampleSummary(sampleTargets(1, ['eu-west-1', 'us-east-1']));

    // Act
    const report = buildReport({ execution: execution('SUCCEEDED'), summary, bucket: BUCKET, prefix: PREFIX, summaryKey: `${PREFIX}/summary.json` });

    // Assess
    expect(report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(report.execution).toEqual({
      arn: expect.stringContaining(':execution:'),
      name: 'baseline-20250301T100000Z',
      status: 'SUCCEEDED',
      startedAt: '2025-03-01T10:00:00.000Z',
      stoppedAt: '2025-03-01T10:05:00.000Z',
    });
    expect(Object.keys(report.summary?.counts ?? {}).sort()).toEqual(
      ['ASSUME_ROLE_FAILED', 'CANCELLED', 'FAILED', 'NO_CHANGE', 'SKIPPED', 'SUCCEEDED', 'TIMED_OUT'],
    );
    expect(report.summary?.targets[0]).toEqual({
      accountId: '100000000000',
      accountName: 'acct-0',
      region: 'eu-west-1',
      outcome: 'SUCCEEDED',
      result: `s3://${BUCKET}/${PREFIX}/100000000000/eu-west-1.json`,
    });
    expect(report.locations).toEqual({ bucket: BUCKET, results: `s3://${BUCKET}/${PREFIX}/`, summary: `s3://${BUCKET}/${PREFIX}/summary.json` });
    expect(report.progress).toBeUndefined();
  });

  it('puts the largest failure group first', () => {
    // Prepare
    const summary = sampleSummary(sampleTargets(1, ['a-1', 'b-1', 'c-1']));
    const groups = [
      { Outcome: 'FAILED' as const, Error: 'Small', Cause: 'x', Count: 1, Targets: [] },
      { Outcome: 'FAILED' as const, Error: 'Large', Cause: 'y', Count: 5, Targets: [] },
    ];

    // Act
    const report = buildReport({ execution: execution('FAILED'), summary: { ...summary, Failures: groups } });

    // Assess
    expect(report.summary?.failures.map((g) => g.error)).toEqual(['Large', 'Small']);
  });

  it('carries progress only while running, and a null summary before it exists', () => {
    // Prepare
    const progress = { total: 10, done: 4, waves: 1, talliedWaves: 0 };

    // Act
    const running = buildReport({ execution: execution('RUNNING'), progress });
    const failed = buildReport({ execution: execution('FAILED', { error: 'States.Runtime', cause: 'boom' }), progress });

    // Assess
    expect(running.progress).toEqual({ total: 10, done: 4 });
    expect(running.summary).toBeNull();
    expect(failed.progress).toBeUndefined();
    expect(failed.execution.error).toBe('States.Runtime');
  });
});
