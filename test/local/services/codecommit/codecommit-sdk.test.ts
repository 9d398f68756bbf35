import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeCommitClient,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  GetBranchCommand,
  GetRepositoryCommand,
  ListRepositoriesCommand,
  paginateListRepositories,
} from '@aws-sdk/client-codecommit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATOR, startLocalCloud, type LocalCloud, type StaticUser } from '../../../../local/server';
import { createCodeCommitService } from '../../../../local/services/codecommit/codecommit-service';

const ACCOUNT = DEFAULT_OPERATOR.accountId;
const REGION = 'eu-west-1';
/** A user of the hub account with no permissions at all. */
const NOBODY: StaticUser = { accessKeyId: 'AKIANOBODYCODECOMMIT', secretAccessKey: 'nobody-secret-access-key', accountId: ACCOUNT, userName: 'nobody', policies: [] };

let local: LocalCloud;
let dir: string;

function client(user: StaticUser = DEFAULT_OPERATOR, region = REGION): CodeCommitClient {
  return new CodeCommitClient({ endpoint: local.endpoint, region, credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }, maxAttempts: 1 });
}

async function failureOf(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call succeeded, but it was expected to fail');
}

/** A commit on main in a fresh work tree, pushed with plain git; answers the commit id. */
function pushCommit(cloneUrl: string): string {
  const workTree = mkdtempSync(path.join(tmpdir(), 'se-codecommit-work-'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workTree, env, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8').trim();
  try {
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(workTree, 'README.md'), 'hello\n');
    git('add', 'README.md');
    git('commit', '-q', '-m', 'first');
    git('push', '-q', cloneUrl, 'HEAD:main');
    return git('rev-parse', 'HEAD');
  } finally {
    rmSync(workTree, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'se-codecommit-'));
  local = await startLocalCloud({ port: 0, stateDir: dir, users: [NOBODY], services: [createCodeCommitService({ pageSize: 2 })], log: () => undefined });
});

