import { randomBytes } from 'crypto';
import { DecryptCommand, EncryptCommand, KMSClient, KMSServiceException } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { targetResultKey, type WorkerEvent } from '../../../orchestrator/contract';
import { makeCredentialsHandler } from '../../../orchestrator/handlers/credentials';
import { defineWorker, type WorkerCredentials } from '../../../worker-templates/lib';
import { credentialsEvent, issuedCredentials } from '../../orchestrator/credentials/fixtures';

const kmsMock = mockClient(KMSClient);
const stsMock = mockClient(STSClient);
const lambdaMock = mockClient(LambdaClient);
const s3Mock = mockClient(S3Client);

/** A stand-in for KMS that, like KMS, decrypts only with the exact context used to encrypt. */
function fakeKms(): void {
  const sealed = new Map<string, { plaintext: Buffer; context: string }>();
  const canonical = (context: Record<string, string> = {}) => JSON.stringify(Object.entries(context).sort());
  kmsMock.on(EncryptCommand).callsFake((input: { Plaintext: Uint8Array; EncryptionContext?: Record<string, string> }) => {
    const ciphertext = randomBytes(32);
    sealed.set(ciphertext.toString('hex'), { plaintext: Buffer.from(input.Plaintext), context: canonical(input.EncryptionContext) });
    return { CiphertextBlob: ciphertext, KeyId: 'arn:aws:kms:eu-west-1:999988887777:key/k' };
  });
  kmsMock.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string> }) => {
    const entry = sealed.get(Buffer.from(input.CiphertextBlob).toString('hex'));
    if (!entry || entry.context !== canonical(input.EncryptionContext)) {
      throw new KMSServiceException({ name: 'InvalidCiphertextException', $fault: 'client', $metadata: {}, message: '' });
    }
    return { Plaintext: Buffer.from(entry.plaintext) };
  });
}

/** The worker event the state machine's Regions map builds from the credentials answer. */
function workerEventFrom(credentials: WorkerEvent['Credentials'], region: string): WorkerEvent {
  const { Account: account, Context: context } = credentialsEvent();
  return {
    AccountId: account.AccountId,
    AccountName: account.AccountName,
    Region: region,
    Credentials: credentials,
    Payload: context.Payload,
    ResultLocation: { Bucket: context.Bucket, Key: targetResultKey(context.Prefix, account.AccountId, region) },
    ExecutionId: context.ExecutionId,
    Polling: { Poll: 0 },
  };
}

beforeEach(() => {
  vi.stubEnv('KMS_KEY_ID', 'alias/step-everywhere');
  fakeKms();
  stsMock.on(AssumeRoleCommand).resolves({ Credentials: issuedCredentials() });
  lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Role: 'arn:aws:iam::999988887777:role/StepEverywhere_Inventory-role' });
  s3Mock.on(PutObjectCommand).resolves({});
});

afterEach(() => {
  vi.unstubAllEnvs();
  kmsMock.reset();
  stsMock.reset();
  lambdaMock.reset();
  s3Mock.reset();
});

describe('credentials handler and worker helper together', () => {
  it('the worker receives the session the credentials handler assumed, in every region', async () => {
    // Prepare
    const issue = makeCredentialsHandler({ sts: new STSClient({}), kms: new KMSClient({}), lambda: new LambdaClient({}) });
    const received: WorkerCredentials[] = [];
    const worker = defineWorker(async (ctx) => {
      received.push(ctx.credentials);
      return { Status: 'SUCCEEDED' };
    }, { kms: new KMSClient({}), s3: new S3Client({}) });
    const answer = await issue(credentialsEvent());
    if (answer.Status !== 'OK') throw new Error('expected credentials');

    // Act
    const records = await Promise.all(['eu-west-1', 'us-east-1'].map((region) => worker(workerEventFrom(answer.Credentials, region))));

    // Assess
    expect(records.map((record) => record.Outcome)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const session = issuedCredentials();
    expect(received).toEqual([0, 1].map(() => ({
      accessKeyId: session.AccessKeyId,
      secretAccessKey: session.SecretAccessKey,
      sessionToken: session.SessionToken,
      expiration: session.Expiration,
    })));
  });

  it('a ciphertext moved to another recipient cannot be decrypted', async () => {
    // Prepare
    const issue = makeCredentialsHandler({ sts: new STSClient({}), kms: new KMSClient({}), lambda: new LambdaClient({}) });
    const work = vi.fn(async () => ({ Status: 'SUCCEEDED' as const }));
    const worker = defineWorker(work, { kms: new KMSClient({}), s3: new S3Client({}) });
    const answer = await issue(credentialsEvent());
    if (answer.Status !== 'OK') throw new Error('expected credentials');
    const tampered = {
      ...answer.Credentials,
      EncryptionContext: { ...answer.Credentials.EncryptionContext, 'stepeverywhere:recipient': 'arn:aws:iam::999988887777:role/Other' },
    };

    // Act
    const record = await worker(workerEventFrom(tampered, 'eu-west-1'));

    // Assess
    expect(record).toMatchObject({ Outcome: 'FAILED', Error: 'InvalidCiphertextException' });
    expect(work).not.toHaveBeenCalled();
  });
});
