import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** Why a deployment package could not be unpacked; the message names the problem and the fix. */
export class BadZipError extends Error {
  public override readonly name = 'BadZipError';
}

/** Lambda's limit on an unzipped deployment package. */
export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

/**
 * Unpacks a deployment package (a zip of stored or deflated files, as `zip` and CDK produce)
 * into `directory`. Entries that would land outside it are refused, as is anything encrypted,
 * split, or larger than Lambda allows unzipped.
 */
export async function unzipTo(zip: Buffer, directory: string): Promise<void> {
  const entries = centralDirectory(zip);
  let total = 0;
  for (const entry of entries) {
    total += entry.size;
    if (total > MAX_UNZIPPED_BYTES) throw new BadZipError(`the package unzips to more than ${MAX_UNZIPPED_BYTES} bytes, Lambda's limit`);
    const target = path.resolve(directory, entry.name);
    if (target !== directory && !target.startsWith(directory + path.sep)) {
      throw new BadZipError(`entry "${entry.name}" would be written outside the package folder`);
    }
    if (entry.name.endsWith('/')) {
      await fs.mkdir(target, { recursive: true });
      continue;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, contentOf(zip, entry));
  }
}

function centralDirectory(zip: Buffer): Entry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50) throw new BadZipError('the central directory is damaged: zip the code again');
    const flags = zip.readUInt16LE(offset + 8);
    if (flags & 0x1) throw new BadZipError('encrypted entries cannot be run: zip the code without a password');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      localHeaderOffset: zip.readUInt32LE(offset + 42),
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) {
    if (zip.readUInt32LE(at) === 0x06054b50) return at;
  }
  throw new BadZipError('the package is not a zip file: send the base64 of a .zip holding the handler file');
}

function contentOf(zip: Buffer, entry: Entry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) throw new BadZipError(`entry "${entry.name}" is damaged: zip the code again`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(raw);
  if (entry.method === 8) return inflateRawSync(raw);
  throw new BadZipError(`entry "${entry.name}" uses compression method ${entry.method}: only stored and deflated entries are supported`);
}
