import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  UpdateStackCommand,
  type Capability,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ActionFailure, clientConfig, configured, sleep, type ActionContext, type ActionOutcome } from './action';

const MAX_INLINE_TEMPLATE = 51_200;
const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

async function describeStack(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (error) {
    if (/does not exist/.test(error instanceof Error ? error.message : '')) return undefined;
    throw error;
  }
}

async function settle(cfn: CloudFormationClient, stackName: string, signal: AbortSignal): Promise<Stack | undefined> {
  for (;;) {
    const stack = await describeStack(cfn, stackName);
    if (!stack || !stack.StackStatus?.endsWith('_IN_PROGRESS') || signal.aborted) return stack;
    await sleep(100, signal);
  }
}

type TemplateSource = { TemplateBody: string } | { TemplateURL: string };

/**
 * TemplatePath `Artifact::file`, read from that input artifact: inline when CloudFormation takes
 * it inline, else uploaded to the pipeline's artifact bucket (as the pipeline role, which writes
 * there) and passed as a short-lived presigned TemplateURL, as CodePipeline passes artifacts by S3.
 */
async function templateOf(context: ActionContext): Promise<TemplateSource> {
  const templatePath = configured(context, 'TemplatePath');
  const [artifact, file] = templatePath.split('::');
  const dir = artifact === undefined ? undefined : context.inputs.get(artifact);
  if (dir === undefined || !file) throw new ActionFailure('ConfigurationError', `Action ${context.action.name}: TemplatePath ${templatePath} must be <InputArtifact>::<file> naming one of its input artifacts.`);
  const body = await fs.readFile(path.join(dir, file), 'utf8').catch(() => undefined);
  if (body === undefined) throw new ActionFailure('JobFailed', `Action ${context.action.name}: the artifact ${artifact} has no file ${file} (TemplatePath).`);
  if (Buffer.byteLength(body) <= MAX_INLINE_TEMPLATE) return { TemplateBody: body };
  const store = context.artifactStore;
  if (!store) throw new ActionFailure('ConfigurationError', `Action ${context.action.name}: the template ${file} is over ${MAX_INLINE_TEMPLATE} bytes and the pipeline has no ArtifactStore bucket to pass it through.`);
  const s3 = new S3Client({ endpoint: context.endpoint, region: context.pipeline.region, credentials: store.identity.credentials, forcePathStyle: true });
  const key = `${context.pipeline.name.slice(0, 20)}/${context.executionId}/${context.action.name}/${path.basename(file)}`;
  await s3.send(new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: body, ContentType: 'application/json' }));
  return { TemplateURL: await getSignedUrl(s3, new GetObjectCommand({ Bucket: store.bucket, Key: key }), { expiresIn: 900 }) };
}

function common(context: ActionContext, template: TemplateSource) {
  const capabilities = (context.action.configuration.Capabilities ?? '').split(',').map((c) => c.trim()).filter(Boolean) as Capability[];
  let overrides: Record<string, unknown> = {};
  if (context.action.configuration.ParameterOverrides) {
    try {
      overrides = JSON.parse(context.action.configuration.ParameterOverrides) as Record<string, unknown>;
    } catch {
      throw new ActionFailure('ConfigurationError', `Action ${context.action.name}: Configuration.ParameterOverrides must be a JSON object of parameter names to values.`);
    }
  }
  return {
    ...template,
    Capabilities: capabilities,
    Parameters: Object.entries(overrides).map(([ParameterKey, value]) => ({ ParameterKey, ParameterValue: String(value) })),
    ...(context.action.configuration.RoleArn ? { RoleARN: context.action.configuration.RoleArn } : {}),
  };
}

function failed(stack: Stack | undefined): boolean {
  const status = stack?.StackStatus ?? '';
  return stack === undefined || /(FAILED|ROLLBACK_COMPLETE)$/.test(status) || status === 'DELETE_COMPLETE';
}

async function outcomeOf(context: ActionContext, cfn: CloudFormationClient, stackName: string, summary: string): Promise<ActionOutcome> {
  const stack = await settle(cfn, stackName, context.signal);
  if (failed(stack)) throw new ActionFailure('JobFailed', `Stack ${stackName} ended ${stack?.StackStatus ?? 'missing'}: ${stack?.StackStatusReason ?? 'see its events'}`, stack?.StackId);
  const outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey as string, o.OutputValue ?? '']));
  const fileName = context.action.configuration.OutputFileName;
  const [output] = [...context.outputs.values()];
  if (fileName && output !== undefined) await fs.writeFile(path.join(output, fileName), JSON.stringify(outputs, null, 2));
  return { summary, ...(stack?.StackId ? { externalExecutionId: stack.StackId } : {}), outputVariables: outputs };
}

