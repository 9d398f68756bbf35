import type { AccountItem } from '../contract';
import type { WaveSize } from './validate-run-options';

/** How many accounts a wave entry stands for; a share is rounded up so "1%" of 50 is one account, not none. */
function accountsFor(size: WaveSize, total: number): number {
  return 'accounts' in size ? size.accounts : Math.ceil((size.percent * total) / 100);
}

/**
 * Splits the items into waves, in the order given (the planner sorts them by account id,
 * so the same organization always yields the same waves). Shares are of all the items,
 * not of those left; entries past the last account are dropped, accounts left after the
 * last entry form one more wave, and no wave is ever empty.
 */
export function splitWaves(items: readonly AccountItem[], sizes: readonly WaveSize[] | undefined): AccountItem[][] {
  const waves: AccountItem[][] = [];
  let start = 0;
  for (const size of sizes ?? []) {
    if (start >= items.length) break;
    const count = Math.min(accountsFor(size, items.length), items.length - start);
    if (count < 1) continue;
    waves.push(items.slice(start, start + count));
    start += count;
  }
  if (start < items.length) waves.push(items.slice(start));
  return waves;
}
