import { describe, expect, it } from 'vitest';
import { nextProgress, tallyOutcomes } from '../../../orchestrator/summary/wave-progress';
import { account, plan, progress } from './builders';

const waves = plan([[account('111111111111')], [account('222222222222')], [account('333333333333')]]).Waves;
const outcomes = (...list: string[]) => list.map((Outcome) => ({ Outcome: Outcome as 'SUCCEEDED' }));

describe('tallyOutcomes', () => {
  it('counts failures per isFailure and leaves SKIPPED and CANCELLED out of attempted', () => {
    // Prepare
    const list = outcomes('SUCCEEDED', 'NO_CHANGE', 'FAILED', 'ASSUME_ROLE_FAILED', 'TIMED_OUT', 'SKIPPED', 'CANCELLED');

    // Act
    const tally = tallyOutcomes(list);

    // Assess
    expect(tally).toEqual({ attempted: 5, failed: 3 });
  });
});

describe('nextProgress', () => {
  it('moves to the next wave and sums the totals', () => {
    // Prepare
    const given = progress({ NextWave: 0, Attempted: 0, Failed: 0 });

    // Act
    const next = nextProgress(waves, { Count: 5 }, given, outcomes('SUCCEEDED', 'FAILED'));

    // Assess
    expect(next).toEqual({ NextWave: 1, ManifestKey: waves[1]?.ManifestKey, Attempted: 2, Failed: 1, Stop: false });
  });

  it('adds to the totals it was given rather than to anything stored', () => {
    // Prepare
    const given = progress({ NextWave: 1, Attempted: 10, Failed: 2, ManifestKey: waves[1]?.ManifestKey });

    // Act
    const next = nextProgress(waves, { Count: 5 }, given, outcomes('FAILED'));

    // Assess
    expect(next).toMatchObject({ NextWave: 2, Attempted: 11, Failed: 3, Stop: false });
  });

  it('stops after the last wave with an empty manifest key', () => {
    // Prepare
    const given = progress({ NextWave: 2 });

    // Act
    const next = nextProgress(waves, { Count: 5 }, given, outcomes('SUCCEEDED'));

    // Assess
    expect(next).toMatchObject({ NextWave: 3, ManifestKey: '', Stop: true });
  });

  it('stops early when the wave breaks the count tolerance', () => {
    // Prepare
    const given = progress({ NextWave: 0 });

    // Act
    const next = nextProgress(waves, { Count: 1 }, given, outcomes('FAILED', 'FAILED'));

    // Assess
    expect(next).toMatchObject({ NextWave: 1, Failed: 2, Stop: true });
  });

  it('goes on when failures equal the count tolerance', () => {
    // Prepare
    const given = progress({ NextWave: 0 });

    // Act
    const next = nextProgress(waves, { Count: 2 }, given, outcomes('FAILED', 'FAILED'));

    // Assess
    expect(next.Stop).toBe(false);
  });

  it('goes on at exactly the percentage tolerated and stops just past it', () => {
    // Prepare
    const given = progress({ NextWave: 0 });

    // Act
    const atLimit = nextProgress(waves, { Percentage: 25 }, given, outcomes('FAILED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED'));
    const past = nextProgress(waves, { Percentage: 25 }, given, outcomes('FAILED', 'SUCCEEDED', 'SUCCEEDED'));

    // Assess
    expect([atLimit.Stop, past.Stop]).toEqual([false, true]);
  });
});
