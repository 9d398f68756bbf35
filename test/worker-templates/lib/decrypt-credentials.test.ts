import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidWorkerEventError } from '../../../orchestrator/contract';
import { decryptCredentials } from '../../../worker-templates/lib';
import { CIPHERTEXT, ENCRYPTION_CONTEXT, KEY_ARN, kmsError, sessionPlaintext, workerEvent } from './fixtures';

const kmsMock = mockClient(KMSClient);
const kms = new KMSClient({ region: 'eu-west-1' });

afterEach(() => {
  kmsMock.reset();
});

describe('decryptCredentials', () => {
  it('decrypts with the exact encryption context and key of the event', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).resolves({ Plaintext: sessionPlaintext() });

    // Act
    await decryptCredentials(kms, workerEvent().Credentials);

    // Assess
    const input = kmsMock.commandCalls(DecryptCommand)[0].args[0].input;
    expect(input.EncryptionContext).toEqual(ENCRYPTION_CONTEXT);
    expect(input.KeyId).toBe(KEY_ARN);
    expect(Buffer.from(input.CiphertextBlob ?? []).toString('base64')).toBe(CIPHERTEXT);
  });

  it('answers the session in the shape SDK clients take', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).resolves({ Plaintext: sessionPlaintext('2099-01-01T00:00:00.000Z') });

    // Act
    const result = await decryptCredentials(kms, workerEvent().Credentials);

    // Assess
    expect(result).toEqual({
      ok: true,
      credentials: {
        accessKeyId: 'ASIAMEMBERKEY',
        secretAccessKey: 'member-secret',
        sessionToken: 'member-token',
        expiration: new Date('2099-01-01T00:00:00.000Z'),
      },
    });
  });

  it('returns a KMS denial as a refusal that says what to check', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).rejects(kmsError('AccessDeniedException'));

    // Act
    const result = await decryptCredentials(kms, workerEvent().Credentials);

    // Assess
    expect(result).toMatchObject({ ok: false, error: 'AccessDeniedException' });
    expect(!result.ok && result.cause).toMatch(/recipient role .* grantWorker/);
  });

  it('returns a context mismatch as a refusal', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).rejects(kmsError('InvalidCiphertextException'));

    // Act
    const result = await decryptCredentials(kms, workerEvent().Credentials);

    // Assess
    expect(result).toMatchObject({ ok: false, error: 'InvalidCiphertextException' });
  });

  it('rethrows throttling so the invocation is retried', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).rejects(kmsError('ThrottlingException'));

    // Act
    const decrypt = decryptCredentials(kms, workerEvent().Credentials);

    // Assess
    await expect(decrypt).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('rethrows a KMS server fault', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).rejects(kmsError('KMSInternalException', 'server'));

    // Act
    const decrypt = decryptCredentials(kms, workerEvent().Credentials);

    // Assess
    await expect(decrypt).rejects.toMatchObject({ name: 'KMSInternalException' });
  });

  it('refuses a plaintext that is not a session', async () => {
    // Prepare
    kmsMock.on(DecryptCommand).resolves({ Plaintext: Buffer.from('{"AccessKeyId":"A"}') });

    // Act
    const decrypt = decryptCredentials(kms, workerEvent().Credentials);

    // Assess
    await expect(decrypt).rejects.toThrow(InvalidWorkerEventError);
  });
});
