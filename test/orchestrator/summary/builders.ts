import type { AccountItem, AccountResult, PlanOutput, TargetRecord, WaveProgress } from '../../../orchestrator/contract';
import { runKeys } from '../../../orchestrator/contract';
import type { ChildResult } from '../../../orchestrator/summary/types';

export const BUCKET = 'results-bucket';
export const PREFIX = 'StepEverywhere/StepEverywhere_x/$LATEST/exec-1';
export const EXECUTION_ARN = 'arn:aws:states:eu-west-1:111111111111:execution:StepEverywhere:exec-1';

export function account(id: string, regions: string[] = ['us-east-1', 'eu-west-1'], name = `acct-${id}`): AccountItem {
  return { AccountId: id, AccountName: name, Regions: regions };
}

export function plan(waves: AccountItem[][], overrides: Partial<PlanOutput> = {}): PlanOutput {
  const targetCount = waves.flat().reduce((sum, a) => sum + a.Regions.length, 0);
  return {
    Context: {
      ExecutionId: EXECUTION_ARN,
      ExecutionName: 'exec-1',
      FunctionName: 'StepEverywhere_x',
      Qualifier: '$LATEST',
      FunctionTarget: 'StepEverywhere_x',
      RoleName: 'StepEverywhereMember',
      Payload: {},
      Bucket: BUCKET,
      Prefix: PREFIX,
      MaxPolls: 10,
    },
    Waves: waves.map((w, index) => ({
      Index: index,
      ManifestKey: runKeys.manifest(PREFIX, index),
      AccountCount: w.length,
      TargetCount: w.reduce((sum, a) => sum + a.Regions.length, 0),
    })),
    WaveCount: waves.length,
    MaxConcurrency: 10,
    Tolerance: { Count: 0 },
    TargetCount: targetCount,
    SkippedKey: runKeys.skipped(PREFIX),
    ...overrides,
  };
}

export function progress(overrides: Partial<WaveProgress> = {}): WaveProgress {
  return {
    NextWave: 0,
    ManifestKey: runKeys.manifest(PREFIX, 0),
    Attempted: 0,
    Failed: 0,
    Stop: false,
    ...overrides,
  };
}

export function record(accountId: string, region: string, outcome: TargetRecord['Outcome'], extra: Partial<TargetRecord> = {}): TargetRecord {
  return { AccountId: accountId, Region: region, Outcome: outcome, Poll: 0, ...extra };
}

/** An AccountResult where every planned region answered `outcome`. */
export function accountResult(item: AccountItem, outcome: TargetRecord['Outcome'] = 'SUCCEEDED'): AccountResult {
  return {
    AccountId: item.AccountId,
    AccountName: item.AccountName,
    Regions: item.Regions,
    Targets: item.Regions.map((r) => record(item.AccountId, r, outcome, { ResultKey: `${PREFIX}/${item.AccountId}/${r}.json` })),
  };
}

export function succeededChild(output: AccountResult, stopTime = 1_000): ChildResult {
  return { Status: 'SUCCEEDED', AccountId: output.AccountId, Output: output, StopTime: stopTime };
}

/** A record as the ResultWriter exports it: input and output as JSON text. */
export function writerRecord(
  item: AccountItem,
  status: string,
  fields: { output?: unknown; error?: string; cause?: string; stop?: string } = {},
): Record<string, unknown> {
  return {
    ExecutionArn: `arn:aws:states:eu-west-1:111111111111:execution:StepEverywhere/FanOut:${item.AccountId}-${status}`,
    Input: JSON.stringify({ Account: item, Context: { ExecutionId: EXECUTION_ARN } }),
    InputDetails: { Included: true },
    Name: `${item.AccountId}-${status}`,
    ...(fields.output !== undefined ? { Output: JSON.stringify(fields.output), OutputDetails: { Included: true } } : {}),
    ...(fields.error !== undefined ? { Error: fields.error } : {}),
    ...(fields.cause !== undefined ? { Cause: fields.cause } : {}),
    RedriveCount: 0,
    StartDate: '2026-01-01T10:00:00.000Z',
    StateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:StepEverywhere/FanOut',
    Status: status,
    ...(status === 'PENDING' ? {} : { StopDate: fields.stop ?? '2026-01-01T10:05:00.000Z' }),
  };
}
