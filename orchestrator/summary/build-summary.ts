import type { Outcome, SkippedTarget } from '../contract';
import { Outcomes } from '../contract';
import { groupFailures } from './group-failures';
import { toleranceBroken } from './tolerance';
import type { ExecutionSummary, OutcomeCounts, TargetOutcome, ToleranceSetting } from './types';
import { tallyOutcomes } from './wave-progress';

export interface SummaryParts {
  readonly ExecutionId: string;
  readonly Function: string;
  readonly Qualifier: string;
  readonly StartedAt?: string;
  readonly FinishedAt: string;
  readonly Tolerance: ToleranceSetting;
  /** What the plan counted, skipped targets included. */
  readonly PlannedTargetCount: number;
  readonly Skipped: readonly SkippedTarget[];
  /** Outcomes of the waves that ran, then of the waves that did not (CANCELLED). */
  readonly Waves: ReadonlyArray<readonly TargetOutcome[]>;
  /** Problems found while gathering the parts, e.g. a wave with no recorded outcomes. */
  readonly Warnings?: readonly string[];
}

/** How many duplicate targets a warning names before it says "and N more". */
const MAX_NAMED_DUPLICATES = 10;

export function emptyCounts(): OutcomeCounts {
  const counts = {} as OutcomeCounts;
  for (const outcome of Object.values(Outcomes)) {
    counts[outcome] = 0;
  }
  return counts;
}

/**
 * The execution summary: every planned target exactly once. A target listed twice is kept
 * once (its first listing) and a count that does not match the plan becomes a warning, so
 * the summary is still written and sent when the bookkeeping is off.
 */
export function buildSummary(parts: SummaryParts): ExecutionSummary {
  const warnings = [...(parts.Warnings ?? [])];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const targets: TargetOutcome[] = [];
  const add = (target: TargetOutcome) => {
    const key = `${target.AccountId}/${target.Region}`;
    if (seen.has(key)) {
      duplicates.push(key);
      return;
    }
    seen.add(key);
    targets.push(target);
  };

  for (const wave of parts.Waves) {
    wave.forEach(add);
  }
  for (const skipped of parts.Skipped) {
    add(skippedOutcome(skipped));
  }

  if (duplicates.length > 0) {
    const named = duplicates.slice(0, MAX_NAMED_DUPLICATES).join(', ');
    const more = duplicates.length > MAX_NAMED_DUPLICATES ? ` and ${duplicates.length - MAX_NAMED_DUPLICATES} more` : '';
    warnings.push(`${duplicates.length} target(s) were listed more than once and counted once: ${named}${more}`);
  }
  if (targets.length !== parts.PlannedTargetCount) {
    warnings.push(
      `the plan counted ${parts.PlannedTargetCount} target(s) but the summary accounts for ${targets.length}; ` +
        'compare the wave manifests and outcomes under _run/ with the plan',
    );
  }

  const counts = countOutcomes(targets);
  const { attempted, failed } = tallyOutcomes(targets);
  return {
    ExecutionId: parts.ExecutionId,
    Function: parts.Function,
    Qualifier: parts.Qualifier,
    ...(parts.StartedAt ? { StartedAt: parts.StartedAt } : {}),
    FinishedAt: parts.FinishedAt,
    Tolerance: parts.Tolerance,
    ToleranceExceeded: toleranceBroken(parts.Tolerance, attempted, failed),
    Counts: counts,
    TargetCount: targets.length,
    Failures: groupFailures(targets),
    ...(warnings.length > 0 ? { Warnings: warnings } : {}),
    Targets: targets,
  };
}

export function countOutcomes(targets: ReadonlyArray<{ readonly Outcome: Outcome }>): OutcomeCounts {
  const counts = emptyCounts();
  for (const { Outcome } of targets) {
    counts[Outcome] += 1;
  }
  return counts;
}

function skippedOutcome(skipped: SkippedTarget): TargetOutcome {
  return {
    AccountId: skipped.AccountId,
    AccountName: skipped.AccountName,
    Region: skipped.Region,
    Outcome: skipped.Outcome,
    ...(skipped.Reason ? { Cause: skipped.Reason } : {}),
  };
}
