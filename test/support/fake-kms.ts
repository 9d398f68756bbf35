import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';

/**
 * Real authenticated encryption behind the KMS mock: the encryption context is the
 * additional authenticated data, so a changed context fails as KMS fails, and a test can
 * assert that no plaintext secret reaches the execution's data.
 */
export class FakeKeyring {
  private readonly material = randomBytes(32);

  public encrypt(plaintext: Uint8Array, context: Record<string, string> = {}): Uint8Array {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.material, iv);
    cipher.setAAD(Buffer.from(canonical(context)));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Throws an error named InvalidCiphertextException when the context differs. */
  public decrypt(blob: Uint8Array, context: Record<string, string> = {}): Uint8Array {
    const data = Buffer.from(blob);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.material, data.subarray(0, 12));
      decipher.setAAD(Buffer.from(canonical(context)));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]);
    } catch {
      const error = new Error('The ciphertext or its encryption context is not valid for this key');
      error.name = 'InvalidCiphertextException';
      throw error;
    }
  }
}

function canonical(context: Record<string, string>): string {
  return JSON.stringify(Object.keys(context).sort().map((k) => [k, context[k]]));
}
