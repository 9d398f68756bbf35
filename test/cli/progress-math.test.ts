import { describe, expect, it } from 'vitest';
import { etaSeconds, formatDuration, progressLine, rateOf } from '../../cli/progress-math';

describe('rateOf', () => {
  it('is undefined until two samples a second apart exist', () => {
    // Prepare
    const samples = [{ atMs: 0, done: 0 }, { atMs: 500, done: 3 }];

    // Act
    const rate = rateOf(samples);

    // Assess
    expect(rate).toBeUndefined();
  });

  it('takes targets per second over the window only', () => {
    // Prepare
    const samples = [
      { atMs: 0, done: 0 },
      { atMs: 100_000, done: 100 },
      { atMs: 130_000, done: 130 },
      { atMs: 160_000, done: 190 },
    ];

    // Act
    const rate = rateOf(samples, 60_000);

    // Assess
    expect(rate).toBe(1.5);
  });
});

describe('etaSeconds', () => {
  it('divides what is left by the rate, rounding up', () => {
    // Prepare
    const [done, total, rate] = [10, 41, 2];

    // Act
    const eta = etaSeconds(done, total, rate);

    // Assess
    expect(eta).toBe(16);
  });

  it('is unknown without a total or with a zero rate, and zero when done', () => {
    // Prepare
    const cases = [etaSeconds(1, undefined, 1), etaSeconds(1, 5, 0), etaSeconds(5, 5, 0)];

    // Act
    const [noTotal, stalled, finished] = cases;

    // Assess
    expect(noTotal).toBeUndefined();
    expect(stalled).toBeUndefined();
    expect(finished).toBe(0);
  });
});

describe('formatDuration', () => {
  it('uses seconds, minutes and hours as the length needs', () => {
    // Prepare
    const values = [45, 185, 7440];

    // Act
    const texts = values.map(formatDuration);

    // Assess
    expect(texts).toEqual(['45s', '3m05s', '2h04m']);
  });
});

describe('progressLine', () => {
  it('shows done/total, failures, rate, ETA and elapsed time', () => {
    // Prepare
    const view = { status: 'RUNNING', counted: true, total: 40, done: 12, failed: 2, rate: 0.8, etaSeconds: 35, elapsedSeconds: 62 };

    // Act
    const line = progressLine(view);

    // Assess
    expect(line).toBe('RUNNING · 12/40 targets (30%) · 2 failed · 0.80/s · ETA 35s · 1m02s elapsed');
  });

  it('says the targets are being planned before the total is known', () => {
    // Prepare
    const view = { status: 'RUNNING', counted: true, done: 0, elapsedSeconds: 3 };

    // Act
    const line = progressLine(view);

    // Assess
    expect(line).toBe('RUNNING · planning targets · 3s elapsed');
  });

  it('says targets are not counted when they cannot be', () => {
    // Prepare
    const view = { status: 'RUNNING', counted: false, done: 0, elapsedSeconds: 3 };

    // Act
    const line = progressLine(view);

    // Assess
    expect(line).toBe('RUNNING · targets not counted · 3s elapsed');
  });
});
