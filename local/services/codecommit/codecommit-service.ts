import { requireAllowed } from '../../authorize/authorizer';
import { AwsError } from '../../protocols/aws-error';
import { branchHead } from '../../pipeline/git';
import { recordKey, repositoryArnOf } from '../../pipeline/records';
import { createRepository, deleteRepository, findRepository, repositoriesIn, type RepositoryDetails } from '../../pipeline/repositories';
import type { CloudContext, LocalService, LocalServiceFactory, ServiceRequest, ServiceResponse } from '../service';
import { branchNameIn, descriptionIn, repositoryNameIn, tagsIn } from './input';
import { LIST_PAGE_SIZE, listRequestOf, pageOfRepositories } from './paging';
import { repositoryMetadataOf } from './shapes';

/** `X-Amz-Target` prefix of CodeCommit's JSON 1.1 protocol; its SigV4 signing name is `codecommit`. */
export const CODECOMMIT_TARGET_PREFIX = 'CodeCommit_20150413';

export interface CodeCommitServiceOptions {
  /** Repositories per ListRepositories page. @default 1,000, as CodeCommit */
  readonly pageSize?: number;
}

type Operation = (request: ServiceRequest, cloud: CloudContext) => Promise<ServiceResponse>;

/** The caller's IAM decides, with CodeCommit's AccessDeniedException and AWS's wording. */
function allowed(cloud: CloudContext, request: ServiceRequest, operation: string, resource: string): Promise<void> {
  return requireAllowed(cloud.authorize, { caller: request.caller, action: `codecommit:${operation}`, resource, region: request.region }, { code: 'AccessDeniedException', status: 400 });
}

function arnOf(request: ServiceRequest, name: string): string {
  return repositoryArnOf(request.caller.accountId, request.region, name);
}

async function existing(cloud: CloudContext, request: ServiceRequest, name: string): Promise<RepositoryDetails> {
  const repository = await findRepository(cloud, request.caller.accountId, request.region, name);
  if (!repository) throw new AwsError('RepositoryDoesNotExistException', `${name} does not exist`, 400);
  return repository;
}

function operationsOf(options: CodeCommitServiceOptions): Readonly<Record<string, Operation>> {
  return {
    CreateRepository: async (request, cloud) => {
      const name = repositoryNameIn(request.input);
      const description = descriptionIn(request.input);
      const tags = tagsIn(request.input);
      if (request.input.kmsKeyId !== undefined && request.input.kmsKeyId !== null) {
        throw new AwsError('EncryptionKeyInvalidIdException', 'kmsKeyId is not served by the local cloud, which does not encrypt repositories: leave it out.', 400);
      }
      await allowed(cloud, request, 'CreateRepository', arnOf(request, name));
      const repository = await createRepository(cloud, {
        accountId: request.caller.accountId,
        region: request.region,
        name,
        ...(description === undefined ? {} : { description }),
        ...(tags === undefined ? {} : { tags }),
      });
      return { output: { repositoryMetadata: await repositoryMetadataOf(repository) } };
    },
    GetRepository: async (request, cloud) => {
      const name = repositoryNameIn(request.input);
      await allowed(cloud, request, 'GetRepository', arnOf(request, name));
      return { output: { repositoryMetadata: await repositoryMetadataOf(await existing(cloud, request, name)) } };
    },
    ListRepositories: async (request, cloud) => {
      const listRequest = listRequestOf(request.input);
      // ListRepositories has no resource-level permissions in IAM.
      await allowed(cloud, request, 'ListRepositories', '*');
      const all = await repositoriesIn(cloud, request.caller.accountId, request.region);
      const { page, nextToken } = pageOfRepositories(all, listRequest, options.pageSize ?? LIST_PAGE_SIZE);
      return { output: { repositories: page.map((r) => ({ repositoryName: r.name, repositoryId: r.repositoryId })), ...(nextToken === undefined ? {} : { nextToken }) } };
    },
    DeleteRepository: async (request, cloud) => {
      const name = repositoryNameIn(request.input);
      await allowed(cloud, request, 'DeleteRepository', arnOf(request, name));
      // A repository already gone answers no id, as CodeCommit does, rather than an error.
      const removed = await deleteRepository(cloud, recordKey(request.caller.accountId, request.region, name));
      return { output: removed === undefined ? {} : { repositoryId: removed.repositoryId } };
    },
    GetBranch: async (request, cloud) => {
      const name = repositoryNameIn(request.input);
      const branch = branchNameIn(request.input);
      await allowed(cloud, request, 'GetBranch', arnOf(request, name));
      const repository = await existing(cloud, request, name);
      const commitId = await branchHead(repository.path, branch);
      if (commitId === undefined) throw new AwsError('BranchDoesNotExistException', `Branch ${branch} does not exist in repository ${name}: push it first, or name an existing branch.`, 400);
      return { output: { branch: { branchName: branch, commitId } } };
    },
  };
}

/**
 * CodeCommit (JSON 1.1) for the calls a platform team makes around a pipeline: create, read,
 * list and delete repositories, and read a branch's commit. Repositories are the same bare git
 * repositories AWS::CodeCommit::Repository makes, so a pipeline importing one by name finds it.
 */
export function createCodeCommitService(options: CodeCommitServiceOptions = {}): LocalServiceFactory {
  const operations = operationsOf(options);
  return (cloud: CloudContext): LocalService => ({
    name: 'codecommit',
    protocol: 'json-1.1',
    targetPrefix: CODECOMMIT_TARGET_PREFIX,
    handle: async (request) => {
      const operation = operations[request.action];
      if (!operation) {
        throw new AwsError('UnknownOperationException', `The local CodeCommit does not serve ${request.action}; it serves: ${Object.keys(operations).join(', ')}.`, 400);
      }
      return operation(request, cloud);
    },
  });
}

export const codeCommitService: LocalServiceFactory = createCodeCommitService();
