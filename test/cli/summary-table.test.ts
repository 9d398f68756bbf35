import { describe, expect, it } from 'vitest';
import { buildReport } from '../../cli/report';
import { oneLine, renderLocations, renderSummaryText, renderTable } from '../../cli/summary-table';
import { BUCKET, execution, PREFIX, sampleSummary, sampleTargets } from './fixtures';

describe('renderSummaryText', () => {
  it('names every target with account name and id, region, outcome and cause when all are asked for', () => {
    // Prepare
    const targets = sampleTargets(4, ['eu-west-1', 'us-east-1']);
    const report = buildReport({ execution: execution('FAILED', { error: 'StepEverywhere.ToleranceExceeded', cause: '3 failed' }), summary: sampleSummary(targets, true) });

    // Act
    const text = renderSummaryText(report, { allTargets: true });

    // Assess
    for (const t of targets) {
      const row = text.split('\n').find((line) => line.startsWith(`${t.AccountName} `) && line.includes(t.AccountId) && line.includes(t.Region));
      expect(row, `${t.AccountId} ${t.Region}`).toContain(t.Outcome);
    }
    expect(text).toContain('Execution baseline-20250301T100000Z: FAILED (StepEverywhere.ToleranceExceeded)');
    expect(text).toContain('tolerance 0 failed target(s) — EXCEEDED');
  });

  it('lists by default only the targets that did not succeed, and counts the rest', () => {
    // Prepare
    const targets = sampleTargets(4, ['eu-west-1', 'us-east-1']);
    const quiet = targets.filter((t) => t.Outcome === 'SUCCEEDED' || t.Outcome === 'NO_CHANGE');
    const loud = targets.filter((t) => !quiet.includes(t));
    const report = buildReport({ execution: execution('FAILED'), summary: sampleSummary(targets, true) });

    // Act
    const rows = renderSummaryText(report).split('\n').filter((line) => /^\S+ +\d{12} /.test(line));

    // Assess
    expect(quiet.length).toBeGreaterThan(0);
    expect(loud.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(loud.length);
    for (const t of loud) expect(rows.some((row) => row.includes(t.AccountId) && row.includes(t.Region) && row.includes(t.Outcome))).toBe(true);
    expect(renderSummaryText(report)).toContain(`${quiet.length} targets SUCCEEDED or NO_CHANGE not listed: --all lists every target`);
  });

  it('prints no table when every target succeeded, only how many were left out', () => {
    // Prepare
    const targets = sampleTargets(3, ['eu-west-1']).map((t) => ({ ...t, Outcome: 'SUCCEEDED' as const, Error: undefined, Cause: undefined }));
    const report = buildReport({ execution: execution('SUCCEEDED'), summary: sampleSummary(targets) });

    // Act
    const text = renderSummaryText(report);

    // Assess
    expect(text).not.toContain('ACCOUNT ID');
    expect(text).toContain('3 targets SUCCEEDED or NO_CHANGE not listed');
  });

  it('lists the failures grouped by cause before the table', () => {
    // Prepare
    const report = buildReport({ execution: execution('FAILED'), summary: sampleSummary(sampleTargets(2, ['eu-west-1', 'us-east-1', 'ap-south-1'])) });

    // Act
    const text = renderSummaryText(report);

    // Assess
    const failures = text.indexOf('Failures by cause');
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(text.indexOf('ACCOUNT  '));
    expect(text).toMatch(/ {2}FAILED Err\.FAILED: cause of FAILED <b> \(1 target\)\n {4}acct-0 \(100000000000\) ap-south-1/);
  });

  it('says there is no summary yet while the execution runs', () => {
    // Prepare
    const report = buildReport({ execution: execution('RUNNING') });

    // Act
    const text = renderSummaryText(report);

    // Assess
    expect(text).toBe('Execution baseline-20250301T100000Z: RUNNING\nNo summary yet: the execution is still running.\n');
  });
});

describe('renderTable', () => {
  it('pads each column to its widest cell', () => {
    // Prepare
    const header = ['A', 'BB', 'C'];
    const rows = [['long', 'x', 'last cell'], ['s', 'yyy', '']];

    // Act
    const table = renderTable(header, rows);

    // Assess
    expect(table).toBe('A     BB   C\nlong  x    last cell\ns     yyy');
  });
});

describe('oneLine', () => {
  it('flattens whitespace and cuts long causes', () => {
    // Prepare
    const cause = `line one\n  line two ${'x'.repeat(200)}`;

    // Act
    const text = oneLine(cause, 20);

    // Assess
    expect(text).toBe('line one line two x…');
  });
});

describe('renderLocations', () => {
  it('says where the summary, the results and the notification went', () => {
    // Prepare
    const report = buildReport({ execution: execution('SUCCEEDED'), summary: sampleSummary([]), bucket: BUCKET, prefix: PREFIX, summaryKey: `${PREFIX}/summary.json` });

    // Act
    const text = renderLocations(report, 'one message published to arn:aws:sns:eu-west-1:999999999999:t');

    // Assess
    expect(text).toBe(
      `summary:      s3://${BUCKET}/${PREFIX}/summary.json\n` +
        `results:      s3://${BUCKET}/${PREFIX}/<account>/<region>.json\n` +
        'notification: one message published to arn:aws:sns:eu-west-1:999999999999:t\n',
    );
  });
});
