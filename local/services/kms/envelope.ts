import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AwsError } from '../../protocols/aws-error';

/**
 * The ciphertext blob: it names its key (so Decrypt needs no KeyId) and seals the plaintext with
 * AES-256-GCM under that key's material, the canonical encryption context as additional data. A
 * changed context, key or byte fails authentication, as in KMS.
 *
 * Layout: "SE" | version 1 | u16 ARN length | key ARN | 12-byte IV | 16-byte tag | ciphertext.
 */
const MAGIC = Buffer.from('SE', 'latin1');
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type EncryptionContext = Readonly<Record<string, string>>;

/** The same context however its keys were ordered by the caller. */
export function canonicalContext(context: EncryptionContext): Buffer {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

export function seal(keyArn: string, material: Buffer, plaintext: Buffer, context: EncryptionContext): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([Buffer.from(keyArn, 'utf8'), canonicalContext(context)]));
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const arn = Buffer.from(keyArn, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(arn.length);
  return Buffer.concat([MAGIC, Buffer.from([VERSION]), length, arn, iv, cipher.getAuthTag(), sealed]);
}

export interface ParsedBlob {
  readonly keyArn: string;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly sealed: Buffer;
}

/** Reads the key ARN out of a blob; anything that is not one of our blobs is InvalidCiphertextException. */
export function parseBlob(blob: Buffer): ParsedBlob {
  const header = MAGIC.length + 1 + 2;
  if (blob.length < header || !blob.subarray(0, MAGIC.length).equals(MAGIC) || blob[MAGIC.length] !== VERSION) throw invalidCiphertext();
  const arnLength = blob.readUInt16BE(MAGIC.length + 1);
  const ivAt = header + arnLength;
  if (blob.length < ivAt + IV_BYTES + TAG_BYTES) throw invalidCiphertext();
  return {
    keyArn: blob.subarray(header, ivAt).toString('utf8'),
    iv: blob.subarray(ivAt, ivAt + IV_BYTES),
    tag: blob.subarray(ivAt + IV_BYTES, ivAt + IV_BYTES + TAG_BYTES),
    sealed: blob.subarray(ivAt + IV_BYTES + TAG_BYTES),
  };
}

export function open(parsed: ParsedBlob, material: Buffer, context: EncryptionContext): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, parsed.iv);
    decipher.setAAD(Buffer.concat([Buffer.from(parsed.keyArn, 'utf8'), canonicalContext(context)]));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.sealed), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}

export function newKeyMaterial(): Buffer {
  return randomBytes(32);
}

function invalidCiphertext(): AwsError {
  // KMS says no more than this, by design: it does not reveal whether the context or the bytes were wrong.
  return new AwsError('InvalidCiphertextException', 'The ciphertext is invalid, or the encryption context does not match the one it was encrypted with.', 400);
}
