import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SkippedTarget } from '../contract';
import { FAILURE_OUTCOMES, Outcomes, runKeys } from '../contract';
import { buildSummary } from './build-summary';
import { cancelReason, cancelledOutcomes } from './cancelled';
import { TallyErrors } from './collect-outcomes';
import { parseSummariseEvent, resultsBucket, type SummariseEvent } from './events';
import { notifyOnce, type NotifyResult } from './notify-once';
import { renderNotification, renderOneLine, type NotificationPlaces } from './render-notification';
import { readSkipped, readWaveManifest, readWaveOutcomes } from './run-files';
import { writeJson } from './s3-json';
import type { ExecutionSummary, SummariseResult, TargetOutcome } from './types';

/** A target that failed or never ran because of a failure: what the email is for. */
function needsAttention(summary: ExecutionSummary): boolean {
  return summary.ToleranceExceeded || [...FAILURE_OUTCOMES, Outcomes.CANCELLED].some((outcome) => summary.Counts[outcome] > 0);
}

export interface SummariseDeps {
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly now: () => Date;
}

/**
 * Writes summary.json for the execution and sends its one notification (when TOPIC_ARN
 * is set). Safe to retry: the summary is rewritten, the notification is not resent.
 */
export async function summarise(
  deps: SummariseDeps,
  rawEvent: unknown,
): Promise<SummariseResult & { readonly Notification?: NotifyResult }> {
  const event = parseSummariseEvent(rawEvent);
  const { Plan } = event;
  const bucket = resultsBucket(Plan);
  const prefix = Plan.Context.Prefix;
  const now = deps.now();
  const warnings: string[] = [];

  const skipped = await readSkippedOrWarn(deps.s3, bucket, Plan.SkippedKey, warnings);
  const waves = await gatherWaves(deps.s3, bucket, event, warnings);
  const summary = buildSummary({
    ExecutionId: Plan.Context.ExecutionId,
    Function: Plan.Context.FunctionName,
    Qualifier: Plan.Context.Qualifier,
    StartedAt: event.StartedAt ?? undefined,
    FinishedAt: now.toISOString(),
    Tolerance: Plan.Tolerance,
    PlannedTargetCount: Plan.TargetCount,
    Skipped: skipped,
    Waves: waves,
    Warnings: warnings,
  });

  const summaryKey = runKeys.summary(prefix);
  await writeJson(deps.s3, bucket, summaryKey, summary);

  const places: NotificationPlaces = { Bucket: bucket, SummaryKey: summaryKey, ResultsPrefix: prefix };
  const topicArn = process.env.TOPIC_ARN;
  const notification = topicArn && (Plan.NotifyOnSuccess === true || needsAttention(summary))
    ? await notifyOnce(deps.s3, deps.sns, {
        TopicArn: topicArn,
        Bucket: bucket,
        MarkerKey: runKeys.notified(prefix),
        Notification: renderNotification(summary, places),
        Now: now,
      })
    : undefined;

  return {
    ToleranceExceeded: summary.ToleranceExceeded,
    Message: renderOneLine(summary, places),
    SummaryKey: summaryKey,
    Counts: summary.Counts,
    ...(notification ? { Notification: notification } : {}),
  };
}

/** Waves that ran give their tallied outcomes; waves that never started give CANCELLED targets. */
async function gatherWaves(
  s3: S3Client,
  bucket: string,
  event: SummariseEvent,
  warnings: string[],
): Promise<TargetOutcome[][]> {
  const { Plan, Progress } = event;
  const waves: TargetOutcome[][] = [];
  for (const wave of Plan.Waves) {
    if (wave.Index >= Progress.NextWave) {
      const accounts = await readWaveManifest(s3, bucket, wave.ManifestKey);
      waves.push(cancelledOutcomes(accounts, cancelReason(wave.Index, Progress, Plan.Tolerance)));
      continue;
    }
    const outcomesKey = runKeys.waveOutcomes(Plan.Context.Prefix, wave.Index);
    const outcomes = await readWaveOutcomes(s3, bucket, outcomesKey);
    if (outcomes !== undefined) {
      waves.push(outcomes);
      continue;
    }
    warnings.push(`wave ${wave.Index} ran but s3://${bucket}/${outcomesKey} does not exist; its targets are counted as FAILED`);
    const accounts = await readWaveManifest(s3, bucket, wave.ManifestKey);
    waves.push(
      accounts.flatMap((account) =>
        account.Regions.map((Region) => ({
          AccountId: account.AccountId,
          AccountName: account.AccountName,
          Region,
          Outcome: Outcomes.FAILED,
          Error: TallyErrors.NO_RESULT,
          Cause: `no result was recorded for this target: wave ${wave.Index} was not tallied`,
        })),
      ),
    );
  }
  return waves;
}

async function readSkippedOrWarn(s3: S3Client, bucket: string, key: string, warnings: string[]): Promise<SkippedTarget[]> {
  const skipped = await readSkipped(s3, bucket, key);
  if (skipped === undefined) {
    warnings.push(`s3://${bucket}/${key} (the skipped targets) does not exist; skipped targets are missing from this summary`);
    return [];
  }
  return skipped;
}
