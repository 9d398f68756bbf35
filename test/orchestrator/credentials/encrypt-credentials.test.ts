import { EncryptCommand, KMSClient, KMSServiceException } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialsEncryptionContext, encryptCredentials } from '../../../orchestrator/credentials';
import { ACCOUNT_ID, EXECUTION_ARN, SECRET, SESSION_TOKEN, WORKER_ROLE_ARN, issuedCredentials } from './fixtures';

const kmsMock = mockClient(KMSClient);
const kms = new KMSClient({ region: 'eu-west-1' });
const KEY_ARN = 'arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CIPHERTEXT = Uint8Array.from([1, 2, 3, 4, 5]);

afterEach(() => {
  kmsMock.reset();
});

describe('credentialsEncryptionContext', () => {
  it('names the execution, the account and the recipient role', () => {
    // Prepare
    const recipient = WORKER_ROLE_ARN;

    // Act
    const context = credentialsEncryptionContext(EXECUTION_ARN, ACCOUNT_ID, recipient);

    // Assess
    expect(context).toEqual({
      'stepeverywhere:execution': EXECUTION_ARN,
      'stepeverywhere:account': ACCOUNT_ID,
      'stepeverywhere:recipient': WORKER_ROLE_ARN,
    });
  });
});

describe('encryptCredentials', () => {
  it('encrypts the session as JSON with the key and the exact context', async () => {
    // Prepare
    const context = credentialsEncryptionContext(EXECUTION_ARN, ACCOUNT_ID, WORKER_ROLE_ARN);
    let plaintext = '';
    kmsMock.on(EncryptCommand).callsFake((input: { Plaintext: Uint8Array }) => {
      plaintext = Buffer.from(input.Plaintext).toString();
      return { CiphertextBlob: CIPHERTEXT, KeyId: KEY_ARN };
    });

    // Act
    await encryptCredentials(kms, KEY_ARN, issuedCredentials(), context);

    // Assess
    const input = kmsMock.commandCalls(EncryptCommand)[0].args[0].input;
    expect(input.KeyId).toBe(KEY_ARN);
    expect(input.EncryptionContext).toEqual(context);
    expect(JSON.parse(plaintext)).toEqual({
      AccessKeyId: 'ASIAEXAMPLEKEY',
      SecretAccessKey: SECRET,
      SessionToken: SESSION_TOKEN,
      Expiration: '2030-01-01T01:00:00.000Z',
    });
  });

  it('answers base64 ciphertext, key, context and expiry, and no secret', async () => {
    // Prepare
    kmsMock.on(EncryptCommand).resolves({ CiphertextBlob: CIPHERTEXT, KeyId: KEY_ARN });
    const context = credentialsEncryptionContext(EXECUTION_ARN, ACCOUNT_ID, WORKER_ROLE_ARN);

    // Act
    const encrypted = await encryptCredentials(kms, 'alias/step-everywhere', issuedCredentials(), context);

    // Assess
    expect(encrypted).toEqual({
      Ciphertext: Buffer.from(CIPHERTEXT).toString('base64'),
      KeyId: KEY_ARN,
      EncryptionContext: context,
      Expiration: '2030-01-01T01:00:00.000Z',
    });
    expect(JSON.stringify(encrypted)).not.toContain(SECRET);
    expect(JSON.stringify(encrypted)).not.toContain(SESSION_TOKEN);
  });

  it('wipes the plaintext buffer once KMS has it', async () => {
    // Prepare
    let sent: Uint8Array | undefined;
    kmsMock.on(EncryptCommand).callsFake((input: { Plaintext: Uint8Array }) => {
      sent = input.Plaintext;
      return { CiphertextBlob: CIPHERTEXT, KeyId: KEY_ARN };
    });

    // Act
    await encryptCredentials(kms, KEY_ARN, issuedCredentials(), {});

    // Assess
    expect(sent?.every((byte) => byte === 0)).toBe(true);
  });

  it('rethrows a KMS refusal: the orchestrator, not the account, is misconfigured', async () => {
    // Prepare
    kmsMock.on(EncryptCommand).rejects(
      new KMSServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'not allowed' }),
    );

    // Act
    const encrypt = encryptCredentials(kms, KEY_ARN, issuedCredentials(), {});

    // Assess
    await expect(encrypt).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
