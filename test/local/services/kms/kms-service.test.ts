import { afterEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../../local/protocols/aws-error';
import { kmsService } from '../../../../local/services/kms/kms-service';
import type { CallerIdentity, LocalService } from '../../../../local/services/service';
import { openStore } from '../../../../local/store/store';
import { allowAll, createTestCloud, requestOf, roleCaller, userCaller, type TestCloud } from '../../org/test-cloud';

const ACCOUNT = '111111111111';
const admin = userCaller(ACCOUNT);
const worker = roleCaller(ACCOUNT, 'StepEverywhere_Worker');
const intruder = roleCaller(ACCOUNT, 'SomeoneElse');
const CONTEXT = { 'stepeverywhere:execution': 'exec-1', 'stepeverywhere:recipient': worker.principalArn };

/** Like the orchestrator's key: the admin manages it; only the worker decrypts, and only with its own context. */
const RECIPIENT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: admin.principalArn }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'RecipientDecrypts',
      Effect: 'Allow',
      Principal: { AWS: worker.principalArn },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:stepeverywhere:recipient': '${aws:PrincipalArn}' } },
    },
  ],
});

let testCloud: TestCloud;
let kms: LocalService;

function setUp(): void {
  testCloud = createTestCloud();
  testCloud.grant(admin.principalArn, allowAll());
  kms = kmsService(testCloud.cloud);
}

async function call(action: string, input: Record<string, unknown>, caller: CallerIdentity = admin, service = kms): Promise<Record<string, unknown>> {
  return (await service.handle(requestOf('kms', action, caller, input))).output ?? {};
}

