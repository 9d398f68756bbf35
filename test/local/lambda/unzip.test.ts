import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BadZipError, unzipTo } from '../../../local/lambda/unzip';
import { zipOf } from './zip';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function target(): string {
  dir = mkdtempSync(path.join(tmpdir(), 'se-unzip-'));
  return path.join(dir, 'code');
}

describe('unzip', () => {
  it('unpacks deflated files, including nested folders', async () => {
    // Prepare
    const into = target();

    // Act
    await unzipTo(zipOf({ 'index.js': 'exports.handler = 1;', 'lib/util.js': 'module.exports = 2;' }), into);

    // Assess
    expect(readFileSync(path.join(into, 'index.js'), 'utf8')).toBe('exports.handler = 1;');
    expect(readFileSync(path.join(into, 'lib/util.js'), 'utf8')).toBe('module.exports = 2;');
  });

  it('refuses an entry that would land outside the folder', async () => {
    // Prepare
    const into = target();

    // Act
    const refused = await unzipTo(zipOf({ '../escape.js': 'x' }), into).catch((error: Error) => error);

    // Assess
    expect(refused).toBeInstanceOf(BadZipError);
    expect((refused as Error).message).toBe('entry "../escape.js" would be written outside the package folder');
  });

  it('refuses bytes that are not a zip, saying what to send', async () => {
    // Prepare
    const into = target();

    // Act
    const refused = await unzipTo(Buffer.from('exports.handler = 1;'.repeat(3)), into).catch((error: Error) => error);

    // Assess
    expect(refused).toBeInstanceOf(BadZipError);
    expect((refused as Error).message).toMatch(/not a zip file: send the base64 of a \.zip/);
  });
});
