import { afterEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../../local/protocols/aws-error';
import { s3Service } from '../../../../local/services/s3/s3-service';
import type { CallerIdentity, LocalService, ServiceResponse } from '../../../../local/services/service';
import { allowAll, createTestCloud, requestOf, roleCaller, userCaller, type TestCloud } from '../../org/test-cloud';

const OWNER = '111111111111';
const admin = userCaller(OWNER);
const reader = roleCaller(OWNER, 'Reader');
let testCloud: TestCloud;
let s3: LocalService;

interface Call {
  readonly query?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly caller?: CallerIdentity;
  readonly region?: string;
}

function setUp(): void {
  testCloud = createTestCloud();
  testCloud.grant(admin.principalArn, allowAll());
  s3 = s3Service(testCloud.cloud);
}

async function send(method: string, path: string, call: Call = {}): Promise<ServiceResponse> {
  const request = requestOf('s3', '', call.caller ?? admin, {}, {
    method,
    path,
    query: new URLSearchParams(call.query ?? ''),
    headers: call.headers ?? {},
    body: Buffer.from(call.body ?? ''),
    region: call.region ?? 'eu-west-1',
  });
  return s3.handle({ ...request, action: s3.operationOf?.(request) ?? '' });
}

async function failure(method: string, path: string, call: Call = {}): Promise<AwsError> {
  const error = await send(method, path, call).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(error)}`);
  return error;
}

afterEach(() => testCloud.cleanup());

describe('s3 service: buckets', () => {
  it('creates a bucket once, then answers BucketAlreadyOwnedByYou outside us-east-1', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');

    // Act
    const again = await failure('PUT', '/results');
    const head = await send('HEAD', '/results');

    // Assess
    expect(again).toMatchObject({ code: 'BucketAlreadyOwnedByYou', status: 409 });
    expect(head.headers?.['x-amz-bucket-region']).toBe('eu-west-1');
  });

  it('answers NoSuchBucket and InvalidBucketName', async () => {
    // Prepare
    setUp();

    // Act
    const missing = await failure('GET', '/nothing/key');
    const invalid = await failure('PUT', '/Bad_Name');

    // Assess
    expect(missing).toMatchObject({ code: 'NoSuchBucket', status: 404 });
    expect(invalid.code).toBe('InvalidBucketName');
    expect(invalid.message).toContain('3 to 63 lowercase letters');
  });

  it('accepts the configurations our stacks set and answers them back', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');
    const encryption = '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>';

    // Act
    await send('PUT', '/results', { query: 'encryption', body: encryption });
    await send('PUT', '/results', { query: 'publicAccessBlock', body: '<PublicAccessBlockConfiguration/>' });
    const stored = await send('GET', '/results', { query: 'encryption' });
    const neverSet = await failure('GET', '/results', { query: 'tagging' });

    // Assess
    expect(stored.body).toBe(encryption);
    expect(neverSet.code).toBe('NoSuchTagSet');
  });

  it('refuses a malformed bucket policy and a non-empty bucket delete', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');
    await send('PUT', '/results/a.json', { body: '{}' });

    // Act
    const policy = await failure('PUT', '/results', { query: 'policy', body: '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}' });
    const notEmpty = await failure('DELETE', '/results');

    // Assess
    expect(policy.code).toBe('MalformedPolicy');
    expect(notEmpty).toMatchObject({ code: 'BucketNotEmpty', status: 409 });
  });
});

describe('s3 service: objects', () => {
  it('puts, gets, ranges, heads and deletes an object with its metadata', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');
    const put = await send('PUT', '/results/dir/a%20b.json', { body: '{"ok":true}', headers: { 'content-type': 'application/json', 'x-amz-meta-run': 'r1' } });

    // Act
    const got = await send('GET', '/results/dir/a%20b.json');
    const part = await send('GET', '/results/dir/a%20b.json', { headers: { range: 'bytes=1-4' } });
    await send('DELETE', '/results/dir/a%20b.json');
    const gone = await failure('HEAD', '/results/dir/a%20b.json');

    // Assess
    expect(got.body?.toString()).toBe('{"ok":true}');
    expect(got.headers).toMatchObject({ 'content-type': 'application/json', etag: put.headers?.etag, 'x-amz-meta-run': 'r1' });
    expect(part).toMatchObject({ status: 206, headers: { 'content-range': 'bytes 1-4/11' } });
    expect(part.body?.toString()).toBe('"ok"');
    expect(gone).toMatchObject({ code: 'NoSuchKey', status: 404 });
  });

  it('refuses a conditional put over an existing object with 412 and keeps the first body', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');
    await send('PUT', '/results/summary.json', { body: 'first', headers: { 'if-none-match': '*' } });

    // Act
    const error = await failure('PUT', '/results/summary.json', { body: 'second', headers: { 'if-none-match': '*' } });
    const kept = await send('GET', '/results/summary.json');

    // Assess
    expect(error).toMatchObject({ code: 'PreconditionFailed', status: 412 });
    expect(kept.body?.toString()).toBe('first');
  });

  it('lets exactly one of many concurrent conditional puts win', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');

    // Act
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, n) => send('PUT', '/results/once', { body: String(n), headers: { 'if-none-match': '*' } })));

    // Assess
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  });

  it('copies an object within and across buckets', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');
    await send('PUT', '/archive');
    await send('PUT', '/results/a', { body: 'payload', headers: { 'content-type': 'text/plain' } });

    // Act
    const copied = await send('PUT', '/archive/b', { headers: { 'x-amz-copy-source': '/results/a' } });
    const read = await send('GET', '/archive/b');

    // Assess
    expect(copied.body).toContain('<CopyObjectResult');
    expect(read.body?.toString()).toBe('payload');
    expect(read.headers?.['content-type']).toBe('text/plain');
  });

  it('lists with prefix, delimiter and continuation tokens across pages', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');
    for (const key of ['run/1/a.json', 'run/1/b.json', 'run/2/a.json', 'run/summary.json', 'other.json']) await send('PUT', `/results/${key}`, { body: 'x' });
    const pages: string[] = [];
    let token: string | undefined;

    // Act
    do {
      const page = await send('GET', '/results', { query: `list-type=2&prefix=run/&delimiter=/&max-keys=2${token ? `&continuation-token=${token}` : ''}` });
      pages.push(String(page.body));
      token = /<NextContinuationToken>([^<]+)</.exec(String(page.body))?.[1];
    } while (token !== undefined);

    // Assess
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('<CommonPrefixes><Prefix>run/1/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>run/2/</Prefix></CommonPrefixes>');
    expect(pages[0]).toContain('<IsTruncated>true</IsTruncated>');
    expect(pages[1]).toContain('<Key>run/summary.json</Key>');
    expect(pages[1]).toContain('<KeyCount>1</KeyCount>');
  });

  it('refuses a bad continuation token naming the fix', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');

    // Act
    const error = await failure('GET', '/results', { query: 'list-type=2&continuation-token=nonsense' });

    // Assess
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toContain('pass the NextContinuationToken of the previous page unchanged');
  });
});

describe('s3 service: access', () => {
  it('denies a role without permissions, and lets the bucket policy grant it reads only', async () => {
    // Prepare
    setUp();
    await send('PUT', '/results');
    await send('PUT', '/results/a', { body: 'x' });
    const denied = await failure('GET', '/results/a', { caller: reader });
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: reader.principalArn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::results/*' }] };
    await send('PUT', '/results', { query: 'policy', body: JSON.stringify(policy) });

    // Act
    const read = await send('GET', '/results/a', { caller: reader });
    const write = await failure('PUT', '/results/b', { caller: reader, body: 'y' });

    // Assess
    expect(denied).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(read.body?.toString()).toBe('x');
    expect(write.code).toBe('AccessDenied');
  });
});
