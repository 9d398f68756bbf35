import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * Raised when an object the run wrote earlier is missing or unreadable; names the object.
 * Its name stays the generic `Error` because the contract has no name for this case.
 */
export class ObjectUnreadableError extends Error {
  public constructor(
    public readonly bucket: string,
    public readonly key: string,
    problem: string,
  ) {
    super(`s3://${bucket}/${key}: ${problem}`);
  }
}

export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** The object's text, read in one pass; undefined when it does not exist and `optional` is set. */
export async function readText(s3: S3Client, bucket: string, key: string): Promise<string>;
export async function readText(
  s3: S3Client,
  bucket: string,
  key: string,
  optional: true,
): Promise<string | undefined>;
export async function readText(
  s3: S3Client,
  bucket: string,
  key: string,
  optional = false,
): Promise<string | undefined> {
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (answer.Body === undefined) {
      throw new ObjectUnreadableError(bucket, key, 'S3 returned no body');
    }
    return await answer.Body.transformToString('utf-8');
  } catch (error) {
    if (isNotFound(error)) {
      if (optional) {
        return undefined;
      }
      throw new ObjectUnreadableError(bucket, key, 'does not exist; it is written by an earlier step of the same execution');
    }
    throw error;
  }
}

/** Parses the object as JSON; a parse failure names the object. */
export async function readJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  return parseJson(await readText(s3, bucket, key), bucket, key);
}

export function parseJson(text: string, bucket: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ObjectUnreadableError(bucket, key, `is not valid JSON (${(error as Error).message})`);
  }
}

/** Requires a JSON array, naming the object otherwise. */
export function expectArray(value: unknown, bucket: string, key: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new ObjectUnreadableError(bucket, key, 'must hold a JSON array');
  }
  return value;
}

export async function writeJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: 'application/json',
    }),
  );
}
