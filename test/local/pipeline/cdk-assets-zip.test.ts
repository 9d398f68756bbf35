import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zipDirectory, zipEntries } from '../../../local/pipeline/zip';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'se-zip-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The compression method of each entry, read from the central directory. */
function methodsOf(zip: Buffer): Record<string, number> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  const methods: Record<string, number> = {};
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    methods[zip.subarray(at + 46, at + 46 + nameLength).toString('utf8')] = zip.readUInt16LE(at + 10);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return methods;
}

describe('the asset zip writer', () => {
  it('writes an archive unzip tests clean, deflating what shrinks and storing what does not', () => {
    // Prepare
    const file = path.join(dir, 'a.zip');

    // Act
    const zip = zipEntries([
      { name: 'text.txt', data: Buffer.from('compressible '.repeat(200)) },
      { name: 'random.bin', data: randomBytes(4096) },
      { name: 'empty', data: Buffer.alloc(0) },
    ]);
    writeFileSync(file, zip);

    // Assess
    expect(execFileSync('unzip', ['-t', file]).toString('utf8')).toContain('No errors detected');
    expect(methodsOf(zip)).toEqual({ 'text.txt': 8, 'random.bin': 0, empty: 0 });
  });

  it('zips the same directory to the same bytes every time', async () => {
    // Prepare
    mkdirSync(path.join(dir, 'src', 'nested'), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'b.js'), 'b');
    writeFileSync(path.join(dir, 'src', 'nested', 'a.js'), 'a');

    // Act
    const first = await zipDirectory(path.join(dir, 'src'));
    const second = await zipDirectory(path.join(dir, 'src'));

    // Assess
    expect(first.equals(second)).toBe(true);
    expect(Object.keys(methodsOf(first))).toEqual(['b.js', 'nested/a.js']);
  });

  it('keeps the executable bit of a file, so a packaged script still runs once unzipped', async () => {
    // Prepare
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'run.sh'), '#!/bin/sh\necho ok\n');
    chmodSync(path.join(dir, 'src', 'run.sh'), 0o755);
    const file = path.join(dir, 'b.zip');
    writeFileSync(file, await zipDirectory(path.join(dir, 'src')));

    // Act
    execFileSync('unzip', ['-q', file, '-d', path.join(dir, 'out')]);

    // Assess
    expect(statSync(path.join(dir, 'out', 'run.sh')).mode & 0o777).toBe(0o755);
  });
});
