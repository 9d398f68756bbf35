import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';

/** Runs git with no inherited repository variables, so a hook's environment cannot redirect it. */
export function git(args: readonly string[], options: { cwd?: string; input?: Buffer } = {}): Promise<Buffer> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, env: { ...env, GIT_TERMINAL_PROMPT: '0' }, stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`git ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    if (options.input && child.stdin) {
      // git may exit before reading all its input; its exit status tells what happened.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

export async function initBareRepository(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await git(['init', '--bare', '--quiet', '--initial-branch=main', dir]);
}

/** The commit a branch points at, or undefined when the branch does not exist (yet). */
export async function branchHead(repositoryPath: string, branch: string): Promise<string | undefined> {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], { cwd: repositoryPath })).toString('utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The first line of a commit's message, as CodePipeline shows it as the revision summary. */
export async function commitSubject(repositoryPath: string, commit: string): Promise<string> {
  return (await git(['log', '-1', '--format=%s', commit], { cwd: repositoryPath })).toString('utf8').trim();
}

/** A clean copy of a commit's tree (no .git, nothing untracked), as the CodeCommit source action outputs. */
export async function exportCommit(repositoryPath: string, commit: string, destination: string): Promise<void> {
  await fs.mkdir(destination, { recursive: true });
  const archive = await git(['archive', '--format=tar', commit], { cwd: repositoryPath });
  await new Promise<void>((resolve, reject) => {
    const tar = spawn('tar', ['-x', '-C', destination], { stdio: ['pipe', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    tar.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited ${code}: ${Buffer.concat(err).toString('utf8').trim()}`))));
    tar.stdin.end(archive);
  });
}
