import type { AccountItem, PlanResult, WavePlan } from '../contract';
import type { PlanSettings } from './settings';
import type { ValidatedInput } from './validate-input';
import type { WrittenPlan } from './write-plan';

export interface PlanOutputParts {
  readonly input: ValidatedInput;
  readonly settings: PlanSettings;
  readonly executionId: string;
  readonly executionName: string;
  readonly prefix: string;
  readonly waves: readonly AccountItem[][];
  readonly skippedCount: number;
  readonly written: WrittenPlan;
}

/** Lambda's default concurrent executions per account and region, which every worker invocation draws on. */
export const LAMBDA_DEFAULT_CONCURRENCY = 1_000;

/**
 * Accounts at once when the input does not say: the orchestrator's setting, lowered so that
 * accounts × regions stays within Lambda's default concurrency — above it, invocations are
 * throttled and only retries get them through.
 */
export function defaultConcurrency(configured: number, waves: readonly AccountItem[][]): number {
  const regions = waves.reduce((most, wave) => wave.reduce((m, item) => Math.max(m, item.Regions.length), most), 1);
  return Math.max(1, Math.min(configured, Math.floor(LAMBDA_DEFAULT_CONCURRENCY / regions)));
}

/** The plan and the starting progress: what the input asked, else the orchestrator's settings. */
export function buildPlanResult(parts: PlanOutputParts): PlanResult {
  const { input, settings, written } = parts;
  const waves: WavePlan[] = parts.waves.map((wave, i) => ({
    Index: i,
    ManifestKey: written.manifestKeys[i],
    AccountCount: wave.length,
    TargetCount: wave.reduce((sum, item) => sum + item.Regions.length, 0),
  }));
  const runnable = waves.reduce((sum, wave) => sum + wave.TargetCount, 0);
  return {
    Plan: {
      Context: {
        ExecutionId: parts.executionId,
        ExecutionName: parts.executionName,
        FunctionName: input.worker.FunctionName,
        Qualifier: input.worker.Qualifier,
        FunctionTarget: input.worker.FunctionTarget,
        RoleName: input.roleName ?? settings.memberRoleName,
        Payload: input.payload,
        Bucket: settings.bucket,
        Prefix: parts.prefix,
        MaxPolls: settings.maxPolls,
      },
      Waves: waves,
      WaveCount: waves.length,
      MaxConcurrency: input.maxConcurrency ?? defaultConcurrency(settings.maxConcurrency, parts.waves),
      Tolerance: input.tolerance ?? settings.tolerance,
      TargetCount: runnable + parts.skippedCount,
      SkippedKey: written.skippedKey,
      ...(input.notifyOnSuccess ? { NotifyOnSuccess: true } : {}),
    },
    Progress: {
      NextWave: 0,
      ManifestKey: waves[0]?.ManifestKey ?? '',
      Attempted: 0,
      Failed: 0,
      Stop: waves.length === 0,
    },
  };
}
