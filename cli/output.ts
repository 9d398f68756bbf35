/** Where the CLI writes; `isTTY` decides between a line refreshed in place and plain log lines. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Shows progress lines; `finish` leaves the last one on screen and ends it. */
export interface ProgressDisplay {
  update(line: string): void;
  finish(): void;
}

/** Rewrites one line in place: `\r`, the line cut to the terminal width, then clear to its end. */
export function ttyProgress(stream: OutputStream): ProgressDisplay {
  let shown = false;
  return {
    update(line) {
      const width = stream.columns && stream.columns > 10 ? stream.columns - 1 : undefined;
      stream.write(`\r${width ? line.slice(0, width) : line}\x1b[K`);
      shown = true;
    },
    finish() {
      if (shown) stream.write('\n');
      shown = false;
    },
  };
}

/**
 * For CI logs: a plain line at most every `everyMs`, and the last line at the end, so a
 * long run leaves a readable trail instead of control characters.
 */
export function plainProgress(stream: OutputStream, everyMs: number, now: () => number): ProgressDisplay {
  let lastAt: number | undefined;
  let pending: string | undefined;
  return {
    update(line) {
      const at = now();
      if (lastAt === undefined || at - lastAt >= everyMs) {
        stream.write(`${line}\n`);
        lastAt = at;
        pending = undefined;
      } else {
        pending = line;
      }
    },
    finish() {
      if (pending !== undefined) stream.write(`${pending}\n`);
      pending = undefined;
    },
  };
}
