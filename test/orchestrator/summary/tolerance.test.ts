import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../orchestrator/contract';
import { assertTolerance, describeTolerance, toleranceBroken } from '../../../orchestrator/summary/tolerance';

describe('toleranceBroken', () => {
  it('is within a count tolerance when failures equal the count', () => {
    // Prepare
    const tolerance = { Count: 3 };

    // Act
    const broken = toleranceBroken(tolerance, 10, 3);

    // Assess
    expect(broken).toBe(false);
  });

  it('breaks a count tolerance at one failure more than the count', () => {
    // Prepare
    const tolerance = { Count: 3 };

    // Act
    const broken = toleranceBroken(tolerance, 10, 4);

    // Assess
    expect(broken).toBe(true);
  });

  it('breaks a zero count at the first failure', () => {
    // Prepare
    const tolerance = { Count: 0 };

    // Act
    const broken = toleranceBroken(tolerance, 100, 1);

    // Assess
    expect(broken).toBe(true);
  });

  it('is within a percentage tolerance when the failed share equals it exactly', () => {
    // Prepare
    const tolerance = { Percentage: 10 };

    // Act
    const broken = toleranceBroken(tolerance, 20, 2);

    // Assess
    expect(broken).toBe(false);
  });

  it('breaks a percentage tolerance just above it', () => {
    // Prepare
    const tolerance = { Percentage: 10 };

    // Act
    const broken = toleranceBroken(tolerance, 19, 2);

    // Assess
    expect(broken).toBe(true);
  });

  it('breaks a fractional percentage without float rounding errors (1 of 3 is above 33.3%)', () => {
    // Prepare
    const tolerance = { Percentage: 33.3 };

    // Act
    const broken = toleranceBroken(tolerance, 3, 1);

    // Assess
    expect(broken).toBe(true);
  });

  it('is not broken by a percentage when nothing was attempted', () => {
    // Prepare
    const tolerance = { Percentage: 0 };

    // Act
    const broken = toleranceBroken(tolerance, 0, 0);

    // Assess
    expect(broken).toBe(false);
  });

  it('breaks when either of two given forms breaks', () => {
    // Prepare
    const tolerance = { Count: 100, Percentage: 10 };

    // Act
    const broken = toleranceBroken(tolerance, 10, 2);

    // Assess
    expect(broken).toBe(true);
  });
});

describe('assertTolerance', () => {
  it('rejects a tolerance with neither Count nor Percentage, naming the field', () => {
    // Prepare
    const tolerance = {};

    // Act
    const act = () => assertTolerance(tolerance, 'Plan.Tolerance');

    // Assess
    expect(act).toThrow(InvalidInputError);
    expect(act).toThrow(/Plan\.Tolerance: has neither Count nor Percentage/);
  });

  it('rejects a negative count', () => {
    // Prepare
    const tolerance = { Count: -1 };

    // Act
    const act = () => assertTolerance(tolerance, 'Plan.Tolerance');

    // Assess
    expect(act).toThrow(/Plan\.Tolerance\.Count: must be a whole number >= 0, got -1/);
  });

  it('rejects a percentage above 100', () => {
    // Prepare
    const tolerance = { Percentage: 150 };

    // Act
    const act = () => assertTolerance(tolerance, 'Plan.Tolerance');

    // Assess
    expect(act).toThrow(/Plan\.Tolerance\.Percentage: must be between 0 and 100, got 150/);
  });
});

describe('describeTolerance', () => {
  it('states failures and the count tolerated', () => {
    // Prepare
    const tolerance = { Count: 1 };

    // Act
    const text = describeTolerance(tolerance, 10, 3);

    // Assess
    expect(text).toBe('3 failed, 1 tolerated');
  });

  it('states the failed share and the percentage tolerated', () => {
    // Prepare
    const tolerance = { Percentage: 20 };

    // Act
    const text = describeTolerance(tolerance, 10, 3);

    // Assess
    expect(text).toBe('3 of 10 attempted failed (30%), 20% tolerated');
  });
});
