import { DecryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { InvalidWorkerEventError, type EncryptedCredentials } from '../../orchestrator/contract';
import type { WorkerCredentials } from './types';

export type DecryptResult =
  | { readonly ok: true; readonly credentials: WorkerCredentials }
  | { readonly ok: false; readonly error: string; readonly cause: string };

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'LimitExceededException']);

/** Why KMS refused, in terms of what to fix. */
function refusalCause(name: string, message: string): string {
  const said = message ? ` (KMS said: ${message})` : '';
  switch (name) {
    case 'AccessDeniedException':
      return (
        `KMS refused to decrypt the member credentials${said}: the key policy lets only the recipient role named in the ` +
        "encryption context decrypt. Check that this function runs as that role and was granted with the orchestrator's grantWorker."
      );
    case 'InvalidCiphertextException':
      return `KMS could not decrypt the member credentials${said}: the ciphertext or its encryption context was altered after the credentials function issued them.`;
    case 'IncorrectKeyException':
      return `The member credentials were not encrypted with the key the event names${said}.`;
    default:
      return `KMS refused to decrypt the member credentials${said}.`;
  }
}

function parseSession(plaintext: Uint8Array): WorkerCredentials {
  let session: Record<string, unknown>;
  try {
    session = JSON.parse(Buffer.from(plaintext).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new InvalidWorkerEventError('Credentials.Ciphertext: does not hold a JSON session');
  }
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = session;
  const expiration = typeof Expiration === 'string' ? new Date(Expiration) : new Date(NaN);
  if (
    typeof AccessKeyId !== 'string' ||
    typeof SecretAccessKey !== 'string' ||
    typeof SessionToken !== 'string' ||
    Number.isNaN(expiration.getTime())
  ) {
    throw new InvalidWorkerEventError(
      'Credentials.Ciphertext: the session lacks AccessKeyId, SecretAccessKey, SessionToken or a valid Expiration',
    );
  }
  return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken, expiration };
}

/**
 * Decrypts the member session with exactly the context it was issued with (KMS checks
 * it, and the key policy checks that this role is its recipient). A refusal is the
 * target's outcome; throttling and KMS faults are thrown, to be retried.
 */
export async function decryptCredentials(kms: KMSClient, encrypted: EncryptedCredentials): Promise<DecryptResult> {
  let plaintext: Uint8Array | undefined;
  try {
    const answer = await kms.send(
      new DecryptCommand({
        CiphertextBlob: Buffer.from(encrypted.Ciphertext, 'base64'),
        EncryptionContext: encrypted.EncryptionContext,
        // Naming the key means a ciphertext made under any other key is refused.
        KeyId: encrypted.KeyId,
      }),
    );
    plaintext = answer.Plaintext;
  } catch (err) {
    const { name, message, $fault } = err as { name: string; message: string; $fault?: string };
    if ($fault !== 'client' || THROTTLING.has(name)) throw err;
    return { ok: false, error: name, cause: refusalCause(name, message) };
  }
  if (!plaintext) throw new Error('KMS Decrypt answered without a plaintext');
  try {
    return { ok: true, credentials: parseSession(plaintext) };
  } finally {
    plaintext.fill(0);
  }
}
