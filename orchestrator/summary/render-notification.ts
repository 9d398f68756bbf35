import type { Outcome } from '../contract';
import { FAILURE_OUTCOMES, Outcomes } from '../contract';
import { capText } from './failure-cause';
import { executionConsoleUrl, s3Uri } from './links';
import { toleranceLabel } from './tolerance';
import type { ExecutionSummary, FailureGroup } from './types';

export interface NotificationPlaces {
  readonly Bucket: string;
  readonly SummaryKey: string;
  /** Key prefix of this execution's per-target results. */
  readonly ResultsPrefix: string;
}

export interface Notification {
  readonly Subject: string;
  readonly Body: string;
}

/** SNS wants subjects under 100 characters, ASCII, without line breaks. */
export const MAX_SUBJECT_LENGTH = 99;
/** SNS allows 262,144 bytes; the rest is headroom for attributes and encoding. */
export const MAX_BODY_BYTES = 240_000;
export const MAX_GROUPS_SHOWN = 25;
export const MAX_TARGETS_PER_GROUP = 20;
const MAX_CAUSE_SHOWN = 1_500;
const MAX_REASONS_SHOWN = 10;

export function failedCount(summary: ExecutionSummary): number {
  return FAILURE_OUTCOMES.reduce((sum, outcome) => sum + summary.Counts[outcome], 0);
}

function succeededCount(summary: ExecutionSummary): number {
  return summary.Counts[Outcomes.SUCCEEDED] + summary.Counts[Outcomes.NO_CHANGE];
}

/**
 * "step-everywhere: 14/15 succeeded, 1 failed (StepEverywhere_x)". When it does not fit,
 * the skipped and then the cancelled counts go first, the function name is cut last.
 */
export function renderSubject(summary: ExecutionSummary): string {
  const ascii = (text: string) => text.replace(/[^\x20-\x7e]/g, '?');
  const failed = failedCount(summary);
  const parts = [`${succeededCount(summary)}/${summary.TargetCount} succeeded`, ...(failed > 0 ? [`${failed} failed`] : [])];
  const optional = [
    ...(summary.Counts.CANCELLED > 0 ? [`${summary.Counts.CANCELLED} cancelled`] : []),
    ...(summary.Counts.SKIPPED > 0 ? [`${summary.Counts.SKIPPED} skipped`] : []),
  ];
  const name = ascii(summary.Function);
  const lead = (extra: string[]) =>
    ascii(`step-everywhere: ${summary.ToleranceExceeded ? 'TOLERANCE EXCEEDED, ' : ''}${[...parts, ...extra].join(', ')}`);
  for (let keep = optional.length; keep >= 0; keep -= 1) {
    const subject = `${lead(optional.slice(0, keep))} (${name})`;
    if (subject.length <= MAX_SUBJECT_LENGTH) {
      return subject;
    }
  }
  const base = lead([]);
  const room = MAX_SUBJECT_LENGTH - base.length - 3;
  if (room >= 8) {
    return `${base} (${name.slice(0, room - 3)}...)`;
  }
  return base.slice(0, MAX_SUBJECT_LENGTH);
}

/** One line for the Fail state's cause and the task output. */
export function renderOneLine(summary: ExecutionSummary, places: NotificationPlaces): string {
  const failed = failedCount(summary);
  const byOutcome = FAILURE_OUTCOMES.filter((o) => summary.Counts[o] > 0)
    .map((o) => `${o} ${summary.Counts[o]}`)
    .join(', ');
  const cancelled = summary.Counts.CANCELLED > 0 ? `; ${summary.Counts.CANCELLED} not started` : '';
  const where = `summary: ${s3Uri(places.Bucket, places.SummaryKey)}`;
  if (summary.ToleranceExceeded) {
    return `Failure tolerance exceeded: ${failed} of ${summary.TargetCount} targets failed (${byOutcome}), ${toleranceLabel(summary.Tolerance)} tolerated${cancelled}; ${where}`;
  }
  const failures = failed > 0 ? `, ${failed} failed (${byOutcome}) within ${toleranceLabel(summary.Tolerance)}` : '';
  return `${succeededCount(summary)} of ${summary.TargetCount} targets succeeded${failures}${cancelled}; ${where}`;
}

