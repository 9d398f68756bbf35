import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import type { Outcome } from '../../orchestrator/contract';
import type { ExecutionSummary, TargetOutcome } from '../../orchestrator/summary/types';

export const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:999999999999:stateMachine:StepEverywhere';
export const EXECUTION_NAME = 'baseline-20250301T100000Z';
export const EXECUTION_ARN = `arn:aws:states:eu-west-1:999999999999:execution:StepEverywhere:${EXECUTION_NAME}`;
export const WORKER = 'StepEverywhere_inventory';
export const PREFIX = `StepEverywhere/${WORKER}/$LATEST/${EXECUTION_NAME}`;
export const BUCKET = 'results-bucket';

/** A target per (account, region), outcomes cycling so every kind appears. */
export function sampleTargets(accounts: number, regions: readonly string[]): TargetOutcome[] {
  const outcomes: Outcome[] = ['SUCCEEDED', 'NO_CHANGE', 'FAILED', 'SKIPPED', 'ASSUME_ROLE_FAILED', 'TIMED_OUT', 'CANCELLED'];
  const targets: TargetOutcome[] = [];
  for (let a = 0; a < accounts; a++) {
    const id = String(100000000000 + a);
    for (const region of regions) {
      const outcome = outcomes[targets.length % outcomes.length];
      const failed = outcome === 'FAILED' || outcome === 'ASSUME_ROLE_FAILED' || outcome === 'TIMED_OUT';
      targets.push({
        AccountId: id,
        AccountName: `acct-${a}`,
        Region: region,
        Outcome: outcome,
        ...(failed ? { Error: `Err.${outcome}`, Cause: `cause of ${outcome} <b>` } : {}),
        ...(outcome === 'SUCCEEDED' ? { ResultKey: `${PREFIX}/${id}/${region}.json` } : {}),
      });
    }
  }
  return targets;
}

export function sampleSummary(targets: TargetOutcome[], toleranceExceeded = false): ExecutionSummary {
  const counts = { SUCCEEDED: 0, NO_CHANGE: 0, FAILED: 0, ASSUME_ROLE_FAILED: 0, SKIPPED: 0, TIMED_OUT: 0, CANCELLED: 0 } as Record<Outcome, number>;
  for (const t of targets) counts[t.Outcome]++;
  const groups = new Map<string, TargetOutcome[]>();
  for (const t of targets.filter((x) => x.Error)) groups.set(`${t.Outcome}|${t.Error}`, [...(groups.get(`${t.Outcome}|${t.Error}`) ?? []), t]);
  return {
    ExecutionId: EXECUTION_ARN,
    Function: WORKER,
    Qualifier: '$LATEST',
    StartedAt: '2025-03-01T10:00:00.000Z',
    FinishedAt: '2025-03-01T10:05:00.000Z',
    Tolerance: { Count: 0 },
    ToleranceExceeded: toleranceExceeded,
    Counts: counts,
    TargetCount: targets.length,
    Failures: [...groups.values()].map((g) => ({
      Outcome: g[0].Outcome,
      Error: g[0].Error ?? '',
      Cause: g[0].Cause ?? '',
      Count: g.length,
      Targets: g.map((t) => ({ AccountId: t.AccountId, AccountName: t.AccountName, Region: t.Region })),
    })),
    Targets: targets,
  };
}

export function execution(status: string, extra: Partial<DescribeExecutionCommandOutput> = {}): DescribeExecutionCommandOutput {
  return {
    $metadata: {},
    executionArn: EXECUTION_ARN,
    stateMachineArn: STATE_MACHINE_ARN,
    name: EXECUTION_NAME,
    status: status as DescribeExecutionCommandOutput['status'],
    startDate: new Date('2025-03-01T10:00:00Z'),
    ...(status === 'RUNNING' ? {} : { stopDate: new Date('2025-03-01T10:05:00Z') }),
    input: JSON.stringify({ Function: WORKER, Regions: ['eu-west-1'] }),
    ...extra,
  };
}
