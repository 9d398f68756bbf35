import type { Outcome, WavePlan, WaveProgress } from '../contract';
import { Outcomes, isFailure } from '../contract';
import { toleranceBroken } from './tolerance';
import type { ToleranceSetting } from './types';

/** Outcomes that mean the target was never run, so they do not count as attempted. */
const NOT_ATTEMPTED: readonly Outcome[] = [Outcomes.SKIPPED, Outcomes.CANCELLED];

export function tallyOutcomes(outcomes: ReadonlyArray<{ readonly Outcome: Outcome }>): {
  attempted: number;
  failed: number;
} {
  let attempted = 0;
  let failed = 0;
  for (const { Outcome } of outcomes) {
    if (!NOT_ATTEMPTED.includes(Outcome)) {
      attempted += 1;
    }
    if (isFailure(Outcome)) {
      failed += 1;
    }
  }
  return { attempted, failed };
}

/**
 * The progress after wave `progress.NextWave` finished with `outcomes`. Computed from the
 * progress as given, never from stored state, so a retried tally answers the same.
 */
export function nextProgress(
  waves: readonly WavePlan[],
  tolerance: ToleranceSetting,
  progress: WaveProgress,
  outcomes: ReadonlyArray<{ readonly Outcome: Outcome }>,
): WaveProgress {
  const wave = tallyOutcomes(outcomes);
  const attempted = progress.Attempted + wave.attempted;
  const failed = progress.Failed + wave.failed;
  const next = progress.NextWave + 1;
  const nextWave = waves.find((w) => w.Index === next);
  return {
    NextWave: next,
    ManifestKey: nextWave?.ManifestKey ?? '',
    Attempted: attempted,
    Failed: failed,
    Stop: nextWave === undefined || toleranceBroken(tolerance, attempted, failed),
  };
}
