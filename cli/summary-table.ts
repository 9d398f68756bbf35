import { Outcomes, type Outcome } from '../orchestrator/contract';
import type { ExecutionReport, ReportSummary } from './report';

const MAX_CAUSE = 100;

/** Causes can be long and multi-line (stack events); a table cell gets one short line. */
export function oneLine(text: string | undefined, max = MAX_CAUSE): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Columns padded to their widest cell; the last column is not padded. */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function countsLine(summary: ReportSummary): string {
  const present = (Object.values(Outcomes) as Outcome[]).filter((o) => summary.counts[o] > 0);
  const parts = present.map((o) => `${summary.counts[o]} ${o}`);
  return `${summary.targetCount} targets${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function toleranceText(summary: ReportSummary): string {
  const { count, percentage } = summary.tolerance;
  const setting = count !== undefined ? `${count} failed target(s)` : percentage !== undefined ? `${percentage}% failed` : 'default';
  return `tolerance ${setting}${summary.toleranceExceeded ? ' — EXCEEDED' : ''}`;
}

function failuresSection(summary: ReportSummary): string[] {
  if (summary.failures.length === 0) return [];
  const lines = [`Failures by cause (${summary.failures.reduce((n, g) => n + g.count, 0)})`];
  for (const group of summary.failures) {
    lines.push(`  ${group.outcome} ${group.error}: ${oneLine(group.cause)} (${group.count} target${group.count === 1 ? '' : 's'})`);
    for (const t of group.targets) lines.push(`    ${t.accountName || '-'} (${t.accountId}) ${t.region}`);
  }
  return [...lines, ''];
}

/** Outcomes left out of the table unless every target is asked for: nothing to act on. */
const QUIET_OUTCOMES: readonly string[] = [Outcomes.SUCCEEDED, Outcomes.NO_CHANGE];

export interface SummaryTextOptions {
  /**
   * List every target. By default the table lists the targets that need a look (failed,
   * skipped, cancelled, timed out) and counts the rest, which at a thousand accounts would
   * otherwise bury them among thousands of rows.
   * @default false
   */
  readonly allTargets?: boolean;
}

/** The human form of a report: header, failures grouped by cause, then the targets. */
export function renderSummaryText(report: ExecutionReport, options: SummaryTextOptions = {}): string {
  const e = report.execution;
  const lines = [`Execution ${e.name}: ${e.status}${e.error ? ` (${e.error})` : ''}`];
  if (e.cause && e.status !== 'SUCCEEDED') lines.push(`  cause: ${oneLine(e.cause, 300)}`);
  const summary = report.summary;
  if (!summary) {
    lines.push(e.status === 'RUNNING' ? 'No summary yet: the execution is still running.' : 'No summary was written for this execution.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`Worker ${summary.function}:${summary.qualifier} · ${countsLine(summary)} · ${toleranceText(summary)}`, '');
  lines.push(...failuresSection(summary));
  const listed = options.allTargets ? summary.targets : summary.targets.filter((t) => !QUIET_OUTCOMES.includes(t.outcome));
  if (listed.length > 0) {
    lines.push(
      renderTable(
        ['ACCOUNT', 'ACCOUNT ID', 'REGION', 'OUTCOME', 'CAUSE'],
        listed.map((t) => [t.accountName || '-', t.accountId, t.region, t.outcome, oneLine(t.cause ?? t.error)]),
      ),
    );
  }
  const unlisted = summary.targets.length - listed.length;
  if (unlisted > 0) {
    lines.push(`${unlisted} ${unlisted === 1 ? 'target' : 'targets'} ${QUIET_OUTCOMES.join(' or ')} not listed: --all lists every target (--json and --html always do)`);
  }
  for (const warning of summary.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** Where things went: the summary object, the per-target results, the notification. */
export function renderLocations(report: ExecutionReport, notification?: string): string {
  const lines: string[] = [];
  if (report.locations.summary) lines.push(`summary:      ${report.locations.summary}`);
  if (report.locations.results) lines.push(`results:      ${report.locations.results}<account>/<region>.json`);
  if (notification) lines.push(`notification: ${notification}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
