import { defaultBranchOf, type RepositoryDetails } from '../../pipeline/repositories';

/**
 * repositoryMetadata as the SDK reads it. Dates are `Date`s (the JSON codec writes epoch
 * seconds); the clone URLs are the bare repository's file:// URL, which plain git pushes to.
 */
export async function repositoryMetadataOf(repository: RepositoryDetails): Promise<Record<string, unknown>> {
  const defaultBranch = await defaultBranchOf(repository);
  // Records a stack kept before dates were recorded show the Unix epoch rather than nothing.
  const created = new Date(repository.creationDate ?? 0);
  return {
    accountId: repository.accountId,
    repositoryId: repository.repositoryId,
    repositoryName: repository.name,
    ...(repository.description === undefined ? {} : { repositoryDescription: repository.description }),
    ...(defaultBranch === undefined ? {} : { defaultBranch }),
    lastModifiedDate: new Date(repository.lastModifiedDate ?? created.toISOString()),
    creationDate: created,
    cloneUrlHttp: repository.cloneUrl,
    cloneUrlSsh: repository.cloneUrl,
    Arn: repository.arn,
  };
}
