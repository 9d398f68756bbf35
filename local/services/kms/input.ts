import { AwsError } from '../../protocols/aws-error';
import type { EncryptionContext } from './envelope';

/** Readers for KMS's JSON input: each bad value gets ValidationException naming the field and the fix. */

export function blobIn(input: Record<string, unknown>, field: string, maxBytes: number): Buffer {
  const value = input[field];
  if (typeof value !== 'string' || value === '') throw invalid(`${field} is required: send the bytes base64-encoded.`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw invalid(`${field} is not base64: send the bytes base64-encoded.`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0 || bytes.length > maxBytes) throw invalid(`${field} must be 1 to ${maxBytes} bytes, not ${bytes.length}.`);
  return bytes;
}

export function contextIn(input: Record<string, unknown>): EncryptionContext {
  const value = input.EncryptionContext;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((member) => typeof member !== 'string')) {
    throw invalid('EncryptionContext must be a map of string keys to string values.');
  }
  return value as EncryptionContext;
}

export function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be a string.`);
  return value;
}

export function algorithmIn(input: Record<string, unknown>): void {
  const algorithm = optionalString(input, 'EncryptionAlgorithm');
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT') {
    throw invalid(`EncryptionAlgorithm ${algorithm} is not supported by a symmetric key: use SYMMETRIC_DEFAULT or leave it out.`);
  }
}

/** GenerateDataKey takes exactly one of KeySpec and NumberOfBytes. */
export function dataKeyBytesIn(input: Record<string, unknown>): number {
  const spec = input.KeySpec;
  const count = input.NumberOfBytes;
  if ((spec === undefined) === (count === undefined)) throw invalid('Give exactly one of KeySpec (AES_256 or AES_128) and NumberOfBytes (1 to 1024).');
  if (spec !== undefined) {
    if (spec === 'AES_256') return 32;
    if (spec === 'AES_128') return 16;
    throw invalid(`KeySpec ${JSON.stringify(spec)} is not one of AES_256, AES_128.`);
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1024) {
    throw invalid(`NumberOfBytes ${JSON.stringify(count)} must be a whole number from 1 to 1024.`);
  }
  return count;
}

export function invalid(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}