async function failure(action: string, input: Record<string, unknown>, caller: CallerIdentity = admin): Promise<AwsError> {
  const error = await call(action, input, caller).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(error)}`);
  return error;
}

async function createKey(policy?: string): Promise<{ KeyId: string; Arn: string }> {
  const output = await call('CreateKey', policy === undefined ? {} : { Policy: policy });
  return output.KeyMetadata as { KeyId: string; Arn: string };
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

afterEach(() => testCloud.cleanup());

describe('kms: keys and aliases', () => {
  it('creates a key with the default policy and describes it by id, ARN and alias', async () => {
    // Prepare
    setUp();
    const key = await createKey();
    await call('CreateAlias', { AliasName: 'alias/credentials', TargetKeyId: key.KeyId });

    // Act
    const byId = await call('DescribeKey', { KeyId: key.KeyId });
    const byArn = await call('DescribeKey', { KeyId: key.Arn });
    const byAlias = await call('DescribeKey', { KeyId: 'alias/credentials' });
    const byAliasArn = await call('DescribeKey', { KeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/credentials` });
    const policy = await call('GetKeyPolicy', { KeyId: key.KeyId });

    // Assess
    expect(byId.KeyMetadata).toMatchObject({ Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${key.KeyId}`, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });
    for (const other of [byArn, byAlias, byAliasArn]) expect(other).toEqual(byId);
    expect(JSON.parse(policy.Policy as string).Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
  });

  it('refuses a second alias of the same name and an unknown key', async () => {
    // Prepare
    setUp();
    const key = await createKey();
    await call('CreateAlias', { AliasName: 'alias/once', TargetKeyId: key.KeyId });

    // Act
    const duplicate = await failure('CreateAlias', { AliasName: 'alias/once', TargetKeyId: key.KeyId });
    const missing = await failure('DescribeKey', { KeyId: 'alias/never' });

    // Assess
    expect(duplicate.code).toBe('AlreadyExistsException');
    expect(missing.code).toBe('NotFoundException');
  });

  it('pages ListAliases with Limit and Marker', async () => {
    // Prepare
    setUp();
    const key = await createKey();
    for (const name of ['c', 'a', 'b']) await call('CreateAlias', { AliasName: `alias/${name}`, TargetKeyId: key.KeyId });

    // Act
    const first = await call('ListAliases', { Limit: 2 });
    const second = await call('ListAliases', { Limit: 2, Marker: first.NextMarker });

    // Assess
    expect((first.Aliases as Array<{ AliasName: string }>).map((alias) => alias.AliasName)).toEqual(['alias/a', 'alias/b']);
    expect(first.Truncated).toBe(true);
    expect(second).toMatchObject({ Truncated: false, Aliases: [{ AliasName: 'alias/c', TargetKeyId: key.KeyId }] });
  });

  it('replaces the key policy, and refuses one that would lock its author out', async () => {
    // Prepare
    setUp();
    const key = await createKey();
    const lockout = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: worker.principalArn }, Action: 'kms:Decrypt', Resource: '*' }] });

    // Act
    await call('PutKeyPolicy', { KeyId: key.KeyId, PolicyName: 'default', Policy: RECIPIENT_POLICY });
    const stored = await call('GetKeyPolicy', { KeyId: key.KeyId });
    const refused = await failure('PutKeyPolicy', { KeyId: key.KeyId, Policy: lockout });

    // Assess
    expect(stored.Policy).toBe(RECIPIENT_POLICY);
    expect(refused.code).toBe('MalformedPolicyDocumentException');
    expect(refused.message).toContain('BypassPolicyLockoutSafetyCheck');
  });

  it('refuses a malformed policy naming the problem', async () => {
    // Prepare
    setUp();
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] });

    // Act
    const error = await failure('CreateKey', { Policy: policy });

    // Assess
    expect(error.code).toBe('MalformedPolicyDocumentException');
    expect(error.message).toContain('Policy.Statement[0] needs a Principal');
  });
});

describe('kms: encryption', () => {
  it('round-trips Encrypt and Decrypt with an encryption context, Decrypt needing no KeyId', async () => {
    // Prepare
    setUp();
    const key = await createKey();
    const encrypted = await call('Encrypt', { KeyId: key.KeyId, Plaintext: b64('secret'), EncryptionContext: CONTEXT });

    // Act
    const decrypted = await call('Decrypt', { CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { ...CONTEXT } });

    // Assess
    expect(encrypted.KeyId).toBe(key.Arn);
    expect(Buffer.from(decrypted.Plaintext as string, 'base64').toString()).toBe('secret');
    expect(decrypted).toMatchObject({ KeyId: key.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
  });

  it('fails Decrypt with another encryption context as InvalidCiphertextException', async () => {
    // Prepare
    setUp();
    const key = await createKey();
    const encrypted = await call('Encrypt', { KeyId: key.KeyId, Plaintext: b64('secret'), EncryptionContext: CONTEXT });

    // Act
    const changed = await failure('Decrypt', { CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { ...CONTEXT, 'stepeverywhere:execution': 'exec-2' } });
    const missing = await failure('Decrypt', { CiphertextBlob: encrypted.CiphertextBlob });

    // Assess
    expect(changed.code).toBe('InvalidCiphertextException');
    expect(missing.code).toBe('InvalidCiphertextException');
  });

  it('fails Decrypt of altered bytes, and of a KeyId other than the encrypting key', async () => {
    // Prepare
    setUp();
    const key = await createKey();
    const other = await createKey();
    const blob = Buffer.from((await call('Encrypt', { KeyId: key.KeyId, Plaintext: b64('secret') })).CiphertextBlob as string, 'base64');
    const altered = Buffer.from(blob);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;

    // Act
    const tampered = await failure('Decrypt', { CiphertextBlob: altered.toString('base64') });
    const wrongKey = await failure('Decrypt', { CiphertextBlob: blob.toString('base64'), KeyId: other.KeyId });
    const garbage = await failure('Decrypt', { CiphertextBlob: b64('not a ciphertext') });

    // Assess
    expect(tampered.code).toBe('InvalidCiphertextException');
    expect(wrongKey.code).toBe('IncorrectKeyException');
    expect(garbage.code).toBe('InvalidCiphertextException');
  });

  it('lets the recipient named by the key policy decrypt its own context, and nobody else', async () => {
    // Prepare
    setUp();
    const key = await createKey(RECIPIENT_POLICY);
    const blob = (await call('Encrypt', { KeyId: key.KeyId, Plaintext: b64('credentials'), EncryptionContext: CONTEXT })).CiphertextBlob;
    const otherRecipient = { ...CONTEXT, 'stepeverywhere:recipient': intruder.principalArn };
    const otherBlob = (await call('Encrypt', { KeyId: key.KeyId, Plaintext: b64('x'), EncryptionContext: otherRecipient })).CiphertextBlob;

    // Act
    const byWorker = await call('Decrypt', { CiphertextBlob: blob, EncryptionContext: CONTEXT }, worker);
    const byIntruder = await failure('Decrypt', { CiphertextBlob: blob, EncryptionContext: CONTEXT }, intruder);
    const workerOnOthers = await failure('Decrypt', { CiphertextBlob: otherBlob, EncryptionContext: otherRecipient }, worker);

    // Assess
    expect(Buffer.from(byWorker.Plaintext as string, 'base64').toString()).toBe('credentials');
    expect(byIntruder.code).toBe('AccessDeniedException');
    expect(byIntruder.message).toBe(`User: ${intruder.arn} is not authorized to perform: kms:Decrypt on resource: ${key.Arn}`);
    expect(workerOnOthers.code).toBe('AccessDeniedException');
  });

  it('refuses Encrypt to a caller the key policy does not name', async () => {
    // Prepare
    setUp();
    const key = await createKey(RECIPIENT_POLICY);

    // Act
    const error = await failure('Encrypt', { KeyId: key.KeyId, Plaintext: b64('x'), EncryptionContext: CONTEXT }, worker);

    // Assess
    expect(error.code).toBe('AccessDeniedException');
  });

  it('generates a data key whose ciphertext decrypts to its plaintext', async () => {
    // Prepare
    setUp();
    const key = await createKey();

    // Act
    const dataKey = await call('GenerateDataKey', { KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: CONTEXT });
    const decrypted = await call('Decrypt', { CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: CONTEXT });

    // Assess
    expect(Buffer.from(dataKey.Plaintext as string, 'base64')).toHaveLength(32);
    expect(decrypted.Plaintext).toBe(dataKey.Plaintext);
  });

  it('names the field and the limit for bad input', async () => {
    // Prepare
    setUp();
    const key = await createKey();

    // Act
    const tooBig = await failure('Encrypt', { KeyId: key.KeyId, Plaintext: Buffer.alloc(4097).toString('base64') });
    const noSpec = await failure('GenerateDataKey', { KeyId: key.KeyId });
    const badContext = await failure('Encrypt', { KeyId: key.KeyId, Plaintext: b64('x'), EncryptionContext: { n: 1 } });

    // Assess
    expect(tooBig).toMatchObject({ code: 'ValidationException', message: 'Plaintext must be 1 to 4096 bytes, not 4097.' });
    expect(noSpec.message).toContain('Give exactly one of KeySpec (AES_256 or AES_128) and NumberOfBytes');
    expect(badContext.message).toBe('EncryptionContext must be a map of string keys to string values.');
  });

  it('still decrypts after a restart on the same state folder', async () => {
    // Prepare
    setUp();
    const key = await createKey();
    const blob = (await call('Encrypt', { KeyId: key.KeyId, Plaintext: b64('kept'), EncryptionContext: CONTEXT })).CiphertextBlob;
    await testCloud.cloud.store.flush();
    const restarted = kmsService({ ...testCloud.cloud, store: openStore(testCloud.dir) });

    // Act
    const decrypted = await call('Decrypt', { CiphertextBlob: blob, EncryptionContext: CONTEXT }, admin, restarted);

    // Assess
    expect(Buffer.from(decrypted.Plaintext as string, 'base64').toString()).toBe('kept');
  });
});
