import { Outcomes, type Outcome } from '../orchestrator/contract';
import type { ExecutionReport, ReportSummary, ReportTarget } from './report';
import { countsLine } from './summary-table';

/** One colour per outcome; failures in warm colours so they stand out in a large grid. */
export const OUTCOME_COLOURS: Record<Outcome, string> = {
  SUCCEEDED: '#2e9e4f',
  NO_CHANGE: '#8fcf9f',
  FAILED: '#d93025',
  ASSUME_ROLE_FAILED: '#a1237a',
  TIMED_OUT: '#f29900',
  SKIPPED: '#b0b7bf',
  CANCELLED: '#5f6b77',
};

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.grid td.cell{width:28px;height:20px;padding:0}
.legend span{display:inline-block;margin-right:14px}.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
.muted{color:#656d76}.cause{max-width:60em;word-break:break-word}`;

function swatch(outcome: Outcome): string {
  return `<span class="swatch" style="background:${OUTCOME_COLOURS[outcome]}"></span>`;
}

function legend(summary: ReportSummary): string {
  const items = (Object.values(Outcomes) as Outcome[]).map((o) => `<span>${swatch(o)}${o} (${summary.counts[o]})</span>`);
  return `<p class="legend">${items.join('')}</p>`;
}

/** Accounts down, regions across: one coloured cell per target, its cause in the tooltip. */
function grid(targets: readonly ReportTarget[]): string {
  const regions = [...new Set(targets.map((t) => t.region))].sort();
  const accounts = new Map<string, { name: string; cells: Map<string, ReportTarget> }>();
  for (const t of targets) {
    const row = accounts.get(t.accountId) ?? { name: t.accountName, cells: new Map<string, ReportTarget>() };
    row.cells.set(t.region, t);
    accounts.set(t.accountId, row);
  }
  const head = `<tr><th>Account</th><th>Account id</th>${regions.map((r) => `<th>${escapeHtml(r)}</th>`).join('')}</tr>`;
  const rows = [...accounts.entries()].map(([id, row]) => {
    const cells = regions.map((region) => {
      const t = row.cells.get(region);
      if (!t) return '<td class="cell" title="not targeted"></td>';
      const title = [t.outcome, t.error, t.cause].filter(Boolean).join(': ');
      return `<td class="cell" style="background:${OUTCOME_COLOURS[t.outcome]}" title="${escapeHtml(title)}" data-target="${escapeHtml(`${id}/${region}`)}"></td>`;
    });
    return `<tr><td>${escapeHtml(row.name || '-')}</td><td>${escapeHtml(id)}</td>${cells.join('')}</tr>`;
  });
  return `<table class="grid">${head}${rows.join('')}</table>`;
}

function failures(summary: ReportSummary): string {
  if (summary.failures.length === 0) return '<p>No failures.</p>';
  const rows = summary.failures.map((g) => {
    const where = g.targets.map((t) => `${escapeHtml(t.accountName || '-')} (${escapeHtml(t.accountId)}) ${escapeHtml(t.region)}`);
    return `<tr><td>${swatch(g.outcome)}${g.outcome}</td><td>${escapeHtml(g.error)}</td><td class="cause">${escapeHtml(g.cause)}</td><td>${g.count}</td><td>${where.join('<br>')}</td></tr>`;
  });
  return `<table><tr><th>Outcome</th><th>Error</th><th>Cause</th><th>Targets</th><th>Where</th></tr>${rows.join('')}</table>`;
}

function targetTable(targets: readonly ReportTarget[]): string {
  const rows = targets.map(
    (t) =>
      `<tr><td>${escapeHtml(t.accountName || '-')}</td><td>${escapeHtml(t.accountId)}</td><td>${escapeHtml(t.region)}</td>` +
      `<td>${swatch(t.outcome)}${t.outcome}</td><td class="cause">${escapeHtml([t.error, t.cause].filter(Boolean).join(': '))}</td>` +
      `<td>${t.result ? escapeHtml(t.result) : ''}</td></tr>`,
  );
  return `<table><tr><th>Account</th><th>Account id</th><th>Region</th><th>Outcome</th><th>Cause</th><th>Result</th></tr>${rows.join('')}</table>`;
}

/**
 * A self-contained page (no scripts, no external files) that can be mailed or attached to
 * a CI run: counts, the account × region grid, failures by cause, then every target.
 */
export function renderHtmlReport(report: ExecutionReport): string {
  const e = report.execution;
  const summary = report.summary;
  const title = `step-everywhere: ${e.name} ${e.status}`;
  const header =
    `<h1>${escapeHtml(title)}</h1>` +
    `<p class="muted">${escapeHtml(e.arn)}${e.startedAt ? ` · started ${escapeHtml(e.startedAt)}` : ''}${e.stoppedAt ? ` · stopped ${escapeHtml(e.stoppedAt)}` : ''}</p>` +
    (e.error ? `<p><strong>${escapeHtml(e.error)}</strong>${e.cause ? `: ${escapeHtml(e.cause)}` : ''}</p>` : '');
  const body = summary
    ? `<p>Worker ${escapeHtml(`${summary.function}:${summary.qualifier}`)} · ${escapeHtml(countsLine(summary))}` +
      `${summary.toleranceExceeded ? ' · <strong>tolerance exceeded</strong>' : ''}</p>` +
      legend(summary) +
      `<h2>Accounts × regions</h2>${grid(summary.targets)}` +
      `<h2>Failures by cause</h2>${failures(summary)}` +
      `<h2>Every target</h2>${targetTable(summary.targets)}` +
      summary.warnings.map((w) => `<p class="muted">warning: ${escapeHtml(w)}</p>`).join('')
    : `<p>No summary yet${e.status === 'RUNNING' ? ': the execution is still running' : ''}.</p>`;
  const where = report.locations.summary ? `<p class="muted">summary: ${escapeHtml(report.locations.summary)}</p>` : '';
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${header}${body}${where}</body></html>\n`;
}
