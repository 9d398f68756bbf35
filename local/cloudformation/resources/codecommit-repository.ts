import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AwsError } from '../../protocols/aws-error';
import { postReceiveHook, stateSecret } from '../../pipeline/control-files';
import { initBareRepository } from '../../pipeline/git';
import { recordKey, repositoriesOf, repositoryArnOf, type RepositoryRecord } from '../../pipeline/records';
import { validationError } from '../errors';
import { requiredText, type ResourceState } from '../provider';
import type { ResourceProvider } from '../provider';

const TYPE = 'AWS::CodeCommit::Repository';
const NAME = /^[\w.-]{1,100}$/;

function stateOf(repository: RepositoryRecord): ResourceState {
  return {
    physicalId: repository.repositoryId,
    attributes: { Arn: repository.arn, Name: repository.name, CloneUrlHttp: repository.cloneUrl, CloneUrlSsh: repository.cloneUrl },
  };
}

/**
 * AWS::CodeCommit::Repository: a bare git repository under the state folder
 * (`codecommit/<account>/<region>/<name>.git`). Ref is the repository id; GetAtt Arn, Name, and
 * CloneUrlHttp/CloneUrlSsh, which locally are the repository's `file://` URL (push to it with
 * plain git). Its post-receive hook tells the running cloud about every push.
 */
export const codeCommitRepositoryProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['RepositoryName'],
  create: async (properties, context) => {
    const name = requiredText(properties, 'RepositoryName', TYPE);
    if (!NAME.test(name) || name.endsWith('.git')) throw validationError(`${context.logicalId}: RepositoryName "${name}" must be 1 to 100 letters, digits, '.', '_' or '-' and must not end in .git.`);
    if (properties.Code !== undefined) throw validationError(`${context.logicalId}: Code (a first commit from S3) is not served by the local cloud; leave it out and push the first commit instead.`);
    const arn = repositoryArnOf(context.accountId, context.region, name);
    await context.authorize('codecommit:CreateRepository', arn);
    const stateDir = context.cloud.store.dir;
    const dir = path.join(stateDir, 'codecommit', context.accountId, context.region, `${name}.git`);
    const key = recordKey(context.accountId, context.region, name);
    const repository: RepositoryRecord = { name, arn, repositoryId: randomUUID(), accountId: context.accountId, region: context.region, path: dir, cloneUrl: pathToFileURL(dir).href };
    let clash = false;
    await repositoriesOf(context.cloud.store).update(key, (current) => {
      clash = current !== undefined;
      return current ?? repository;
    });
    if (clash) throw new AwsError('RepositoryNameExistsException', `Repository named ${name} already exists: choose another RepositoryName.`, 400);
    await initBareRepository(dir);
    const hook = path.join(dir, 'hooks', 'post-receive');
    await fs.writeFile(hook, postReceiveHook(stateDir, await stateSecret(stateDir), key), { mode: 0o700 });
    return stateOf(repository);
  },
  update: async (_properties, previous, context) => {
    // Description, tags and triggers are not kept locally; the repository itself is unchanged.
    const repository = await repositoriesOf(context.cloud.store).get(recordKey(context.accountId, context.region, String(previous.attributes.Name)));
    if (!repository) throw new AwsError('RepositoryDoesNotExistException', `${String(previous.attributes.Name)} does not exist`, 400);
    return stateOf(repository);
  },
  delete: async (existing, context) => {
    const key = recordKey(context.accountId, context.region, String(existing.attributes.Name));
    const repository = await repositoriesOf(context.cloud.store).get(key);
    if (!repository) return;
    await context.authorize('codecommit:DeleteRepository', repository.arn);
    await repositoriesOf(context.cloud.store).delete(key);
    await fs.rm(repository.path, { recursive: true, force: true });
  },
};
