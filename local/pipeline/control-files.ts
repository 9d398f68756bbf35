import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Files under the state folder through which processes the local cloud did not start (git hooks)
 * find and authenticate to the running cloud's pipeline control endpoint.
 */
export function pipelineDir(stateDir: string): string {
  return path.join(stateDir, 'pipeline');
}

/** Where the running cloud writes its control endpoint's URL; absent while no cloud runs. */
export function controlFile(stateDir: string): string {
  return path.join(pipelineDir(stateDir), 'control.json');
}

/**
 * The state folder's shared secret: hooks present it to be believed. Created once, readable by
 * the owner only; anything else on the machine that can read the state folder could push anyway.
 */
export async function stateSecret(stateDir: string): Promise<string> {
  const file = path.join(pipelineDir(stateDir), 'secret');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    await fs.mkdir(pipelineDir(stateDir), { recursive: true });
    const secret = randomBytes(32).toString('hex');
    try {
      await fs.writeFile(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another writer won the race: its secret is the one.
      return (await fs.readFile(file, 'utf8')).trim();
    }
  }
}

/** The tools' folder: `cdk`, `cdk-assets`, `npm` shims and the forwarder they run. */
export const BIN_DIR = path.join(__dirname, 'bin');

/** The post-receive hook of a repository: tells the running cloud what was pushed. */
export function postReceiveHook(stateDir: string, secret: string, repositoryKey: string): string {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    '# Tells the running local cloud about this push, so the pipelines its rules target start.',
    `LOCAL_CLOUD_STATE_DIR=${quote(stateDir)} LOCAL_CLOUD_SECRET=${quote(secret)} LOCAL_CLOUD_REPOSITORY=${quote(repositoryKey)} exec node ${quote(path.join(BIN_DIR, 'forward.js'))} push`,
    '',
  ].join('\n');
}