/** The plain-text message on-call reads: outcome, counts, failures by cause, where to look. */
export function renderNotification(summary: ExecutionSummary, places: NotificationPlaces): Notification {
  const lines: string[] = [];
  const verdict = summary.ToleranceExceeded ? 'FAILED: more targets failed than the tolerance allows' : 'SUCCEEDED: within the failure tolerance';
  lines.push(`step-everywhere ${verdict}.`, renderOneLine(summary, places), '');
  lines.push(`Function:  ${summary.Function} (qualifier ${summary.Qualifier || '$LATEST'})`);
  lines.push(`Execution: ${summary.ExecutionId}`);
  if (summary.StartedAt) lines.push(`Started:   ${summary.StartedAt}`);
  lines.push(`Finished:  ${summary.FinishedAt}`, '');

  lines.push(`Counts (${summary.TargetCount} targets):`);
  for (const outcome of Object.values(Outcomes) as Outcome[]) {
    lines.push(`  ${outcome.padEnd(20)} ${summary.Counts[outcome]}`);
  }
  lines.push('');

  lines.push(...renderFailures(summary.Failures));
  lines.push(...renderReasons(summary, Outcomes.CANCELLED, 'Not started (CANCELLED)'));
  lines.push(...renderReasons(summary, Outcomes.SKIPPED, 'Skipped by design (SKIPPED)'));
  if (summary.Warnings && summary.Warnings.length > 0) {
    lines.push('Warnings:', ...summary.Warnings.map((w) => `  - ${w}`), '');
  }

  lines.push(`Summary:  ${s3Uri(places.Bucket, places.SummaryKey)}`);
  lines.push(`Results:  ${s3Uri(places.Bucket, `${places.ResultsPrefix}/`)}`);
  lines.push(`Console:  ${executionConsoleUrl(summary.ExecutionId) ?? '(no console link: the execution id is not an ARN)'}`);

  return { Subject: renderSubject(summary), Body: fitBytes(lines.join('\n'), MAX_BODY_BYTES) };
}

function renderFailures(groups: readonly FailureGroup[]): string[] {
  if (groups.length === 0) {
    return ['No failures.', ''];
  }
  const total = groups.reduce((sum, g) => sum + g.Count, 0);
  const lines = [`Failures by cause (${groups.length} cause(s), ${total} target(s)):`, ''];
  groups.slice(0, MAX_GROUPS_SHOWN).forEach((group, index) => {
    lines.push(`[${index + 1}] ${group.Outcome} - ${group.Count} target(s)`);
    lines.push(`    Error: ${group.Error || '(none given)'}`);
    lines.push(`    Cause: ${capText(group.Cause, MAX_CAUSE_SHOWN) || '(none given)'}`);
    lines.push('    Targets:');
    for (const t of group.Targets.slice(0, MAX_TARGETS_PER_GROUP)) {
      lines.push(`      ${t.AccountId}${t.AccountName ? ` (${t.AccountName})` : ''} ${t.Region}${t.Link ? ` - ${t.Link.Text}` : ''}`);
      if (t.Link?.Url) lines.push(`        ${t.Link.Url}`);
    }
    if (group.Targets.length > MAX_TARGETS_PER_GROUP) {
      lines.push(`      and ${group.Targets.length - MAX_TARGETS_PER_GROUP} more`);
    }
    lines.push('');
  });
  if (groups.length > MAX_GROUPS_SHOWN) {
    const rest = groups.slice(MAX_GROUPS_SHOWN);
    lines.push(`and ${rest.length} more cause(s) covering ${rest.reduce((s, g) => s + g.Count, 0)} target(s): see summary.json`, '');
  }
  return lines;
}

/** Cancelled and skipped targets by reason: how many, not who (summary.json names them). */
function renderReasons(summary: ExecutionSummary, outcome: Outcome, title: string): string[] {
  if (summary.Counts[outcome] === 0) {
    return [];
  }
  const reasons = new Map<string, number>();
  for (const target of summary.Targets) {
    if (target.Outcome === outcome) {
      const reason = target.Cause ?? '(no reason given)';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  const lines = [`${title}: ${summary.Counts[outcome]} target(s)`];
  const entries = [...reasons.entries()].sort((a, b) => b[1] - a[1]);
  for (const [reason, count] of entries.slice(0, MAX_REASONS_SHOWN)) {
    lines.push(`  ${count} x ${capText(reason, MAX_CAUSE_SHOWN)}`);
  }
  if (entries.length > MAX_REASONS_SHOWN) {
    lines.push(`  and ${entries.length - MAX_REASONS_SHOWN} more reason(s)`);
  }
  lines.push('');
  return lines;
}

/** Last guard on the SNS size limit, whatever the caps above let through. */
export function fitBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) {
    return text;
  }
  const note = '\n\n[message cut to fit the notification size limit; see summary.json for everything]';
  const budget = maxBytes - Buffer.byteLength(note, 'utf8');
  // Cut on a character boundary: decode the byte prefix and drop a split final character.
  const cut = Buffer.from(text, 'utf8').subarray(0, budget).toString('utf8').replace(/\uFFFD$/, '');
  return cut + note;
}
