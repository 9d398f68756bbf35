import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * S3 as an in-memory map behind aws-sdk-client-mock, answering with S3's own error shapes:
 * NoSuchKey on GetObject, NotFound on HeadObject, PreconditionFailed on a create-only put.
 */
export function fakeBucket() {
  const objects = new Map<string, string>();
  const id = (bucket: string | undefined, key: string | undefined) => `${bucket}/${key}`;
  const mock = mockClient(S3Client);

  mock.on(GetObjectCommand).callsFake((input: { Bucket?: string; Key?: string }) => {
    const text = objects.get(id(input.Bucket, input.Key));
    if (text === undefined) {
      throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    }
    // The SDK's stream mixin is not a direct dependency; the reader only calls transformToString.
    const body = { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
    return { Body: body };
  });
  mock.on(HeadObjectCommand).callsFake((input: { Bucket?: string; Key?: string }) => {
    if (!objects.has(id(input.Bucket, input.Key))) {
      throw new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
    }
    return {};
  });
  mock.on(PutObjectCommand).callsFake((input: { Bucket?: string; Key?: string; Body?: unknown; IfNoneMatch?: string }) => {
    const key = id(input.Bucket, input.Key);
    if (input.IfNoneMatch === '*' && objects.has(key)) {
      throw new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
        message: 'At least one of the pre-conditions you specified did not hold',
      });
    }
    objects.set(key, String(input.Body));
    return { ETag: '"etag"' };
  });

  return {
    mock,
    s3: new S3Client({ region: 'us-east-1' }),
    objects,
    putJson(bucket: string, key: string, value: unknown): void {
      objects.set(id(bucket, key), JSON.stringify(value));
    },
    putText(bucket: string, key: string, text: string): void {
      objects.set(id(bucket, key), text);
    },
    getJson(bucket: string, key: string): unknown {
      const text = objects.get(id(bucket, key));
      return text === undefined ? undefined : JSON.parse(text);
    },
    has(bucket: string, key: string): boolean {
      return objects.has(id(bucket, key));
    },
  };
}