/**
 * Deploy/CloudFormation on the local CloudFormation, as the action's role, passing the action's
 * RoleArn, Capabilities and ParameterOverrides: CHANGE_SET_REPLACE, CHANGE_SET_EXECUTE,
 * CREATE_UPDATE and DELETE_ONLY. A change set without changes succeeds, as on AWS.
 */
export async function runCloudFormationDeploy(context: ActionContext): Promise<ActionOutcome> {
  const mode = configured(context, 'ActionMode');
  const stackName = configured(context, 'StackName');
  const cfn = new CloudFormationClient(clientConfig(context));
  try {
    switch (mode) {
      case 'CHANGE_SET_REPLACE': {
        const changeSetName = configured(context, 'ChangeSetName');
        const body = await templateOf(context);
        const existing = await describeStack(cfn, stackName);
        if (existing) await cfn.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName })).catch(() => undefined);
        const type = existing && existing.StackStatus !== 'REVIEW_IN_PROGRESS' ? 'UPDATE' : 'CREATE';
        await cfn.send(new CreateChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, ChangeSetType: type, ...common(context, body) }));
        for (;;) {
          const set = await cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
          if (set.Status === 'CREATE_COMPLETE') return { summary: `Change set ${changeSetName} created (${set.Changes?.length ?? 0} changes)`, ...(set.ChangeSetId ? { externalExecutionId: set.ChangeSetId } : {}) };
          if (set.Status === 'FAILED') {
            if (NO_CHANGES.test(set.StatusReason ?? '')) return { summary: `Change set ${changeSetName} has no changes` };
            throw new ActionFailure('JobFailed', `Change set ${changeSetName} of ${stackName} failed: ${set.StatusReason ?? 'no reason given'}`);
          }
          await sleep(100, context.signal);
        }
      }
      case 'CHANGE_SET_EXECUTE': {
        const changeSetName = configured(context, 'ChangeSetName');
        const set = await cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
        if (set.Status === 'FAILED' && NO_CHANGES.test(set.StatusReason ?? '')) return outcomeOf(context, cfn, stackName, `Change set ${changeSetName} had no changes`);
        await cfn.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
        return outcomeOf(context, cfn, stackName, `Change set ${changeSetName} executed`);
      }
      case 'CREATE_UPDATE': {
        const body = await templateOf(context);
        const existing = await describeStack(cfn, stackName);
        if (!existing) await cfn.send(new CreateStackCommand({ StackName: stackName, ...common(context, body) }));
        else {
          try {
            await cfn.send(new UpdateStackCommand({ StackName: stackName, ...common(context, body) }));
          } catch (error) {
            if (!NO_CHANGES.test(error instanceof Error ? error.message : '')) throw error;
          }
        }
        return outcomeOf(context, cfn, stackName, `Stack ${stackName} deployed`);
      }
      case 'DELETE_ONLY': {
        await cfn.send(new DeleteStackCommand({ StackName: stackName, ...(context.action.configuration.RoleArn ? { RoleARN: context.action.configuration.RoleArn } : {}) }));
        const stack = await settle(cfn, stackName, context.signal);
        if (stack && stack.StackStatus !== 'DELETE_COMPLETE') throw new ActionFailure('JobFailed', `Stack ${stackName} ended ${stack.StackStatus}: ${stack.StackStatusReason ?? ''}`);
        return { summary: `Stack ${stackName} deleted` };
      }
      default:
        throw new ActionFailure('ConfigurationError', `Action ${context.action.name}: ActionMode ${mode} is not served by the local pipeline; use CHANGE_SET_REPLACE, CHANGE_SET_EXECUTE, CREATE_UPDATE or DELETE_ONLY.`);
    }
  } catch (error) {
    if (error instanceof ActionFailure) throw error;
    const code = /not authorized|AccessDenied/i.test(error instanceof Error ? `${error.name} ${error.message}` : '') ? 'PermissionError' : 'JobFailed';
    throw new ActionFailure(code, `${mode} of stack ${stackName} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
