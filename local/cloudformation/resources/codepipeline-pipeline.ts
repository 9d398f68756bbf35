import { isDeepStrictEqual } from 'node:util';
import { AwsError } from '../../protocols/aws-error';
import { readPipelineDeclaration } from '../../pipeline/declaration';
import { pipelineArnOf, pipelinesOf, recordKey, type PipelineRecord } from '../../pipeline/records';
import { pipelineListenerOf } from '../../pipeline/registry';
import { validationError } from '../errors';
import { generatedName, optionalText, type ResourceProvider, type ResourceState } from '../provider';

const TYPE = 'AWS::CodePipeline::Pipeline';
const NAME = /^[A-Za-z0-9.@_-]{1,100}$/;

function stateOf(pipeline: PipelineRecord): ResourceState {
  return { physicalId: pipeline.name, attributes: { Version: String(pipeline.version) } };
}

/**
 * AWS::CodePipeline::Pipeline: Ref is the pipeline name, GetAtt Version. The definition is kept
 * for the local runner, which starts an execution on creation (as CodePipeline does) and, when an
 * update changes the definition, supersedes running executions and restarts one when
 * RestartExecutionOnUpdate is true.
 */
export const codePipelineProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['Name'],
  create: async (properties, context) => {
    const name = optionalText(properties, 'Name', TYPE) ?? generatedName(context, 100).replace(/[^A-Za-z0-9.@_-]/g, '-');
    if (!NAME.test(name)) throw validationError(`${context.logicalId}: Name "${name}" must be 1 to 100 letters, digits or . @ _ -.`);
    const declaration = readPipelineDeclaration(properties);
    const arn = pipelineArnOf(context.accountId, context.region, name);
    await context.authorize('codepipeline:CreatePipeline', arn);
    await context.authorize('iam:PassRole', declaration.roleArn, { 'iam:PassedToService': 'codepipeline.amazonaws.com' });
    const now = context.cloud.now().toISOString();
    const pipeline: PipelineRecord = { name, arn, accountId: context.accountId, region: context.region, ...declaration, version: 1, created: now, updated: now };
    if (!(await pipelinesOf(context.cloud.store).create(recordKey(context.accountId, context.region, name), pipeline))) throw new AwsError('PipelineNameInUseException', `A pipeline named ${name} already exists in this account and region: choose another Name.`, 400);
    pipelineListenerOf(context.cloud)?.pipelineCreated(pipeline);
    return stateOf(pipeline);
  },
  update: async (properties, previous, context) => {
    const declaration = readPipelineDeclaration(properties);
    const key = recordKey(context.accountId, context.region, previous.physicalId);
    const current = await pipelinesOf(context.cloud.store).get(key);
    if (!current) throw new AwsError('PipelineNotFoundException', `Pipeline ${previous.physicalId} does not exist.`, 400);
    await context.authorize('codepipeline:UpdatePipeline', current.arn);
    await context.authorize('iam:PassRole', declaration.roleArn, { 'iam:PassedToService': 'codepipeline.amazonaws.com' });
    const { roleArn, stages, executionMode, restartOnUpdate, artifactBucket } = current;
    const before = { roleArn, stages, executionMode, restartOnUpdate, ...(artifactBucket === undefined ? {} : { artifactBucket }) };
    if (isDeepStrictEqual(before, declaration)) return stateOf(current);
    const updated: PipelineRecord = { ...current, ...declaration, version: current.version + 1, updated: context.cloud.now().toISOString() };
    await pipelinesOf(context.cloud.store).put(key, updated);
    pipelineListenerOf(context.cloud)?.pipelineUpdated(updated);
    return stateOf(updated);
  },
  delete: async (existing, context) => {
    const key = recordKey(context.accountId, context.region, existing.physicalId);
    const pipeline = await pipelinesOf(context.cloud.store).get(key);
    if (!pipeline) return;
    await context.authorize('codepipeline:DeletePipeline', pipeline.arn);
    await pipelinesOf(context.cloud.store).delete(key);
    pipelineListenerOf(context.cloud)?.pipelineDeleted(pipeline);
  },
};