afterAll(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CodeCommit over HTTP with the SDK', () => {
  it('creates a repository and GetRepository answers its metadata with a file:// clone URL', async () => {
    // Prepare
    const codecommit = client();

    // Act
    const created = await codecommit.send(new CreateRepositoryCommand({ repositoryName: 'platform', repositoryDescription: 'the platform team repository' }));
    const read = await codecommit.send(new GetRepositoryCommand({ repositoryName: 'platform' }));

    // Assess
    const metadata = read.repositoryMetadata;
    expect(metadata).toMatchObject({
      accountId: ACCOUNT,
      repositoryId: created.repositoryMetadata?.repositoryId,
      repositoryName: 'platform',
      repositoryDescription: 'the platform team repository',
      Arn: `arn:aws:codecommit:${REGION}:${ACCOUNT}:platform`,
    });
    expect(metadata?.defaultBranch).toBeUndefined();
    expect(metadata?.creationDate).toBeInstanceOf(Date);
    expect(metadata?.lastModifiedDate).toBeInstanceOf(Date);
    expect(metadata?.cloneUrlSsh).toBe(metadata?.cloneUrlHttp);
    expect(existsSync(path.join(fileURLToPath(metadata?.cloneUrlHttp ?? ''), 'HEAD'))).toBe(true);
  });

  it('answers the commit id of a branch pushed with plain git, and makes it the default branch', async () => {
    // Prepare
    const codecommit = client();
    const created = await codecommit.send(new CreateRepositoryCommand({ repositoryName: 'pushed' }));
    const commit = pushCommit(created.repositoryMetadata?.cloneUrlHttp ?? '');

    // Act
    const branch = await codecommit.send(new GetBranchCommand({ repositoryName: 'pushed', branchName: 'main' }));
    const read = await codecommit.send(new GetRepositoryCommand({ repositoryName: 'pushed' }));

    // Assess
    expect(branch.branch).toEqual({ branchName: 'main', commitId: commit });
    expect(read.repositoryMetadata?.defaultBranch).toBe('main');
  });

  it('answers BranchDoesNotExistException for a branch never pushed', async () => {
    // Prepare
    await client().send(new CreateRepositoryCommand({ repositoryName: 'empty' }));

    // Act
    const error = await failureOf(client().send(new GetBranchCommand({ repositoryName: 'empty', branchName: 'main' })));

    // Assess
    expect(error.name).toBe('BranchDoesNotExistException');
    expect(error.message).toContain('main');
  });

  it('deletes a repository and its folder, answering its id; deleting it again answers no id', async () => {
    // Prepare
    const codecommit = client();
    const created = await codecommit.send(new CreateRepositoryCommand({ repositoryName: 'short-lived' }));
    const folder = fileURLToPath(created.repositoryMetadata?.cloneUrlHttp ?? '');

    // Act
    const deleted = await codecommit.send(new DeleteRepositoryCommand({ repositoryName: 'short-lived' }));
    const again = await codecommit.send(new DeleteRepositoryCommand({ repositoryName: 'short-lived' }));
    const read = await failureOf(codecommit.send(new GetRepositoryCommand({ repositoryName: 'short-lived' })));

    // Assess
    expect(deleted.repositoryId).toBe(created.repositoryMetadata?.repositoryId);
    expect(again.repositoryId).toBeUndefined();
    expect(existsSync(folder)).toBe(false);
    expect(read.name).toBe('RepositoryDoesNotExistException');
  });

  it('refuses a name already taken with RepositoryNameExistsException', async () => {
    // Prepare
    const codecommit = client();
    await codecommit.send(new CreateRepositoryCommand({ repositoryName: 'taken' }));

    // Act
    const error = await failureOf(codecommit.send(new CreateRepositoryCommand({ repositoryName: 'taken' })));

    // Assess
    expect(error.name).toBe('RepositoryNameExistsException');
    expect(error.message).toBe('Repository named taken already exists: choose another repositoryName.');
  });

  it('refuses an invalid name, naming the field and the rule', async () => {
    // Act
    const error = await failureOf(client().send(new CreateRepositoryCommand({ repositoryName: 'app.git' })));

    // Assess
    expect(error.name).toBe('InvalidRepositoryNameException');
    expect(error.message).toBe(`repositoryName "app.git" is not valid: use 1 to 100 letters, digits, '.', '_' or '-', not ending in .git.`);
  });

  it('refuses a request without a repository name with RepositoryNameRequiredException', async () => {
    // Act
    const error = await failureOf(client().send(new GetRepositoryCommand({ repositoryName: '' })));

    // Assess
    expect(error.name).toBe('RepositoryNameRequiredException');
    expect(error.message).toContain('repositoryName is required');
  });

  it('denies a caller without codecommit permissions and creates nothing', async () => {
    // Act
    const error = await failureOf(client(NOBODY).send(new CreateRepositoryCommand({ repositoryName: 'forbidden' })));
    const read = await failureOf(client().send(new GetRepositoryCommand({ repositoryName: 'forbidden' })));

    // Assess
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: codecommit:CreateRepository on resource: arn:aws:codecommit:${REGION}:${ACCOUNT}:forbidden`);
    expect(read.name).toBe('RepositoryDoesNotExistException');
    expect(existsSync(path.join(dir, 'codecommit', ACCOUNT, REGION, 'forbidden.git'))).toBe(false);
  });

  it('answers RepositoryDoesNotExistException for a repository never created, to GetRepository and GetBranch', async () => {
    // Act
    const read = await failureOf(client().send(new GetRepositoryCommand({ repositoryName: 'never-made' })));
    const branch = await failureOf(client().send(new GetBranchCommand({ repositoryName: 'never-made', branchName: 'main' })));

    // Assess
    expect(read.name).toBe('RepositoryDoesNotExistException');
    expect(read.message).toBe('never-made does not exist');
    expect(branch.name).toBe('RepositoryDoesNotExistException');
  });
});

describe('ListRepositories paging', () => {
  const LIST_REGION = 'us-west-2';

  it('answers a page at a time with a nextToken the paginator follows to every repository once', async () => {
    // Prepare
    const codecommit = client(DEFAULT_OPERATOR, LIST_REGION);
    for (const name of ['charlie', 'alpha', 'bravo']) await codecommit.send(new CreateRepositoryCommand({ repositoryName: name }));

    // Act
    const first = await codecommit.send(new ListRepositoriesCommand({}));
    const names: string[] = [];
    for await (const page of paginateListRepositories({ client: codecommit }, { order: 'descending' })) names.push(...(page.repositories ?? []).map((r) => r.repositoryName ?? ''));

    // Assess
    expect(first.repositories?.map((r) => r.repositoryName)).toEqual(['alpha', 'bravo']);
    expect(first.nextToken).toEqual(expect.any(String));
    expect(names).toEqual(['charlie', 'bravo', 'alpha']);
  });

  it('refuses a nextToken it did not answer for this order', async () => {
    // Prepare
    const codecommit = client(DEFAULT_OPERATOR, LIST_REGION);
    const first = await codecommit.send(new ListRepositoriesCommand({ order: 'ascending' }));

    // Act
    const error = await failureOf(codecommit.send(new ListRepositoriesCommand({ order: 'descending', nextToken: first.nextToken })));

    // Assess
    expect(error.name).toBe('InvalidContinuationTokenException');
    expect(error.message).toContain('call again without nextToken');
  });

  it('refuses ListRepositories to a caller without codecommit permissions', async () => {
    // Act
    const error = await failureOf(client(NOBODY, LIST_REGION).send(new ListRepositoriesCommand({})));

    // Assess
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toContain('codecommit:ListRepositories');
  });
});
