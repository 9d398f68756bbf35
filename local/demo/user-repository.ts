import * as fs from 'fs';
import * as path from 'path';
import { git } from '../pipeline/git';

/** This project's root: the example repository is made of its files. */
const PROJECT_ROOT = path.join(__dirname, '..', '..');

/**
 * What a platform team's repository holds: the app (which the pipeline's synth step rebuilds),
 * the deployment files and templates, the buildspec, and the repository's own tests
 * (`test/repository/`). Not this project's test suite, benchmarks or CI scripts: a push then
 * builds in about a minute instead of running every test of the product.
 */
export const REPOSITORY_PATHS: readonly string[] = [
  '.gitignore',
  'LICENSE',
  'README.md',
  'bin',
  'buildspec.yml',
  'cdk.json',
  'cli',
  'deployments',
  'local',
  'member-role',
  'orchestrator',
  'package-lock.json',
  'package.json',
  'pipeline',
  'templates',
  path.join('test', 'repository'),
  'tsconfig.json',
  'vitest.config.ts',
  'worker-templates',
];

/** The identity of the demo's commits, kept in the repository's own config. */
const AUTHOR = { name: 'Platform team', email: 'platform@example.com' };

export interface UserRepository {
  /** The work tree to edit, commit in and push from. */
  readonly workTree: string;
  /** True when this call made it; false when it existed (and is left as the user left it). */
  readonly created: boolean;
}

/**
 * A git work tree holding the example repository, with one commit on `main`. An existing work
 * tree is kept: it holds the user's own commits.
 */
export async function createUserRepository(workTree: string, projectRoot = PROJECT_ROOT): Promise<UserRepository> {
  if (fs.existsSync(path.join(workTree, '.git'))) return { workTree, created: false };
  // Checked before anything is written: a missing part leaves no half-made work tree behind.
  const missing = REPOSITORY_PATHS.map((entry) => path.join(projectRoot, entry)).find((from) => !fs.existsSync(from));
  if (missing) throw new Error(`${missing}: missing from this checkout; the example repository is made of it — restore it with git`);
  fs.mkdirSync(workTree, { recursive: true });
  for (const entry of REPOSITORY_PATHS) {
    fs.cpSync(path.join(projectRoot, entry), path.join(workTree, entry), { recursive: true, filter: (source) => !/(^|[/\\])(node_modules|cdk\.out|\.step-everywhere)([/\\]|$)/.test(path.relative(projectRoot, source)) });
  }
  await git(['init', '--quiet', '--initial-branch=main'], { cwd: workTree });
  await git(['config', 'user.name', AUTHOR.name], { cwd: workTree });
  await git(['config', 'user.email', AUTHOR.email], { cwd: workTree });
  await commitAll(workTree, 'The example repository: the step-everywhere app, two deployments and a template');
  return { workTree, created: true };
}

/**
 * The work tree as a clone of the team's repository, for when the repository already holds
 * their commits but this machine has no work tree (a fresh checkout, or one deleted).
 */
export async function cloneUserRepository(cloneUrl: string, workTree: string): Promise<UserRepository> {
  if (fs.existsSync(path.join(workTree, '.git'))) return { workTree, created: false };
  fs.mkdirSync(path.dirname(workTree), { recursive: true });
  await git(['clone', '--quiet', '--branch', 'main', cloneUrl, workTree]);
  await git(['config', 'user.name', AUTHOR.name], { cwd: workTree });
  await git(['config', 'user.email', AUTHOR.email], { cwd: workTree });
  return { workTree, created: true };
}

/** Whether the work tree holds changes (or new files) not committed yet. */
export async function hasUncommittedChanges(workTree: string): Promise<boolean> {
  return (await git(['status', '--porcelain'], { cwd: workTree })).toString('utf8').trim() !== '';
}

/** Commits everything in the work tree; answers false when there was nothing to commit. */
export async function commitAll(workTree: string, message: string): Promise<boolean> {
  await git(['add', '--all'], { cwd: workTree });
  if (!(await hasUncommittedChanges(workTree))) return false;
  await git(['commit', '--quiet', '--message', message], { cwd: workTree });
  return true;
}
