import { AwsError } from '../../protocols/aws-error';
import { createRepository, deleteRepository, findRepository, isValidRepositoryName } from '../../pipeline/repositories';
import { recordKey, repositoryArnOf, type RepositoryRecord } from '../../pipeline/records';
import { validationError } from '../errors';
import { requiredText, type ResourceState } from '../provider';
import type { ResourceProvider } from '../provider';

const TYPE = 'AWS::CodeCommit::Repository';

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
    if (!isValidRepositoryName(name)) throw validationError(`${context.logicalId}: RepositoryName "${name}" must be 1 to 100 letters, digits, '.', '_' or '-' and must not end in .git.`);
    if (properties.Code !== undefined) throw validationError(`${context.logicalId}: Code (a first commit from S3) is not served by the local cloud; leave it out and push the first commit instead.`);
    await context.authorize('codecommit:CreateRepository', repositoryArnOf(context.accountId, context.region, name));
    const description = typeof properties.RepositoryDescription === 'string' ? properties.RepositoryDescription : undefined;
    try {
      return stateOf(await createRepository(context.cloud, { accountId: context.accountId, region: context.region, name, ...(description === undefined ? {} : { description }) }));
    } catch (error) {
      // The stack names the property; the API's message names the API's field.
      if (error instanceof AwsError && error.code === 'RepositoryNameExistsException') {
        throw new AwsError(error.code, `Repository named ${name} already exists: choose another RepositoryName.`, error.status);
      }
      throw error;
    }
  },
  update: async (_properties, previous, context) => {
    // A changed description, tags and triggers are not applied locally; the repository itself is unchanged.
    const repository = await findRepository(context.cloud, context.accountId, context.region, String(previous.attributes.Name));
    if (!repository) throw new AwsError('RepositoryDoesNotExistException', `${String(previous.attributes.Name)} does not exist`, 400);
    return stateOf(repository);
  },
  delete: async (existing, context) => {
    const repository = await findRepository(context.cloud, context.accountId, context.region, String(existing.attributes.Name));
    if (!repository) return;
    await context.authorize('codecommit:DeleteRepository', repository.arn);
    await deleteRepository(context.cloud, recordKey(context.accountId, context.region, repository.name));
  },
};
