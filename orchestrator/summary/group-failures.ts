import { isFailure } from '../contract';
import type { FailureGroup, TargetOutcome } from './types';

/**
 * Failed targets grouped by (outcome, error, cause), largest group first, so on-call sees
 * "one cause, 300 accounts" instead of 300 lines. One pass over the targets.
 */
export function groupFailures(targets: readonly TargetOutcome[]): FailureGroup[] {
  const groups = new Map<string, { group: FailureGroup; targets: FailureGroup['Targets'] }>();
  for (const target of targets) {
    if (!isFailure(target.Outcome)) {
      continue;
    }
    const error = target.Error ?? '';
    const cause = withoutTarget(target.Cause ?? '', target.AccountId, target.Region);
    const key = `${target.Outcome}\u0000${error}\u0000${cause}`;
    let entry = groups.get(key);
    if (entry === undefined) {
      const list: FailureGroup['Targets'] = [];
      entry = { group: { Outcome: target.Outcome, Error: error, Cause: cause, Count: 0, Targets: list }, targets: list };
      groups.set(key, entry);
    }
    entry.targets.push({ AccountId: target.AccountId, AccountName: target.AccountName, Region: target.Region, ...(target.Link ? { Link: target.Link } : {}) });
  }
  return [...groups.values()]
    .map(({ group, targets: list }) => ({ ...group, Count: list.length }))
    .sort((a, b) => b.Count - a.Count || a.Outcome.localeCompare(b.Outcome) || a.Error.localeCompare(b.Error));
}

/**
 * A cause with the target's own account id and region replaced by placeholders, so the same
 * failure in many targets (AWS messages often quote an ARN) forms one group, not one per target.
 */
export function withoutTarget(cause: string, accountId: string, region: string): string {
  return cause.split(accountId).join('<account>').replace(new RegExp(`(?<![\\w-])${region.replace(/-/g, '\\-')}(?![\\w-])`, 'g'), '<region>');
}
