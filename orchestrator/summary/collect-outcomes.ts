import type { AccountItem, TargetRecord } from '../contract';
import { ErrorNames, IN_PROGRESS, Outcomes } from '../contract';
import { displayCause } from './failure-cause';
import type { ChildResult, MapRunFailure, TargetOutcome } from './types';

/** Error names of outcomes the tally itself records (no worker answered for the target). */
export const TallyErrors = {
  NO_RESULT: ErrorNames.NO_RESULT_RECORDED,
  /** Same name the state machine gives a worker that stayed IN_PROGRESS past the poll bound. */
  POLL_LIMIT: ErrorNames.POLL_LIMIT_REACHED,
} as const;

/**
 * Every planned (account, region) of a wave exactly once, from the Distributed Map's child
 * results. Children for accounts not in the plan are ignored; planned accounts with no
 * usable child are recorded as failed with the reason, so none silently disappears.
 */
export function collectWaveOutcomes(
  planned: readonly AccountItem[],
  children: readonly ChildResult[],
  mapFailure?: MapRunFailure,
): TargetOutcome[] {
  const chosen = chooseChildPerAccount(children);
  const seen = new Set<string>();
  const outcomes: TargetOutcome[] = [];
  for (const account of planned) {
    const regions = account.Regions.filter((region) => {
      const key = `${account.AccountId}/${region}`;
      const fresh = !seen.has(key);
      seen.add(key);
      return fresh;
    });
    outcomes.push(...accountOutcomes(account, regions, chosen.get(account.AccountId), mapFailure));
  }
  return outcomes;
}

function accountOutcomes(
  account: AccountItem,
  regions: readonly string[],
  child: ChildResult | undefined,
  mapFailure: MapRunFailure | undefined,
): TargetOutcome[] {
  const each = (fill: Omit<TargetOutcome, 'AccountId' | 'AccountName' | 'Region'>) =>
    regions.map((Region) => ({ AccountId: account.AccountId, AccountName: account.AccountName, Region, ...fill }));

  if (child === undefined || !isTerminal(child)) {
    return each({ Outcome: Outcomes.FAILED, Error: TallyErrors.NO_RESULT, Cause: noResultCause(child, mapFailure) });
  }
  if (child.Status !== 'SUCCEEDED' || child.Output === undefined) {
    return each({
      Outcome: Outcomes.FAILED,
      Error: child.Error ?? `States.${child.Status}`,
      Cause: displayCause(child.Cause) ?? `the account's child execution ended with status ${child.Status}`,
    });
  }
  const output = child.Output;
  if (output.AccountOutcome !== undefined) {
    return each({ Outcome: output.AccountOutcome, Error: output.Error, Cause: displayCause(output.Cause) });
  }
  const records = latestRecordPerRegion(output.Targets ?? []);
  return regions.map((Region) => {
    const names = { AccountId: account.AccountId, AccountName: account.AccountName, Region };
    const record = records.get(Region);
    if (record === undefined) {
      return {
        ...names,
        Outcome: Outcomes.FAILED,
        Error: TallyErrors.NO_RESULT,
        Cause: "no result was recorded for this region: the account's child execution returned no record for it",
      };
    }
    return { ...names, ...recordOutcome(record) };
  });
}

function recordOutcome(record: TargetRecord): Omit<TargetOutcome, 'AccountId' | 'AccountName' | 'Region'> {
  const resultKey = { ...(record.ResultKey ? { ResultKey: record.ResultKey } : {}), ...(record.Link ? { Link: record.Link } : {}) };
  if (record.Outcome === IN_PROGRESS) {
    return {
      Outcome: Outcomes.TIMED_OUT,
      Error: TallyErrors.POLL_LIMIT,
      Cause: `the worker's last answer was IN_PROGRESS (poll ${record.Poll}) and no final outcome was recorded`,
      ...resultKey,
    };
  }
  return {
    Outcome: record.Outcome,
    ...(record.Error !== undefined ? { Error: record.Error } : {}),
    ...(record.Cause !== undefined ? { Cause: displayCause(record.Cause) } : {}),
    ...resultKey,
  };
}

function noResultCause(child: ChildResult | undefined, mapFailure: MapRunFailure | undefined): string {
  const lead = 'no result was recorded for this account';
  if (mapFailure !== undefined) {
    const cause = displayCause(mapFailure.Cause);
    return `${lead}: the wave's Distributed Map failed (${mapFailure.Error}${cause ? `: ${cause}` : ''})`;
  }
  if (child !== undefined) {
    return `${lead}: its child execution had not finished (status ${child.Status}) when the wave's Distributed Map ended`;
  }
  return `${lead}: the wave's Distributed Map reported no child execution for it`;
}

function isTerminal(child: ChildResult): boolean {
  return child.Status !== 'PENDING' && child.Status !== 'RUNNING';
}

/** A redriven or repeated child is counted once: finished beats unfinished, then the latest stop wins. */
function chooseChildPerAccount(children: readonly ChildResult[]): Map<string, ChildResult> {
  const chosen = new Map<string, ChildResult>();
  for (const child of children) {
    if (child.AccountId === undefined) {
      continue;
    }
    const current = chosen.get(child.AccountId);
    if (current === undefined || preferChild(child, current)) {
      chosen.set(child.AccountId, child);
    }
  }
  return chosen;
}

function preferChild(candidate: ChildResult, current: ChildResult): boolean {
  if (isTerminal(candidate) !== isTerminal(current)) {
    return isTerminal(candidate);
  }
  const a = candidate.StopTime ?? Number.NEGATIVE_INFINITY;
  const b = current.StopTime ?? Number.NEGATIVE_INFINITY;
  if (a !== b) {
    return a > b;
  }
  return candidate.Status === 'SUCCEEDED' && current.Status !== 'SUCCEEDED';
}

/** A record retried within one child: a final answer beats IN_PROGRESS, then the later poll wins. */
function latestRecordPerRegion(records: readonly TargetRecord[]): Map<string, TargetRecord> {
  const chosen = new Map<string, TargetRecord>();
  for (const record of records) {
    const current = chosen.get(record.Region);
    if (current === undefined || preferRecord(record, current)) {
      chosen.set(record.Region, record);
    }
  }
  return chosen;
}

function preferRecord(candidate: TargetRecord, current: TargetRecord): boolean {
  const finalCandidate = candidate.Outcome !== IN_PROGRESS;
  const finalCurrent = current.Outcome !== IN_PROGRESS;
  if (finalCandidate !== finalCurrent) {
    return finalCandidate;
  }
  return (candidate.Poll ?? 0) >= (current.Poll ?? 0);
}
