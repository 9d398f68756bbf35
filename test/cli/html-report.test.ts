import { describe, expect, it } from 'vitest';
import { escapeHtml, OUTCOME_COLOURS, renderHtmlReport } from '../../cli/html-report';
import { buildReport } from '../../cli/report';
import { execution, sampleSummary, sampleTargets } from './fixtures';

describe('renderHtmlReport', () => {
  it('has a grid cell for every target and names every account id', () => {
    // Prepare
    const regions = ['eu-west-1', 'us-east-1', 'ap-south-1'];
    const targets = sampleTargets(12, regions);
    const report = buildReport({ execution: execution('SUCCEEDED'), summary: sampleSummary(targets) });

    // Act
    const html = renderHtmlReport(report);

    // Assess
    for (const t of targets) {
      expect(html).toContain(`data-target="${t.AccountId}/${t.Region}"`);
      expect(html).toContain(`<td>${t.AccountId}</td>`);
    }
    expect(html.match(/data-target=/g)).toHaveLength(targets.length);
  });

  it('colours cells by outcome and has a legend with every outcome and its count', () => {
    // Prepare
    const targets = sampleTargets(2, ['eu-west-1', 'us-east-1', 'ap-south-1', 'sa-east-1']);
    const report = buildReport({ execution: execution('FAILED'), summary: sampleSummary(targets) });

    // Act
    const html = renderHtmlReport(report);

    // Assess
    const failed = targets.find((t) => t.Outcome === 'FAILED');
    expect(html).toContain(`style="background:${OUTCOME_COLOURS.FAILED}" title="FAILED: Err.FAILED: cause of FAILED &lt;b&gt;" data-target="${failed?.AccountId}/${failed?.Region}"`);
    for (const [outcome, count] of Object.entries(report.summary?.counts ?? {})) expect(html).toContain(`${outcome} (${count})`);
    expect(html).toContain('<h2>Failures by cause</h2>');
  });

  it('is self-contained: no scripts, no external files, escaped text', () => {
    // Prepare
    const report = buildReport({ execution: execution('SUCCEEDED'), summary: sampleSummary(sampleTargets(1, ['eu-west-1', 'us-east-1', 'x-1'])) });

    // Act
    const html = renderHtmlReport(report);

    // Assess
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
    expect(html).not.toContain('<b>');
  });

  it('says there is no summary yet for a running execution', () => {
    // Prepare
    const report = buildReport({ execution: execution('RUNNING') });

    // Act
    const html = renderHtmlReport(report);

    // Assess
    expect(html).toContain('No summary yet: the execution is still running');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    // Prepare
    const text = `<a href="x">'&'</a>`;

    // Act
    const escaped = escapeHtml(text);

    // Assess
    expect(escaped).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
