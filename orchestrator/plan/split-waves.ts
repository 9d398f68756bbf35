import { InvalidInputError, type AccountItem } from '../contract';
import type { OrgSnapshot } from './org-snapshot';
import { accountsOf } from './select-accounts';
import type { WaveSize } from './validate-run-options';

type Members = Extract<WaveSize, { members: unknown }>['members'];

/** The account ids a membership wave names: the listed accounts and every account under the listed OUs. */
function memberIds(members: Members, snapshot: OrgSnapshot): Set<string> {
  const known = new Set(snapshot.accounts.map((a) => a.Id));
  const ids = new Set<string>();
  for (const account of members.accounts) {
    if (!known.has(account.value)) {
      throw new InvalidInputError(account.field, `account ${account.value} is not in this organization; check the id with 'aws organizations list-accounts'`);
    }
    ids.add(account.value);
  }
  for (const ou of members.organizationalUnits) for (const id of accountsOf(snapshot, ou)) ids.add(id);
  return ids;
}

/**
 * Splits the items into waves, in the order given (the planner sorts them by account id,
 * so the same organization always yields the same waves). Shares are of all the items,
 * not of those left; a membership wave takes the items it names that no earlier wave took;
 * entries past the last account are dropped, accounts left after the last entry form one
 * more wave, and no wave is ever empty.
 */
export function splitWaves(items: readonly AccountItem[], sizes: readonly WaveSize[] | undefined, snapshot?: OrgSnapshot): AccountItem[][] {
  const waves: AccountItem[][] = [];
  let left = [...items];
  for (const size of sizes ?? []) {
    let wave: AccountItem[];
    if ('members' in size) {
      if (snapshot === undefined) throw new Error('splitWaves: a membership wave needs the organization snapshot');
      const ids = memberIds(size.members, snapshot);
      wave = left.filter((item) => ids.has(item.AccountId));
    } else {
      const count = 'accounts' in size ? size.accounts : Math.ceil((size.percent * items.length) / 100);
      wave = left.slice(0, count);
    }
    if (wave.length === 0) continue;
    const taken = new Set(wave);
    left = left.filter((item) => !taken.has(item));
    waves.push(wave);
  }
  if (left.length > 0) waves.push(left);
  return waves;
}
