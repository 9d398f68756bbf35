import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/** One file of an archive: its path inside it (with `/`), its bytes and its Unix mode. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  /** Unix permission bits, kept so executables stay executable once unpacked. @default 0o644 */
  readonly mode?: number;
}

/** Why an archive could not be written; the message names the limit. */
export class ZipLimitError extends Error {
  public override readonly name = 'ZipLimitError';
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;
/** Names are UTF-8 (general purpose bit 11). */
const UTF8_NAMES = 0x0800;
/** 2.0: the version that reads stored and deflated entries. */
const VERSION_NEEDED = 20;
/** Made by Unix (3), so readers take the high half of the external attributes as the file mode. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
/** 1980-01-01 00:00 in DOS format: a fixed time, so the same files always give the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UINT32_MAX = 0xffffffff;
const UINT16_MAX = 0xffff;
const S_IFREG = 0o100000;

/**
 * A zip archive of these entries, as `zip` writes one: each entry deflated when that makes it
 * smaller, else stored, with its CRC-32. No ZIP64: archives past 4 GiB or 65,535 entries are
 * refused rather than written unreadable.
 */
export function zipEntries(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > UINT16_MAX) throw new ZipLimitError(`${entries.length} files are more than the ${UINT16_MAX} a zip without ZIP64 holds`);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = deflateRawSync(entry.data);
    const method = deflated.length < entry.data.length ? DEFLATED : STORED;
    const body = method === DEFLATED ? deflated : entry.data;
    const crc = crc32(entry.data);
    if (offset + 30 + name.length + body.length > UINT32_MAX) throw new ZipLimitError('the archive would pass 4 GiB, more than a zip without ZIP64 holds');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    writeEntryFields(local, 4, { method, crc, compressedSize: body.length, size: entry.data.length, nameLength: name.length });
    // Extra field length (28) stays zero.
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(VERSION_MADE_BY, 4);
    writeEntryFields(header, 6, { method, crc, compressedSize: body.length, size: entry.data.length, nameLength: name.length });
    // Extra field, comment, disk number and internal attributes (30 to 37) stay zero.
    header.writeUInt32LE(((S_IFREG | ((entry.mode ?? 0o644) & 0o7777)) << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  if (offset + directory.length > UINT32_MAX) throw new ZipLimitError('the archive would pass 4 GiB, more than a zip without ZIP64 holds');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/**
 * Every file under `dir` (symbolic links followed, as cdk-assets packages a directory), named
 * relative to it with `/` and in sorted order, so the same folder always zips to the same bytes.
 */
export async function filesUnder(dir: string): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    const names = (await fs.readdir(folder)).sort();
    for (const name of names) {
      const full = path.join(folder, name);
      const stat = await fs.stat(full);
      if (stat.isDirectory()) await walk(full, `${prefix}${name}/`);
      else if (stat.isFile()) entries.push({ name: `${prefix}${name}`, data: await fs.readFile(full), mode: stat.mode & 0o7777 });
    }
  };
  await walk(dir, '');
  return entries;
}

/** A zip archive of a directory's files, as cdk-assets uploads a `zip` asset. */
export async function zipDirectory(dir: string): Promise<Buffer> {
  return zipEntries(await filesUnder(dir));
}

interface EntryFields {
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly nameLength: number;
}

/** The run of fields a local header and a central directory header share, from "version needed" to the name's length. */
function writeEntryFields(buffer: Buffer, at: number, fields: EntryFields): void {
  buffer.writeUInt16LE(VERSION_NEEDED, at);
  buffer.writeUInt16LE(UTF8_NAMES, at + 2);
  buffer.writeUInt16LE(fields.method, at + 4);
  buffer.writeUInt16LE(DOS_TIME, at + 6);
  buffer.writeUInt16LE(DOS_DATE, at + 8);
  buffer.writeUInt32LE(fields.crc, at + 10);
  buffer.writeUInt32LE(fields.compressedSize, at + 14);
  buffer.writeUInt32LE(fields.size, at + 18);
  buffer.writeUInt16LE(fields.nameLength, at + 22);
}
