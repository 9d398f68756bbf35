import type { Measurement } from './measure';

/** Published quotas the projection uses. */
export const AWS_QUOTAS = {
  /** State transitions per second, Standard workflows, in the largest regions. */
  transitionsPerSecondLargeRegions: 5000,
  /** ... and elsewhere. */
  transitionsPerSecondOtherRegions: 800,
  /** Concurrent Lambda executions per account and region (default). */
  lambdaConcurrency: 1000,
  /** Inline Map iterations run at once, whatever MaxConcurrency says. */
  inlineMapConcurrency: 40,
  /** STS requests per second per account. */
  stsRequestsPerSecond: 600,
} as const;

export interface Projection {
  /** Seconds each quota alone would need. */
  readonly transitionsBoundSeconds: number;
  readonly transitionsBoundSecondsOtherRegions: number;
  readonly lambdaBoundSeconds: number;
  readonly stsBoundSeconds: number;
  /** The largest bound (large regions): the projected wall time on AWS. */
  readonly projectedSeconds: number;
}

/**
 * A lower-bound projection of the wall time on AWS from the measured calls and transitions:
 * each quota alone sets a floor, and the run takes at least the highest floor. The baseline
 * runs every Lambda in one inline Map, so its concurrency is the inline Map's 40.
 */
export function projectOnAws(m: Measurement, workerSeconds: number): Projection {
  const concurrency = m.shape === 'baseline' ? AWS_QUOTAS.inlineMapConcurrency : AWS_QUOTAS.lambdaConcurrency;
  const transitionsBoundSeconds = m.stateTransitions / AWS_QUOTAS.transitionsPerSecondLargeRegions;
  const transitionsBoundSecondsOtherRegions = m.stateTransitions / AWS_QUOTAS.transitionsPerSecondOtherRegions;
  const lambdaBoundSeconds = (m.lambdaInvocations * workerSeconds) / concurrency;
  const stsBoundSeconds = m.assumeRoleCalls / AWS_QUOTAS.stsRequestsPerSecond;
  return {
    transitionsBoundSeconds,
    transitionsBoundSecondsOtherRegions,
    lambdaBoundSeconds,
    stsBoundSeconds,
    projectedSeconds: Math.max(transitionsBoundSeconds, lambdaBoundSeconds, stsBoundSeconds),
  };
}
