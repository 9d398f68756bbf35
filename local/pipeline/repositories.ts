import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AwsError } from '../protocols/aws-error';
import type { CloudContext } from '../services/service';
import { postReceiveHook, stateSecret } from './control-files';
import { git, initBareRepository } from './git';
import { recordKey, repositoriesOf, repositoryArnOf, type RepositoryRecord } from './records';

/**
 * CodeCommit repositories as the local cloud keeps them, whoever creates them: a CloudFormation
 * stack (AWS::CodeCommit::Repository) or the CodeCommit API. Authorization is the caller's
 * business; these functions only keep the record and the bare repository consistent.
 */

/** What the API shows beyond what the pipeline runner reads; absent on records kept before. */
export interface RepositoryDetails extends RepositoryRecord {
  readonly description?: string;
  readonly creationDate?: string;
  readonly lastModifiedDate?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface CreateRepositoryInput {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

const NAME = /^[\w.-]{1,100}$/;

/** CodeCommit's rule for repository names: 1 to 100 of `[\w.-]`, and no `.git` suffix. */
export function isValidRepositoryName(name: string): boolean {
  return NAME.test(name) && !name.endsWith('.git');
}

export const REPOSITORY_NAME_RULE = "1 to 100 letters, digits, '.', '_' or '-', not ending in .git";

/** Where the bare repository of a name lives under the state folder. */
export function repositoryDirOf(stateDir: string, accountId: string, region: string, name: string): string {
  return path.join(stateDir, 'codecommit', accountId, region, `${name}.git`);
}

export function findRepository(cloud: CloudContext, accountId: string, region: string, name: string): Promise<RepositoryDetails | undefined> {
  return repositoriesOf(cloud.store).get(recordKey(accountId, region, name));
}

/** Every repository of one account and region. */
export async function repositoriesIn(cloud: CloudContext, accountId: string, region: string): Promise<RepositoryDetails[]> {
  const prefix = `${accountId}/${region}/`;
  return (await repositoriesOf(cloud.store).entries()).filter(([key]) => key.startsWith(prefix)).map(([, record]) => record);
}

/**
 * Claims the name, then makes the bare repository with the post-receive hook that tells the
 * running cloud about pushes. A name taken in the account and region is refused with
 * RepositoryNameExistsException; if the repository cannot be made, the name is released again.
 */
export async function createRepository(cloud: CloudContext, input: CreateRepositoryInput): Promise<RepositoryDetails> {
  const { accountId, region, name } = input;
  if (!isValidRepositoryName(name)) {
    throw new AwsError('InvalidRepositoryNameException', `repositoryName "${name}" is not valid: use ${REPOSITORY_NAME_RULE}.`, 400);
  }
  const stateDir = cloud.store.dir;
  const dir = repositoryDirOf(stateDir, accountId, region, name);
  const key = recordKey(accountId, region, name);
  const now = cloud.now().toISOString();
  const repository: RepositoryDetails = {
    name,
    arn: repositoryArnOf(accountId, region, name),
    repositoryId: randomUUID(),
    accountId,
    region,
    path: dir,
    cloneUrl: pathToFileURL(dir).href,
    creationDate: now,
    lastModifiedDate: now,
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.tags === undefined ? {} : { tags: input.tags }),
  };
  let clash = false;
  await repositoriesOf(cloud.store).update(key, (current) => {
    clash = current !== undefined;
    return current ?? repository;
  });
  if (clash) throw new AwsError('RepositoryNameExistsException', `Repository named ${name} already exists: choose another repositoryName.`, 400);
  try {
    await initBareRepository(dir);
    await fs.writeFile(path.join(dir, 'hooks', 'post-receive'), postReceiveHook(stateDir, await stateSecret(stateDir), key), { mode: 0o700 });
  } catch (error) {
    await repositoriesOf(cloud.store).delete(key);
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
  return repository;
}

/** Removes the record and the bare repository; answers what was removed, undefined when nothing was there. */
export async function deleteRepository(cloud: CloudContext, key: string): Promise<RepositoryDetails | undefined> {
  let removed: RepositoryDetails | undefined;
  await repositoriesOf(cloud.store).update(key, (current) => {
    removed = current;
    return undefined;
  });
  if (removed) await fs.rm(removed.path, { recursive: true, force: true });
  return removed;
}

/**
 * The branch CodeCommit reports as default: HEAD's branch once it has a commit, else the branch
 * with the oldest tip (CodeCommit makes the first branch pushed the default); none while empty.
 */
export async function defaultBranchOf(repository: RepositoryRecord): Promise<string | undefined> {
  const branches = (await git(['for-each-ref', '--sort=creatordate', '--format=%(refname:short)', 'refs/heads'], { cwd: repository.path }).catch(() => Buffer.alloc(0)))
    .toString('utf8')
    .split('\n')
    .filter(Boolean);
  if (branches.length === 0) return undefined;
  const head = (await git(['symbolic-ref', '--short', 'HEAD'], { cwd: repository.path }).catch(() => Buffer.alloc(0))).toString('utf8').trim();
  return branches.includes(head) ? head : branches[0];
}
