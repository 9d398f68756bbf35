import { describe, expect, it } from 'vitest';
import type { AccountItem } from '../../../orchestrator/contract';
import { defaultConcurrency } from '../../../orchestrator/plan/plan-output';

const item = (regions: number): AccountItem => ({ AccountId: '111111111111', AccountName: 'a', Regions: Array.from({ length: regions }, (_, i) => `r-${i}`) });

describe('defaultConcurrency', () => {
  it('keeps the configured accounts at once when accounts x regions fits Lambda\'s 1,000 concurrent executions', () => {
    expect(defaultConcurrency(100, [[item(3), item(9)]])).toBe(100);
  });

  it('lowers it so that accounts x regions stays within 1,000 (17 regions: 58 accounts)', () => {
    expect(defaultConcurrency(100, [[item(2)], [item(17)]])).toBe(58);
  });

  it('never goes below one account, and an empty plan keeps the setting', () => {
    expect(defaultConcurrency(100, [[item(2_000)]])).toBe(1);
    expect(defaultConcurrency(100, [])).toBe(100);
  });
});
