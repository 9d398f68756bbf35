import { describe, expect, it } from 'vitest';
import { plainProgress, ttyProgress } from '../../cli/output';
import { Captured } from './support';

describe('ttyProgress', () => {
  it('rewrites one line in place and ends it on finish', () => {
    // Prepare
    const stream = new Captured(true);
    const display = ttyProgress(stream);

    // Act
    display.update('one');
    display.update('two');
    display.finish();

    // Assess
    expect(stream.text).toBe('\rone\x1b[K\rtwo\x1b[K\n');
  });

  it('cuts the line to the terminal width', () => {
    // Prepare
    const stream = Object.assign(new Captured(true), { columns: 12 });
    const display = ttyProgress(stream);

    // Act
    display.update('0123456789abcdef');

    // Assess
    expect(stream.text).toBe('\r0123456789a\x1b[K');
  });
});

describe('plainProgress', () => {
  it('prints at most one line per period and the last line at the end', () => {
    // Prepare
    const stream = new Captured(false);
    let now = 0;
    const display = plainProgress(stream, 10_000, () => now);

    // Act
    for (const [at, line] of [[0, 'a'], [4_000, 'b'], [10_000, 'c'], [12_000, 'd']] as const) {
      now = at;
      display.update(line);
    }
    display.finish();

    // Assess
    expect(stream.text).toBe('a\nc\nd\n');
    expect(stream.text).not.toContain('\r');
  });
});
