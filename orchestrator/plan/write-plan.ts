import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { runKeys, type AccountItem, type SkippedTarget } from '../contract';
import { mapBounded } from './bounded';
import { callFailure } from './call-errors';

export interface PlanFiles {
  readonly bucket: string;
  readonly prefix: string;
  readonly waves: readonly AccountItem[][];
  readonly skipped: readonly SkippedTarget[];
}

export interface WrittenPlan {
  readonly manifestKeys: string[];
  readonly skippedKey: string;
}

const WRITE_CONCURRENCY = 8;

/**
 * Writes every wave manifest and the skipped list before the plan is returned: the
 * Distributed Map reads a manifest by key, and the summary accounts for skipped targets
 * from their file, so neither may be missing once the plan exists.
 */
export async function writePlanFiles(s3: S3Client, files: PlanFiles): Promise<WrittenPlan> {
  const manifestKeys = files.waves.map((_, i) => runKeys.manifest(files.prefix, i));
  const skippedKey = runKeys.skipped(files.prefix);
  const objects: Array<{ key: string; body: unknown }> = [
    ...files.waves.map((wave, i) => ({ key: manifestKeys[i], body: wave })),
    { key: skippedKey, body: files.skipped },
  ];
  await mapBounded(objects, WRITE_CONCURRENCY, async ({ key, body }) => {
    try {
      await s3.send(
        new PutObjectCommand({ Bucket: files.bucket, Key: key, Body: JSON.stringify(body), ContentType: 'application/json' }),
      );
    } catch (err) {
      throw callFailure(
        err,
        `S3 PutObject s3://${files.bucket}/${key}`,
        "the Plan function's own role",
        `check that the role may s3:PutObject under ${files.prefix}/ and use the bucket's encryption key, and that RESULTS_BUCKET names the results bucket`,
      );
    }
  });
  return { manifestKeys, skippedKey };
}
