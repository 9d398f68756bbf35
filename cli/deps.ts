import { readFileSync, writeFileSync } from 'fs';
import { clientsFromEnvironment, type CliClients } from './client-config';
import type { OutputStream } from './output';

/** Everything a command touches outside itself, so tests can replace each part. */
export interface CliDeps {
  /** Made on first use, after the command line is parsed. */
  readonly clients: () => CliClients;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly readFile: (path: string) => string;
  readonly writeFile: (path: string, text: string) => void;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export function processDeps(): CliDeps {
  let clients: CliClients | undefined;
  return {
    clients: () => (clients ??= clientsFromEnvironment(process.env)),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    readFile: (path) => readFileSync(path, 'utf8'),
    writeFile: (path, text) => writeFileSync(path, text, 'utf8'),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
