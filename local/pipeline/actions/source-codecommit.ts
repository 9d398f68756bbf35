import { requireAllowed } from '../../authorize/authorizer';
import { exportCommit } from '../git';
import { recordKey, repositoriesOf } from '../records';
import { ActionFailure, configured, type ActionContext, type ActionOutcome } from './action';

/**
 * Source/CodeCommit: a clean export (`git archive`) of the commit resolved when the execution
 * started, into the action's output artifact. The action's role needs codecommit:GetBranch,
 * GetCommit and UploadArchive on the repository, as on AWS.
 */
export async function runCodeCommitSource(context: ActionContext): Promise<ActionOutcome> {
  const name = configured(context, 'RepositoryName');
  const branch = configured(context, 'BranchName');
  const repository = await repositoriesOf(context.cloud.store).get(recordKey(context.pipeline.accountId, context.pipeline.region, name));
  if (!repository) throw new ActionFailure('ConfigurationError', `The repository ${name} does not exist in ${context.pipeline.accountId} ${context.pipeline.region}: create it, or fix Configuration.RepositoryName.`);
  for (const action of ['codecommit:GetBranch', 'codecommit:GetCommit', 'codecommit:UploadArchive']) {
    await requireAllowed(context.cloud.authorize, { caller: context.identity.caller, action, resource: repository.arn, region: context.pipeline.region }, { code: 'AccessDeniedException' }).catch((error: unknown) => {
      throw new ActionFailure('PermissionError', error instanceof Error ? error.message : String(error));
    });
  }
  const commit = context.revision?.revisionId;
  if (!commit) throw new ActionFailure('JobFailed', `The branch ${branch} of repository ${name} has no commit: push to it, then start the pipeline again.`);
  const [output] = [...context.outputs.values()];
  if (output === undefined) throw new ActionFailure('ConfigurationError', `Action ${context.action.name}: a CodeCommit source needs one OutputArtifacts entry.`);
  await exportCommit(repository.path, commit, output);
  return {
    summary: context.revision?.revisionSummary ?? commit,
    externalExecutionId: commit,
    outputVariables: { CommitId: commit, BranchName: branch, RepositoryName: name, CommitMessage: context.revision?.revisionSummary ?? '' },
  };
}
