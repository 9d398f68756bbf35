import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorNames, type WorkerAnswer } from '../../../orchestrator/contract';
import { CREDENTIALS_EXPIRED, defineWorker, type WorkerContext } from '../../../worker-templates/lib';
import { ACCOUNT_ID, ENCRYPTION_CONTEXT, EXECUTION_ARN, RESULT_KEY, kmsError, sessionPlaintext, workerEvent } from './fixtures';

const kmsMock = mockClient(KMSClient);
const s3Mock = mockClient(S3Client);
const deps = { kms: new KMSClient({ region: 'eu-west-1' }), s3: new S3Client({ region: 'eu-west-1' }) };

function writtenDocument(): Record<string, unknown> {
  return JSON.parse(String(s3Mock.commandCalls(PutObjectCommand)[0].args[0].input.Body)) as Record<string, unknown>;
}

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  kmsMock.on(DecryptCommand).resolves({ Plaintext: sessionPlaintext() });
  s3Mock.on(PutObjectCommand).resolves({});
});

afterEach(() => {
  vi.restoreAllMocks();
  kmsMock.reset();
  s3Mock.reset();
});

describe('defineWorker', () => {
  it('hands the work the member session, ready for SDK clients of that account and region', async () => {
    // Prepare
    let seen: WorkerContext<{ StackNamePrefix: string }> | undefined;
    const handler = defineWorker<{ StackNamePrefix: string }>(async (ctx) => {
      seen = ctx;
      return { Status: 'SUCCEEDED' };
    }, deps);

    // Act
    await handler(workerEvent());

    // Assess
    const credentials = {
      accessKeyId: 'ASIAMEMBERKEY',
      secretAccessKey: 'member-secret',
      sessionToken: 'member-token',
      expiration: new Date('2099-01-01T00:00:00.000Z'),
    };
    expect(seen).toEqual({
      accountId: ACCOUNT_ID,
      accountName: 'workloads-prod',
      organizationalUnitIds: [],
      region: 'eu-west-1',
      payload: { StackNamePrefix: 'StepEverywhere-' },
      poll: 0,
      state: undefined,
      executionId: EXECUTION_ARN,
      credentials,
      clientConfig: { region: 'eu-west-1', credentials, requestHandler: expect.anything() },
    });
  });

  it('gives the clients of every target one keep-alive connection pool, so a sandbox reuses its connections', async () => {
    // Prepare
    const seen: WorkerContext[] = [];
    // A fresh plaintext per call: the handler wipes the one it was given.
    kmsMock.on(DecryptCommand).callsFake(() => ({ Plaintext: sessionPlaintext() }));
    const handler = defineWorker(async (ctx) => {
      seen.push(ctx);
      return { Status: 'SUCCEEDED' };
    }, deps);

    // Act
    await handler(workerEvent());
    await handler(workerEvent());

    // Assess
    const [first, second] = seen.map((ctx) => ctx.clientConfig.requestHandler);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    // Node's agents say whether they keep connections, though its types leave the field out.
    const keepsAlive = (agent: object | undefined) => (agent as { keepAlive?: boolean } | undefined)?.keepAlive;
    expect(keepsAlive(first?.httpsAgent)).toBe(true);
    expect(keepsAlive(first?.httpAgent)).toBe(true);
  });

  it('decrypts with exactly the encryption context of the event', async () => {
    // Prepare
    const handler = defineWorker(async () => ({ Status: 'SUCCEEDED' }), deps);

    // Act
    await handler(workerEvent());

    // Assess
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(1);
    expect(kmsMock.commandCalls(DecryptCommand)[0].args[0].input.EncryptionContext).toEqual(ENCRYPTION_CONTEXT);
  });

  it("writes a success to the event's result key and answers a record pointing at it", async () => {
    // Prepare
    const handler = defineWorker(async () => ({ Status: 'SUCCEEDED', Result: { Count: 3 } }), deps);

    // Act
    const record = await handler(workerEvent());

    // Assess
    const put = s3Mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({ Bucket: 'results-bucket', Key: RESULT_KEY, ContentType: 'application/json' });
    expect(writtenDocument()).toEqual({
      AccountId: ACCOUNT_ID,
      Region: 'eu-west-1',
      Outcome: 'SUCCEEDED',
      Result: { Count: 3 },
      ExecutionId: EXECUTION_ARN,
      FinishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(record).toEqual({ AccountId: ACCOUNT_ID, Region: 'eu-west-1', Outcome: 'SUCCEEDED', ResultKey: RESULT_KEY, Poll: 0 });
  });

  it('writes NO_CHANGE as its own outcome', async () => {
    // Prepare
    const handler = defineWorker(async () => ({ Status: 'NO_CHANGE' }), deps);

    // Act
    const record = await handler(workerEvent());

    // Assess
    expect(record.Outcome).toBe('NO_CHANGE');
    expect(writtenDocument().Outcome).toBe('NO_CHANGE');
  });

  it('refuses credentials of another account before decrypting or working', async () => {
    // Prepare
    const work = vi.fn(async (): Promise<WorkerAnswer> => ({ Status: 'SUCCEEDED' }));
    const handler = defineWorker(work, deps);
    const event = workerEvent({ AccountId: '444455556666', ResultLocation: { Bucket: 'b', Key: 'p/444455556666/eu-west-1.json' } });

    // Act
    const call = handler(event);

    // Assess
    await expect(call).rejects.toMatchObject({ name: ErrorNames.INVALID_WORKER_EVENT });
    expect(kmsMock.commandCalls(DecryptCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(work).not.toHaveBeenCalled();
  });

  it('records a KMS denial as FAILED and never runs the work', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).rejects(kmsError('AccessDeniedException', 'client', 'not the recipient'));
    const work = vi.fn(async (): Promise<WorkerAnswer> => ({ Status: 'SUCCEEDED' }));
    const handler = defineWorker(work, deps);

    // Act
    const record = await handler(workerEvent());

    // Assess
    expect(work).not.toHaveBeenCalled();
    expect(record).toMatchObject({ Outcome: 'FAILED', Error: 'AccessDeniedException', ResultKey: RESULT_KEY });
    expect(record.Cause).toMatch(/KMS refused to decrypt .*not the recipient/);
    expect(writtenDocument()).toMatchObject({ Outcome: 'FAILED', Error: 'AccessDeniedException' });
  });

  it('records a thrown error as FAILED with its name and message, in S3 too', async () => {
    // Prepare
    const handler = defineWorker(async () => {
      throw new TypeError('cannot read StackName');
    }, deps);

    // Act
    const record = await handler(workerEvent());

    // Assess
    expect(record).toMatchObject({ Outcome: 'FAILED', Error: 'TypeError', Cause: 'cannot read StackName', ResultKey: RESULT_KEY });
    expect(writtenDocument()).toMatchObject({ Outcome: 'FAILED', Error: 'TypeError', Cause: 'cannot read StackName' });
  });

  it('answers IN_PROGRESS without writing, counting the poll and keeping the state', async () => {
    // Prepare
    const handler = defineWorker(async (ctx) => ({
      Status: 'IN_PROGRESS',
      PollAfterSeconds: 0,
      State: { previous: ctx.state, poll: ctx.poll },
    }), deps);

    // Act
    const record = await handler(workerEvent({ Polling: { Poll: 2, State: 'cs-1' } }));

    // Assess
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(record).toEqual({
      AccountId: ACCOUNT_ID,
      Region: 'eu-west-1',
      Outcome: 'IN_PROGRESS',
      PollAfterSeconds: 1,
      State: { previous: 'cs-1', poll: 2 },
      Poll: 3,
    });
  });

  it('rethrows when the result cannot be written, so the invocation is retried', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).rejects(new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: {}, message: 'slow' }));
    const handler = defineWorker(async () => ({ Status: 'SUCCEEDED' }), deps);

    // Act
    const call = handler(workerEvent());

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'StepEverywhere.ResultWriteFailed' });
  });

  it('rethrows KMS throttling rather than recording a failure', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).rejects(kmsError('ThrottlingException'));
    const handler = defineWorker(async () => ({ Status: 'SUCCEEDED' }), deps);

    // Act
    const call = handler(workerEvent());

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('records an expired session as FAILED without running the work', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).resolves({ Plaintext: sessionPlaintext('2001-01-01T00:00:00.000Z') });
    const work = vi.fn(async (): Promise<WorkerAnswer> => ({ Status: 'SUCCEEDED' }));
    const handler = defineWorker(work, deps);

    // Act
    const record = await handler(workerEvent({ Polling: { Poll: 7 } }));

    // Assess
    expect(work).not.toHaveBeenCalled();
    expect(record).toMatchObject({ Outcome: 'FAILED', Error: CREDENTIALS_EXPIRED, Poll: 7 });
    expect(record.Cause).toMatch(/expired at 2001-01-01T00:00:00.000Z, before poll 7/);
  });

  it('never writes the member secret to the result or the record', async () => {
    // Prepare
    const handler = defineWorker(async (ctx) => ({ Status: 'SUCCEEDED', Result: { region: ctx.region } }), deps);

    // Act
    const record = await handler(workerEvent());

    // Assess
    const text = JSON.stringify(record) + String(s3Mock.commandCalls(PutObjectCommand)[0].args[0].input.Body);
    expect(text).not.toContain('member-secret');
    expect(text).not.toContain('member-token');
  });
});
