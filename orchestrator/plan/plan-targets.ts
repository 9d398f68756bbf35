import { Outcomes, type AccountItem, type SkippedTarget } from '../contract';
import { ACTIVE, type OrgAccount } from './org-snapshot';

/** Which regions to run in and what is known of where they are enabled. */
export interface RegionPlan {
  /** Regions from the input or the defaults, in that order; absent means those enabled in each account. */
  readonly requested?: readonly string[];
  /** Enabled in every account. */
  readonly enabledByDefault: ReadonlySet<string>;
  /** Per account that was checked: every region enabled there. */
  readonly enabledIn: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface PlannedTargets {
  /** Accounts with at least one region to run, in the accounts' order. */
  readonly items: AccountItem[];
  readonly skipped: SkippedTarget[];
}

function sorted(regions: Iterable<string>): string[] {
  return [...regions].sort();
}

export function inactiveAccountReason(state: string): string {
  return (
    `account is ${state} in AWS Organizations, not ACTIVE: nothing runs there until it is ACTIVE again; ` +
    `exclude it with Targets.Exclude.Accounts to leave it out of the plan`
  );
}

export function disabledRegionReason(accountId: string, region: string): string {
  return (
    `region ${region} is not enabled in account ${accountId}: enable it with ` +
    `'aws account enable-region --account-id ${accountId} --region-name ${region}', or leave it out of Regions`
  );
}

/**
 * Every (account, region) target: runnable ones grouped per account, the rest SKIPPED with
 * a reason. An account that is not ACTIVE is skipped in each of its regions (those enabled
 * by default when the regions are per account, as a closed account cannot be asked); an
 * opt-in region an account has not enabled is skipped in that account only.
 */
export function planTargets(
  accounts: readonly OrgAccount[],
  regions: RegionPlan,
  organizationalUnitsOf: (accountId: string) => string[] = () => [],
): PlannedTargets {
  const items: AccountItem[] = [];
  const skipped: SkippedTarget[] = [];
  for (const account of accounts) {
    const skip = (region: string, reason: string): void => {
      skipped.push({ AccountId: account.Id, AccountName: account.Name, Region: region, Outcome: Outcomes.SKIPPED, Reason: reason });
    };
    if (account.State !== ACTIVE) {
      for (const region of regions.requested ?? sorted(regions.enabledByDefault)) skip(region, inactiveAccountReason(account.State));
      continue;
    }
    const enabledHere = regions.enabledIn.get(account.Id);
    const wanted = regions.requested ?? sorted(enabledHere ?? regions.enabledByDefault);
    const run: string[] = [];
    for (const region of wanted) {
      if (regions.enabledByDefault.has(region) || enabledHere?.has(region)) run.push(region);
      else skip(region, disabledRegionReason(account.Id, region));
    }
    if (run.length > 0) items.push({ AccountId: account.Id, AccountName: account.Name, Regions: run, OrganizationalUnitIds: organizationalUnitsOf(account.Id) });
  }
  return { items, skipped };
}
