import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../local/protocols/aws-error';
import type { LocalCloud } from '../../../local/server';
import type { Fault } from '../../../local/server/faults';
import type { LocalService, ServiceResponse } from '../../../local/services/service';
import { failureOf } from '../services/sts/sts-fixture';
import { OPERATOR_KEYS, removeStateDir, send, signedQuery, startTestCloud, sts, tempStateDir } from './local-cloud-fixture';

/** A JSON 1.1 service shaped like KMS, to check the router and codec with the real KMS client. */
const fakeKms: LocalService = {
  name: 'kms',
  protocol: 'json-1.1',
  targetPrefix: 'TrentService',
  handle: async (request) => {
    if (request.action === 'ListKeys') return { output: { Keys: [{ KeyId: 'k-1', KeyArn: `arn:aws:kms:${request.region}:${request.caller.accountId}:key/k-1` }], Truncated: false } };
    throw new AwsError('UnsupportedOperationException', `${request.action} is not served by this test service.`);
  },
};

/** A REST-XML service shaped like S3 that keeps the bodies it is given, to check S3 signing. */
function fakeS3(objects: Map<string, Buffer>, headersSeen: Map<string, Readonly<Record<string, string>>>): LocalService {
  return {
    name: 's3',
    protocol: 'rest-xml',
    operationOf: (request) => (request.method === 'PUT' ? 'PutObject' : 'GetObject'),
    handle: async (request): Promise<ServiceResponse> => {
      if (request.method === 'PUT') {
        objects.set(request.path, request.body);
        headersSeen.set(request.path, request.headers);
        return { headers: { etag: '"e"' } };
      }
      const body = objects.get(request.path);
      if (!body) throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404);
      return { body, headers: { 'content-type': 'application/octet-stream' } };
    },
  };
}

