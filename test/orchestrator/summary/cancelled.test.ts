import { describe, expect, it } from 'vitest';
import { cancelledOutcomes, cancelReason } from '../../../orchestrator/summary/cancelled';
import { account, progress } from './builders';

describe('cancelReason', () => {
  it('names the wave that broke the tolerance and by how much', () => {
    // Prepare
    const given = progress({ NextWave: 1, Attempted: 10, Failed: 3, Stop: true });

    // Act
    const reason = cancelReason(1, given, { Count: 1 });

    // Assess
    expect(reason).toBe('wave 1 was not started: wave 0 exceeded the failure tolerance (3 failed, 1 tolerated)');
  });

  it('says the execution stopped when the tolerance was not broken', () => {
    // Prepare
    const given = progress({ NextWave: 2, Attempted: 10, Failed: 0, Stop: true });

    // Act
    const reason = cancelReason(3, given, { Count: 1 });

    // Assess
    expect(reason).toBe('wave 3 was not started: the execution stopped after wave 1');
  });

  it('says no wave ran when none did', () => {
    // Prepare
    const given = progress({ NextWave: 0 });

    // Act
    const reason = cancelReason(0, given, { Count: 1 });

    // Assess
    expect(reason).toBe('wave 0 was not started: the execution stopped before any wave ran');
  });
});

describe('cancelledOutcomes', () => {
  it('marks every region of every account CANCELLED with the reason', () => {
    // Prepare
    const accounts = [account('111111111111', ['us-east-1', 'eu-west-1']), account('222222222222', ['us-east-1'])];

    // Act
    const outcomes = cancelledOutcomes(accounts, 'because');

    // Assess
    expect(outcomes).toEqual([
      { AccountId: '111111111111', AccountName: 'acct-111111111111', Region: 'us-east-1', Outcome: 'CANCELLED', Cause: 'because' },
      { AccountId: '111111111111', AccountName: 'acct-111111111111', Region: 'eu-west-1', Outcome: 'CANCELLED', Cause: 'because' },
      { AccountId: '222222222222', AccountName: 'acct-222222222222', Region: 'us-east-1', Outcome: 'CANCELLED', Cause: 'because' },
    ]);
  });
});
