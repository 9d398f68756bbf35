import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { Outcomes, type Outcome } from '../orchestrator/contract';
import type { ExecutionSummary } from '../orchestrator/summary/types';
import { CliError } from './errors';

const outcome = z.enum(Object.values(Outcomes) as [Outcome, ...Outcome[]]);
const place = z.object({ AccountId: z.string(), AccountName: z.string().default(''), Region: z.string() });

/** Checked on read: the CLI may be newer or older than the orchestrator that wrote the file. */
const summarySchema = z.object({
  ExecutionId: z.string(),
  Function: z.string(),
  Qualifier: z.string(),
  StartedAt: z.string().optional(),
  FinishedAt: z.string(),
  Tolerance: z.object({ Count: z.number().optional(), Percentage: z.number().optional() }),
  ToleranceExceeded: z.boolean(),
  Counts: z.record(z.string(), z.number()),
  TargetCount: z.number(),
  Failures: z.array(
    z.object({ Outcome: outcome, Error: z.string(), Cause: z.string(), Count: z.number(), Targets: z.array(place) }),
  ),
  Warnings: z.array(z.string()).optional(),
  Targets: z.array(
    place.extend({
      Outcome: outcome,
      Error: z.string().optional(),
      Cause: z.string().optional(),
      ResultKey: z.string().optional(),
    }),
  ),
});

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** The execution's summary.json, or undefined when it has not been written (yet). */
export async function readSummary(s3: S3Client, bucket: string, key: string): Promise<ExecutionSummary | undefined> {
  let text: string;
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = (await answer.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`s3://${bucket}/${key} is not JSON (${(error as Error).message}) — rerun the execution to rewrite it`, 1);
  }
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `s3://${bucket}/${key} is not a summary this CLI can read (${issue.path.join('.')}: ${issue.message}) — use the CLI of the same step-everywhere version`,
      1,
    );
  }
  // Counts may miss outcomes an older orchestrator did not know: they are zero.
  const counts = Object.fromEntries(Object.values(Outcomes).map((o) => [o, parsed.data.Counts[o] ?? 0])) as Record<Outcome, number>;
  return { ...parsed.data, Counts: counts };
}
