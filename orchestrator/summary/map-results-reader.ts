import type { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { toChildResult } from './child-results';
import { ObjectUnreadableError, parseJson, readText } from './s3-json';
import type { ChildResult, MapRunOutput } from './types';

const resultFileSchema = z.object({ Key: z.string().min(1), Size: z.number().optional() });

/** The ResultWriter's manifest.json: one list of result files per child status. */
const manifestSchema = z.object({
  DestinationBucket: z.string().optional(),
  MapRunArn: z.string().optional(),
  ResultFiles: z.record(z.string(), z.array(resultFileSchema)),
});

/**
 * Reads every child result the Distributed Map's ResultWriter exported. Each file is read
 * and parsed once and reduced to small ChildResults at once, so the child inputs and
 * outputs (the bulk of a file) are not kept.
 */
export async function readMapResults(s3: S3Client, mapRun: MapRunOutput): Promise<ChildResult[]> {
  const { Bucket, Key } = mapRun.ResultWriterDetails;
  const parsed = manifestSchema.safeParse(parseJson(await readText(s3, Bucket, Key), Bucket, Key));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ObjectUnreadableError(
      Bucket,
      Key,
      `is not a ResultWriter manifest (${issue?.path.join('.') || 'manifest'}: ${issue?.message}); ` +
        'MapRun.ResultWriterDetails.Key must name the manifest.json the Distributed Map wrote',
    );
  }
  const bucket = parsed.data.DestinationBucket || Bucket;
  const children: ChildResult[] = [];
  for (const files of Object.values(parsed.data.ResultFiles)) {
    for (const file of files) {
      const text = await readText(s3, bucket, file.Key);
      for (const record of parseRecords(text, bucket, file.Key)) {
        children.push(toChildResult(record, `s3://${bucket}/${file.Key}`));
      }
    }
  }
  return children;
}

/** A result file is a JSON array, or JSON Lines when the writer was configured for them. */
export function parseRecords(text: string, bucket: string, key: string): unknown[] {
  const trimmed = text.trimStart();
  if (trimmed === '') {
    return [];
  }
  if (trimmed.startsWith('[')) {
    const value = parseJson(trimmed, bucket, key);
    if (!Array.isArray(value)) {
      throw new ObjectUnreadableError(bucket, key, 'must hold a JSON array of child results');
    }
    return value;
  }
  const records: unknown[] = [];
  trimmed.split('\n').forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    try {
      records.push(JSON.parse(line));
    } catch {
      throw new ObjectUnreadableError(bucket, key, `line ${index + 1} is not valid JSON`);
    }
  });
  return records;
}