describe('the local cloud router', () => {
  let dir: string;
  let cloud: LocalCloud;
  let faultCalls: Array<[string, string, string, string]>;
  let nextFaults: Fault[];
  const objects = new Map<string, Buffer>();
  const headersSeen = new Map<string, Readonly<Record<string, string>>>();

  beforeEach(async () => {
    dir = tempStateDir();
    faultCalls = [];
    nextFaults = [];
    cloud = await startTestCloud(dir, {
      services: [fakeKms, fakeS3(objects, headersSeen)],
      faults: (service, action, accountId, region) => {
        faultCalls.push([service, action, accountId, region]);
        return nextFaults.shift();
      },
    });
  });

  afterEach(async () => {
    await cloud.close();
    removeStateDir(dir);
  });

  it('retries an injected throttle in the SDK and then succeeds', async () => {
    // Prepare
    nextFaults = [{ throttle: true }];
    // Act
    const identity = await sts(cloud, OPERATOR_KEYS, 3).send(new GetCallerIdentityCommand({}));
    // Assess
    expect(identity.Account).toBe('111111111111');
    expect(faultCalls).toEqual([
      ['sts', 'GetCallerIdentity', '111111111111', 'us-east-1'],
      ['sts', 'GetCallerIdentity', '111111111111', 'us-east-1'],
    ]);
  });

  it('answers an injected error with its code and status', async () => {
    // Prepare
    nextFaults = [{ error: { code: 'InternalFailure', status: 500, message: 'injected' } }];
    // Act
    const failure = await failureOf(sts(cloud).send(new GetCallerIdentityCommand({})));
    // Assess
    expect(failure).toMatchObject({ name: 'InternalFailure', status: 500, message: 'injected' });
  });

  it('delays a call by the injected latency', async () => {
    // Prepare
    nextFaults = [{ latencyMs: 150 }];
    const started = Date.now();
    // Act
    await sts(cloud).send(new GetCallerIdentityCommand({}));
    // Assess
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('routes a JSON 1.1 service by the credential scope and X-Amz-Target', async () => {
    // Prepare
    const kms = new KMSClient({ endpoint: cloud.endpoint, region: 'eu-west-1', credentials: OPERATOR_KEYS, maxAttempts: 1 });
    // Act
    const keys = await kms.send(new ListKeysCommand({}));
    // Assess
    expect(keys.Keys).toEqual([{ KeyId: 'k-1', KeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k-1' }]);
  });

  it('answers an unknown key on a JSON service with UnrecognizedClientException', async () => {
    // Prepare
    const kms = new KMSClient({ endpoint: cloud.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'nobody-secret' }, maxAttempts: 1 });
    // Act
    const failure = await failureOf(kms.send(new ListKeysCommand({})));
    // Assess
    expect(failure).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
  });

  it('verifies S3 signatures on path-style PutObject and hands the service the body', async () => {
    // Prepare
    const s3 = new S3Client({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: OPERATOR_KEYS, forcePathStyle: true, maxAttempts: 1 });
    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'results', Key: 'a b/c.json', Body: '{"ok":true}' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: 'results', Key: 'a b/c.json' }));
    // Assess
    expect(await object.Body?.transformToString()).toBe('{"ok":true}');
    expect(object.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('unwraps an aws-chunked streaming upload before the service sees it', async () => {
    // Prepare
    const s3 = new S3Client({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: OPERATOR_KEYS, forcePathStyle: true, maxAttempts: 1 });
    const body = Readable.from([Buffer.from('streamed '), Buffer.from('content')]);
    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'results', Key: 'streamed', Body: body, ContentLength: 16 }));
    // Assess
    expect(objects.get('/results/streamed')?.toString()).toBe('streamed content');
    expect(headersSeen.get('/results/streamed')).toMatchObject({ 'content-length': '16', 'x-amz-checksum-crc32': expect.any(String) });
    expect(headersSeen.get('/results/streamed')?.['content-encoding']).toBeUndefined();
  });

  it('answers a missing S3 object with the S3 error shape', async () => {
    // Prepare
    const s3 = new S3Client({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: OPERATOR_KEYS, forcePathStyle: true, maxAttempts: 1 });
    // Act
    const failure = await failureOf(s3.send(new GetObjectCommand({ Bucket: 'results', Key: 'missing' })));
    // Assess
    expect(failure).toMatchObject({ name: 'NoSuchKey', status: 404 });
  });

  it('answers an unsigned request with MissingAuthenticationToken', async () => {
    // Prepare
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    // Act
    const response = await send(cloud, { 'content-type': 'application/x-www-form-urlencoded' }, body);
    // Assess
    expect(response.status).toBe(403);
    expect(response.text).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown action with InvalidAction and keeps serving', async () => {
    // Prepare
    const unknown = await signedQuery(cloud, 'sts', { Action: 'MakeCoffee', Version: '2011-06-15' });
    // Act
    const after = await sts(cloud).send(new GetCallerIdentityCommand({}));
    // Assess
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('<Code>InvalidAction</Code>');
    expect(after.Account).toBe('111111111111');
  });

  it('answers a body without Action with MissingAction and keeps serving', async () => {
    // Prepare
    const malformed = await signedQuery(cloud, 'sts', {}, OPERATOR_KEYS, '%%%not a form');
    // Act
    const after = await sts(cloud).send(new GetCallerIdentityCommand({}));
    // Assess
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('<Code>MissingAction</Code>');
    expect(after.Account).toBe('111111111111');
  });

  it('answers a service it does not serve with UnknownService naming those it does', async () => {
    // Prepare
    const params = { Action: 'ListTopics', Version: '2010-03-31' };
    // Act
    const response = await signedQuery(cloud, 'sns', params);
    // Assess
    expect(response.status).toBe(400);
    expect(response.text).toContain('UnknownService');
    expect(response.text).toContain('sts, iam');
  });
});

describe('the local cloud body limit', () => {
  it('refuses a body over the limit with an AWS error instead of reading it', async () => {
    // Prepare
    const dir = tempStateDir();
    const cloud = await startTestCloud(dir, { maxBodyBytes: 64 });
    // Act
    const response = await signedQuery(cloud, 'sts', { Action: 'GetCallerIdentity', Version: '2011-06-15', Padding: 'x'.repeat(100) });
    const after = await sts(cloud).send(new GetCallerIdentityCommand({}));
    await cloud.close();
    removeStateDir(dir);
    // Assess
    expect(response.status).toBe(413);
    expect(response.text).toContain('<Code>RequestEntityTooLarge</Code>');
    expect(after.Account).toBe('111111111111');
  });
});
