import { AwsError } from '../../protocols/aws-error';
import { isValidRepositoryName, REPOSITORY_NAME_RULE } from '../../pipeline/repositories';

/** The `repositoryName` of a request, present and valid, or CodeCommit's error naming the field and the fix. */
export function repositoryNameIn(input: Readonly<Record<string, unknown>>): string {
  const name = input.repositoryName;
  if (name === undefined || name === null || name === '') {
    throw new AwsError('RepositoryNameRequiredException', 'repositoryName is required: give the name of the repository.', 400);
  }
  if (typeof name !== 'string' || !isValidRepositoryName(name)) {
    throw new AwsError('InvalidRepositoryNameException', `repositoryName ${JSON.stringify(name)} is not valid: use ${REPOSITORY_NAME_RULE}.`, 400);
  }
  return name;
}

const MAX_DESCRIPTION = 1000;

export function descriptionIn(input: Readonly<Record<string, unknown>>): string | undefined {
  const description = input.repositoryDescription;
  if (description === undefined || description === null) return undefined;
  if (typeof description !== 'string' || description.length > MAX_DESCRIPTION) {
    throw new AwsError('InvalidRepositoryDescriptionException', `repositoryDescription must be text of at most ${MAX_DESCRIPTION} characters.`, 400);
  }
  return description;
}

export function tagsIn(input: Readonly<Record<string, unknown>>): Record<string, string> | undefined {
  const tags = input.tags;
  if (tags === undefined || tags === null) return undefined;
  if (typeof tags !== 'object' || Array.isArray(tags) || Object.values(tags).some((value) => typeof value !== 'string')) {
    throw new AwsError('InvalidTagsMapException', 'tags must map each tag key to a text value, e.g. {"team": "platform"}.', 400);
  }
  return tags as Record<string, string>;
}

/**
 * Git's rules for a branch name (git-check-ref-format), which CodeCommit follows, plus its own:
 * 1 to 256 characters and never exactly 40 hexadecimal digits (that reads as a commit id).
 */
export function branchNameIn(input: Readonly<Record<string, unknown>>): string {
  const branch = input.branchName;
  if (branch === undefined || branch === null || branch === '') {
    throw new AwsError('BranchNameRequiredException', 'branchName is required: give the name of the branch, e.g. main.', 400);
  }
  const valid =
    typeof branch === 'string' &&
    branch.length <= 256 &&
    !/^[0-9a-f]{40}$/i.test(branch) &&
    // Control characters, space and ~^:?*[\ are never allowed in a git ref.
    !/[\x00-\x20\x7f~^:?*[\\]/.test(branch) &&
    !branch.includes('..') &&
    !branch.includes('@{') &&
    !branch.includes('//') &&
    !branch.startsWith('-') &&
    !branch.startsWith('/') &&
    !branch.endsWith('/') &&
    !branch.endsWith('.') &&
    !branch.endsWith('.lock') &&
    branch !== '@' &&
    !branch.split('/').some((part) => part.startsWith('.'));
  if (!valid) {
    throw new AwsError('InvalidBranchNameException', `branchName ${JSON.stringify(branch)} is not valid: use a git branch name (no spaces, '..', '~^:?*[\\', no leading '-' or '.', no trailing '/', '.' or '.lock').`, 400);
  }
  return branch as string;
}
