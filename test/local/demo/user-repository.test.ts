import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterEach, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'url';
import { cloneUserRepository, commitAll, createUserRepository, hasUncommittedChanges } from '../../../local/demo/user-repository';
import { git } from '../../../local/pipeline/git';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-user-repo-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function tracked(workTree: string): Promise<string[]> {
  return (await git(['ls-files'], { cwd: workTree })).toString('utf8').trim().split('\n');
}

describe('createUserRepository', () => {
  it('commits the app, the deployments, the templates and the repository tests, but not the product test suite', async () => {
    // Prepare
    const workTree = path.join(tempDir(), 'repository');

    // Act
    const made = await createUserRepository(workTree);

    // Assess
    expect(made.created).toBe(true);
    const files = await tracked(workTree);
    for (const file of ['buildspec.yml', 'package-lock.json', 'deployments/alerts.yaml', 'deployments/inventory.yaml', 'templates/alerts-topic.yaml', 'pipeline/pipeline-stack.ts', 'test/repository/deployments.test.ts', 'local/pipeline/bin/forward.js']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('test/') && !f.startsWith('test/repository/'))).toEqual([]);
    expect(files.filter((f) => /^(bench|\.ci)\//.test(f) || f.includes('node_modules/'))).toEqual([]);
    expect((await git(['log', '--format=%s'], { cwd: workTree })).toString('utf8').trim().split('\n')).toHaveLength(1);
  });

  it('keeps an existing work tree and its commits as they are', async () => {
    // Prepare
    const workTree = path.join(tempDir(), 'repository');
    await createUserRepository(workTree);
    fs.writeFileSync(path.join(workTree, 'deployments', 'mine.yaml'), 'name: mine\n');
    await commitAll(workTree, 'my deployment');

    // Act
    const again = await createUserRepository(workTree);

    // Assess
    expect(again.created).toBe(false);
    expect(fs.readFileSync(path.join(workTree, 'deployments', 'mine.yaml'), 'utf8')).toBe('name: mine\n');
    expect((await git(['log', '--format=%s'], { cwd: workTree })).toString('utf8').trim().split('\n')[0]).toBe('my deployment');
  });

  it('names the missing part of the checkout and makes no repository when a path of the example is missing', async () => {
    // Prepare
    const project = tempDir();
    fs.writeFileSync(path.join(project, 'package.json'), '{}');
    const workTree = path.join(tempDir(), 'repository');

    // Act
    const making = createUserRepository(workTree, project);

    // Assess
    await expect(making).rejects.toThrow(/\.gitignore: missing from this checkout; .*restore it with git/);
    expect(fs.existsSync(workTree)).toBe(false);
  });

  it('answers false and commits nothing when nothing changed', async () => {
    // Prepare
    const workTree = path.join(tempDir(), 'repository');
    await createUserRepository(workTree);

    // Act
    const committed = await commitAll(workTree, 'nothing');

    // Assess
    expect(committed).toBe(false);
    expect((await git(['log', '--format=%s'], { cwd: workTree })).toString('utf8').trim().split('\n')).toHaveLength(1);
  });

  it('tells uncommitted edits and new files from a clean work tree', async () => {
    // Prepare
    const workTree = path.join(tempDir(), 'repository');
    await createUserRepository(workTree);
    const clean = await hasUncommittedChanges(workTree);

    // Act
    fs.writeFileSync(path.join(workTree, 'deployments', 'new.yaml'), 'name: new\n');
    const withNewFile = await hasUncommittedChanges(workTree);

    // Assess
    expect(clean).toBe(false);
    expect(withNewFile).toBe(true);
  });

  it('clones a repository that already holds the team\'s commits, ready to commit in', async () => {
    // Prepare
    const original = path.join(tempDir(), 'repository');
    await createUserRepository(original);
    const bare = path.join(tempDir(), 'team.git');
    await git(['init', '--quiet', '--bare', '--initial-branch=main', bare]);
    await git(['push', '--quiet', pathToFileURL(bare).href, 'HEAD:main'], { cwd: original });
    const workTree = path.join(tempDir(), 'clone');

    // Act
    const cloned = await cloneUserRepository(pathToFileURL(bare).href, workTree);
    const again = await cloneUserRepository(pathToFileURL(bare).href, workTree);

    // Assess
    expect([cloned.created, again.created]).toEqual([true, false]);
    fs.writeFileSync(path.join(workTree, 'deployments', 'mine.yaml'), 'name: mine\n');
    expect(await commitAll(workTree, 'my deployment')).toBe(true);
    expect((await git(['log', '--format=%s'], { cwd: workTree })).toString('utf8').trim().split('\n')).toHaveLength(2);
  });
});
