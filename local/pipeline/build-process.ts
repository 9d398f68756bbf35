import { spawn } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PHASES, type BuildSpec, type Phase } from './buildspec';

export interface PhaseRun {
  readonly phase: Phase;
  readonly exitCode: number;
}

export interface BuildRun {
  readonly phases: readonly PhaseRun[];
  /** The first phase that failed, if any. */
  readonly failed?: PhaseRun;
  readonly timedOut: boolean;
}

/**
 * Runs a buildspec's phases as CodeBuild does: each phase's commands in `bash -e`, in the source
 * directory, output appended to the log file. A failed install or pre_build ends the build; a
 * failed build still runs post_build. The whole process group is killed on abort or timeout.
 */
export async function runPhases(spec: BuildSpec, options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number; signal: AbortSignal; onLine?: (line: string) => void }): Promise<BuildRun> {
  await fs.mkdir(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const deadline = Date.now() + options.timeoutMs;
  const runs: PhaseRun[] = [];
  let failed: PhaseRun | undefined;
  let timedOut = false;
  try {
    for (const phase of PHASES) {
      const commands = spec.phases[phase];
      if (!commands || commands.length === 0) continue;
      if (failed && phase !== 'post_build') break;
      if (failed && failed.phase !== 'build') break;
      log.write(`[Container] Entering phase ${phase.toUpperCase()}\n`);
      const script = commands.map((command) => `echo '[Container] Running command' ${quote(command)}\n${command}`).join('\n');
      const remaining = deadline - Date.now();
      const exitCode = remaining <= 0 ? 124 : await runScript(script, { ...options, timeoutMs: remaining, log });
      if (exitCode === 124 && Date.now() >= deadline) timedOut = true;
      const run = { phase, exitCode };
      runs.push(run);
      log.write(`[Container] Phase complete: ${phase.toUpperCase()} State: ${exitCode === 0 ? 'SUCCEEDED' : 'FAILED'}\n`);
      if (exitCode !== 0 && !failed) failed = run;
      if (timedOut || options.signal.aborted) break;
    }
  } finally {
    await new Promise<void>((resolve) => log.end(resolve));
  }
  return { phases: runs, ...(failed ? { failed } : {}), timedOut };
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function runScript(script: string, options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal: AbortSignal; log: NodeJS.WritableStream; onLine?: (line: string) => void }): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    let killedForTime = false;
    const timer = setTimeout(() => {
      killedForTime = true;
      kill();
    }, options.timeoutMs);
    options.signal.addEventListener('abort', kill, { once: true });
    let pending = '';
    const forward = (chunk: Buffer) => {
      options.log.write(chunk);
      if (!options.onLine) return;
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (error) => {
      options.log.write(`${error.message}\n`);
      clearTimeout(timer);
      resolve(127);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', kill);
      resolve(killedForTime ? 124 : (code ?? 1));
    });
  });
}
