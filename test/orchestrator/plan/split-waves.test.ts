import { describe, expect, it } from 'vitest';
import type { AccountItem } from '../../../orchestrator/contract';
import { splitWaves, type WaveSize } from '../../../orchestrator/plan';

function items(count: number): AccountItem[] {
  return Array.from({ length: count }, (_, i) => ({
    AccountId: String(100000000000 + i),
    AccountName: `a${i}`,
    Regions: ['eu-west-1'],
  }));
}

function sizes(waves: AccountItem[][]): number[] {
  return waves.map((w) => w.length);
}

describe('splitWaves', () => {
  it('puts every account in one wave when no waves are given', () => {
    // Prepare
    const all = items(5);

    // Act
    const waves = splitWaves(all, undefined);

    // Assess
    expect(waves).toEqual([all]);
  });

  it('cuts waves by size and puts the remaining accounts in a last wave', () => {
    // Prepare
    const spec: WaveSize[] = [{ accounts: 1 }, { accounts: 2 }];

    // Act
    const waves = splitWaves(items(10), spec);

    // Assess
    expect(sizes(waves)).toEqual([1, 2, 7]);
  });

  it('keeps the accounts in the order given, each exactly once', () => {
    // Prepare
    const all = items(6);

    // Act
    const waves = splitWaves(all, [{ accounts: 2 }, { percent: 50 }]);

    // Assess
    expect(waves.flat()).toEqual(all);
  });

  it('cuts waves by percent of all the accounts, rounding up', () => {
    // Prepare
    const spec: WaveSize[] = [{ percent: 10 }, { percent: 25 }];

    // Act
    const waves = splitWaves(items(20), spec);

    // Assess
    expect(sizes(waves)).toEqual([2, 5, 13]);
  });

  it('never makes an empty wave: a small share of few accounts is still one account', () => {
    // Prepare
    const spec: WaveSize[] = [{ percent: 1 }, { percent: 1 }];

    // Act
    const waves = splitWaves(items(3), spec);

    // Assess
    expect(sizes(waves)).toEqual([1, 1, 1]);
  });

  it('drops wave entries past the last account and adds no empty last wave', () => {
    // Prepare
    const spec: WaveSize[] = [{ accounts: 2 }, { percent: 100 }, { accounts: 5 }];

    // Act
    const waves = splitWaves(items(4), spec);

    // Assess
    expect(sizes(waves)).toEqual([2, 2]);
  });

  it('makes no wave when there is no account', () => {
    // Prepare
    const spec: WaveSize[] = [{ accounts: 1 }];

    // Act
    const waves = splitWaves([], spec);

    // Assess
    expect(waves).toEqual([]);
  });
});
