import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../../orchestrator/plan';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapBounded', () => {
  it('answers in input order whatever order the calls finish in', async () => {
    // Prepare
    const items = [30, 10, 20];

    // Act
    const results = await mapBounded(items, 3, async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return ms * 2;
    });

    // Assess
    expect(results).toEqual([60, 20, 40]);
  });

  it('starts no new call after a failure and rethrows it once the calls in flight end', async () => {
    // Prepare
    const started: number[] = [];
    let inFlightAtEnd = 0;
    let inFlight = 0;

    // Act
    const act = mapBounded([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      inFlight++;
      await tick();
      inFlight--;
      if (n === 2) throw new Error('boom');
      return n;
    }).finally(() => {
      inFlightAtEnd = inFlight;
    });

    // Assess
    await expect(act).rejects.toThrow('boom');
    expect(started).toEqual([1, 2, 3]);
    expect(inFlightAtEnd).toBe(0);
  });

  it('answers an empty list without calling', async () => {
    // Prepare
    let calls = 0;

    // Act
    const results = await mapBounded([], 4, async () => {
      calls++;
    });

    // Assess
    expect(results).toEqual([]);
    expect(calls).toBe(0);
  });
});
