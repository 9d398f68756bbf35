import { InvalidInputError } from '../contract';
import { ROOT_ID_PATTERN } from './input-fields';
import { accountsUnder, type OrgAccount, type OrgSnapshot } from './org-snapshot';
import type { FieldValue, ValidatedTargets } from './validate-targets';

function byIdOrder(a: OrgAccount, b: OrgAccount): number {
  return a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0;
}

/** Account ids under one `OrganizationalUnits` entry; a root id stands for the whole organization. */
export function accountsOf(snapshot: OrgSnapshot, ou: FieldValue): Set<string> {
  if (ROOT_ID_PATTERN.test(ou.value)) {
    if (!snapshot.rootIds.includes(ou.value)) {
      throw new InvalidInputError(
        ou.field,
        `"${ou.value}" is not the root of this organization (its root is ${snapshot.rootIds.join(', ') || 'unknown'}); ` +
          `use the id shown by 'aws organizations list-roots'`,
      );
    }
    return new Set(snapshot.accounts.map((a) => a.Id));
  }
  if (!snapshot.children.has(ou.value)) {
    throw new InvalidInputError(
      ou.field,
      `"${ou.value}" is not an OU of this organization; use an id shown by 'aws organizations list-organizational-units-for-parent'`,
    );
  }
  return accountsUnder(snapshot.children, ou.value);
}

/**
 * The accounts to plan, sorted by id: the named accounts and everything under the named
 * OUs (or every account when none are named), minus the exclusions, applied last. The
 * host account is left out unless asked for; naming it without asking is refused, as
 * silently dropping an account the input names would hide a mistake.
 */
export function selectAccounts(snapshot: OrgSnapshot, targets: ValidatedTargets, hostAccountId: string): OrgAccount[] {
  const byId = new Map(snapshot.accounts.map((a) => [a.Id, a]));
  const known = (account: FieldValue): string => {
    if (!byId.has(account.value)) {
      throw new InvalidInputError(
        account.field,
        `account ${account.value} is not in this organization; check the id with 'aws organizations list-accounts'`,
      );
    }
    return account.value;
  };

  const excluded = new Set(targets.excludeAccounts.map(known));
  for (const ou of targets.excludeOrganizationalUnits) for (const id of accountsOf(snapshot, ou)) excluded.add(id);

  const selected = new Set<string>();
  if (!targets.explicit) for (const id of byId.keys()) selected.add(id);
  for (const account of targets.accounts) {
    const id = known(account);
    if (id === hostAccountId && !targets.includeHostAccount && !excluded.has(id)) {
      throw new InvalidInputError(
        account.field,
        `account ${id} hosts the orchestrator and is left out by default; set Targets.IncludeHostAccount to true to run there, or remove it`,
      );
    }
    selected.add(id);
  }
  for (const ou of targets.organizationalUnits) for (const id of accountsOf(snapshot, ou)) selected.add(id);

  if (!targets.includeHostAccount) excluded.add(hostAccountId);
  return [...selected]
    .filter((id) => !excluded.has(id))
    .map((id) => byId.get(id))
    .filter((a): a is OrgAccount => a !== undefined)
    .sort(byIdOrder);
}
