import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  BucketAlreadyOwnedByYou,
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  paginateListObjectsV2,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, DEFAULT_OPERATOR, type LocalCloud } from '../../../../local/server';
import { s3Service } from '../../../../local/services/s3/s3-service';

let local: LocalCloud;
let dir: string;
let s3: S3Client;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'se-s3-'));
  local = await startLocalCloud({ port: 0, stateDir: dir, services: [s3Service], log: () => undefined });
  s3 = new S3Client({ endpoint: local.endpoint, region: 'eu-west-1', credentials: DEFAULT_OPERATOR, forcePathStyle: true, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: 'sdk-results', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
});

afterAll(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('s3 over HTTP with the SDK', () => {
  it('accepts the bucket settings a hardened stack applies, and keeps the policy', async () => {
    // Prepare
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::sdk-results/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });

    // Act
    await s3.send(new PutBucketEncryptionCommand({ Bucket: 'sdk-results', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'sdk-results', PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'sdk-results', VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'sdk-results', Policy: policy }));
    const stored = await s3.send(new GetBucketPolicyCommand({ Bucket: 'sdk-results' }));
    const again = await s3.send(new CreateBucketCommand({ Bucket: 'sdk-results', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })).catch((error: unknown) => error);

    // Assess
    expect(stored.Policy).toBe(policy);
    expect(again).toBeInstanceOf(BucketAlreadyOwnedByYou);
  });

  it('round-trips an object, a copy and a conditional put answered 412', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-results', Key: 'run/summary.json', Body: '{"n":1}', ContentType: 'application/json', IfNoneMatch: '*' }));

    // Act
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sdk-results', Key: 'run/summary.json' }));
    const text = await got.Body?.transformToString();
    const conflict = await s3.send(new PutObjectCommand({ Bucket: 'sdk-results', Key: 'run/summary.json', Body: 'x', IfNoneMatch: '*' })).catch((error: unknown) => error);
    await s3.send(new CopyObjectCommand({ Bucket: 'sdk-results', Key: 'run/copy.json', CopySource: 'sdk-results/run/summary.json' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'sdk-results', Key: 'run/copy.json' }));

    // Assess
    expect(text).toBe('{"n":1}');
    expect(got.ContentType).toBe('application/json');
    expect(conflict).toBeInstanceOf(S3ServiceException);
    expect((conflict as S3ServiceException).$metadata.httpStatusCode).toBe(412);
    expect((conflict as S3ServiceException).name).toBe('PreconditionFailed');
    expect(head.ContentLength).toBe(7);
  });

  it('pages a listing with the SDK paginator', async () => {
    // Prepare
    for (let n = 0; n < 7; n += 1) await s3.send(new PutObjectCommand({ Bucket: 'sdk-results', Key: `page/${n}.json`, Body: String(n) }));
    const keys: string[] = [];

    // Act
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 3 }, { Bucket: 'sdk-results', Prefix: 'page/' })) keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));

    // Assess
    expect(keys).toEqual(Array.from({ length: 7 }, (_, n) => `page/${n}.json`));
  });

  it('answers the modelled errors for missing keys and buckets', async () => {
    // Prepare
    await s3.send(new DeleteObjectCommand({ Bucket: 'sdk-results', Key: 'never' }));

    // Act
    const key = await s3.send(new GetObjectCommand({ Bucket: 'sdk-results', Key: 'never' })).catch((error: unknown) => error);
    const bucket = await s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })).catch((error: unknown) => error);
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })).catch((error: unknown) => error);

    // Assess
    expect(key).toBeInstanceOf(NoSuchKey);
    expect(bucket).toBeInstanceOf(NoSuchBucket);
    expect(head).toBeInstanceOf(NotFound);
  });

  it('serves a presigned GET', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-results', Key: 'shared/report.txt', Body: 'hello' }));
    const url = new URL(`${local.endpoint}/sdk-results/shared/report.txt`);
    const signer = new SignatureV4({ service: 's3', region: 'eu-west-1', credentials: DEFAULT_OPERATOR, sha256: Hash.bind(null, 'sha256'), uriEscapePath: false });
    const presigned = await signer.presign(
      { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      { expiresIn: 300 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();

    // Act
    const response = await fetch(`${local.endpoint}${presigned.path}?${query}`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello');
  });
});
