import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { linkSchema } from './child-results';
import type { AccountItem, Outcome, SkippedTarget } from '../contract';
import { Outcomes } from '../contract';
import { ObjectUnreadableError, expectArray, parseJson, readJson, readText } from './s3-json';
import type { TargetOutcome } from './types';

const outcomeSchema = z.enum(Object.values(Outcomes) as [Outcome, ...Outcome[]]);

const accountItemSchema = z.object({
  AccountId: z.string().min(1),
  AccountName: z.string().default(''),
  Regions: z.array(z.string().min(1)),
});

const skippedSchema = z.object({
  AccountId: z.string().min(1),
  AccountName: z.string().default(''),
  Region: z.string().min(1),
  Outcome: outcomeSchema,
  Reason: z.string().default(''),
});

const targetOutcomeSchema = z.object({
  AccountId: z.string().min(1),
  AccountName: z.string(),
  Region: z.string().min(1),
  Outcome: outcomeSchema,
  Error: z.string().optional(),
  Cause: z.string().optional(),
  ResultKey: z.string().optional(),
  Link: linkSchema,
});

function parseItems<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, bucket: string, key: string): T[] {
  return expectArray(value, bucket, key).map((item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ObjectUnreadableError(
        bucket,
        key,
        `item [${index}].${issue?.path.join('.') ?? ''}: ${issue?.message}; the file must be written by the same version of step-everywhere`,
      );
    }
    return parsed.data;
  });
}

/** A wave manifest: the accounts and regions the wave runs. */
export async function readWaveManifest(s3: S3Client, bucket: string, key: string): Promise<AccountItem[]> {
  return parseItems(accountItemSchema, await readJson(s3, bucket, key), bucket, key);
}

/** The targets the plan skipped, or undefined when the file does not exist. */
export async function readSkipped(s3: S3Client, bucket: string, key: string): Promise<SkippedTarget[] | undefined> {
  const text = await readText(s3, bucket, key, true);
  return text === undefined ? undefined : parseItems(skippedSchema, parseJson(text, bucket, key), bucket, key);
}

/** A wave's tallied outcomes, or undefined when the wave was never tallied. */
export async function readWaveOutcomes(s3: S3Client, bucket: string, key: string): Promise<TargetOutcome[] | undefined> {
  const text = await readText(s3, bucket, key, true);
  return text === undefined ? undefined : parseItems(targetOutcomeSchema, parseJson(text, bucket, key), bucket, key);
}
