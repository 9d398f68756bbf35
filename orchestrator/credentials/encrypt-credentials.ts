import { EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { EncryptionContextKeys, type EncryptedCredentials } from '../contract';
import type { SessionCredentials } from './types';

/**
 * The context the ciphertext is bound to. KMS refuses to decrypt with any other, and the
 * key policy lets only the named recipient role decrypt, so the ciphertext in the
 * execution history is useless to anyone but that worker, for this execution and account.
 */
export function credentialsEncryptionContext(
  executionId: string,
  accountId: string,
  recipientRoleArn: string,
): Record<string, string> {
  return {
    [EncryptionContextKeys.EXECUTION]: executionId,
    [EncryptionContextKeys.ACCOUNT]: accountId,
    [EncryptionContextKeys.RECIPIENT]: recipientRoleArn,
  };
}

export async function encryptCredentials(
  kms: KMSClient,
  keyId: string,
  credentials: SessionCredentials,
  encryptionContext: Record<string, string>,
): Promise<EncryptedCredentials> {
  const expiration = credentials.Expiration.toISOString();
  const plaintext = Buffer.from(
    JSON.stringify({
      AccessKeyId: credentials.AccessKeyId,
      SecretAccessKey: credentials.SecretAccessKey,
      SessionToken: credentials.SessionToken,
      Expiration: expiration,
    }),
  );
  try {
    const answer = await kms.send(
      new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: encryptionContext }),
    );
    if (!answer.CiphertextBlob) throw new Error(`KMS Encrypt with key ${keyId} answered without a ciphertext`);
    return {
      Ciphertext: Buffer.from(answer.CiphertextBlob).toString('base64'),
      KeyId: answer.KeyId ?? keyId,
      EncryptionContext: encryptionContext,
      Expiration: expiration,
    };
  } finally {
    // The secret should not outlive the call in this warm container's memory.
    plaintext.fill(0);
  }
}
