import type { AccountItem, WaveProgress } from '../contract';
import { Outcomes } from '../contract';
import { describeTolerance, toleranceBroken } from './tolerance';
import type { TargetOutcome, ToleranceSetting } from './types';

/** Why `wave` never started, e.g. "wave 1 was not started: wave 0 exceeded the failure tolerance (3 failed, 1 tolerated)". */
export function cancelReason(wave: number, progress: WaveProgress, tolerance: ToleranceSetting): string {
  const lead = `wave ${wave} was not started`;
  if (progress.NextWave === 0) {
    return `${lead}: the execution stopped before any wave ran`;
  }
  const last = progress.NextWave - 1;
  if (toleranceBroken(tolerance, progress.Attempted, progress.Failed)) {
    return `${lead}: wave ${last} exceeded the failure tolerance (${describeTolerance(tolerance, progress.Attempted, progress.Failed)})`;
  }
  return `${lead}: the execution stopped after wave ${last}`;
}

/** Every target of a wave that never started, recorded as CANCELLED with the reason. */
export function cancelledOutcomes(accounts: readonly AccountItem[], reason: string): TargetOutcome[] {
  const outcomes: TargetOutcome[] = [];
  for (const account of accounts) {
    for (const region of account.Regions) {
      outcomes.push({
        AccountId: account.AccountId,
        AccountName: account.AccountName,
        Region: region,
        Outcome: Outcomes.CANCELLED,
        Cause: reason,
      });
    }
  }
  return outcomes;
}
