import { requireAllowed } from '../../authorize/authorizer';
import { createChangeSet, deleteChangeSet, executeChangeSet, findChangeSet, listChangeSets } from '../../cloudformation/changesets';
import { checkPassRole, readTemplateUrl } from '../../cloudformation/checks';
import type { CallScope, CloudFormationEngine } from '../../cloudformation/engine';
import { stackNotFound, validationError } from '../../cloudformation/errors';
import { findStack, stacksOf, eventsOfStack, type StackRecord } from '../../cloudformation/state';
import type { ServiceRequest, ServiceResponse } from '../service';
import { capabilitiesIn, flag, optional, parametersIn, required, strings, tagsIn } from './input';
import { changeSetShape, changeSetSummaryShape, eventShape, resourceShape, stackShape, summaryShape } from './shapes';
import { templateSummary } from './summary';
import { pageOf } from './paging';
import { StackStatus as SdkStackStatus } from '@aws-sdk/client-cloudformation';

const AWS_STACK_STATUSES: ReadonlySet<string> = new Set(Object.values(SdkStackStatus));

type Operation = (request: ServiceRequest, engine: CloudFormationEngine) => Promise<ServiceResponse>;

/** CloudFormation's limit on a TemplateBody sent inline; larger templates go through TemplateURL. */
const MAX_TEMPLATE_BODY_BYTES = 51_200;

function scopeOf(request: ServiceRequest): CallScope {
  return { caller: request.caller, region: request.region };
}

/** The ARN a call is authorized on: the stack's, or `stack/<name>/*` for one that does not exist (yet). */
function stackArnFor(request: ServiceRequest, stack: StackRecord | undefined, name: string): string {
  if (stack) return stack.stackId;
  if (name.startsWith('arn:')) return name;
  return `arn:aws:cloudformation:${request.region}:${request.caller.accountId}:stack/${name}/*`;
}

async function authorize(request: ServiceRequest, engine: CloudFormationEngine, resource: string): Promise<void> {
  await requireAllowed(engine.cloud.authorize, { caller: request.caller, action: `cloudformation:${request.action}`, resource, region: request.region });
}

/** Finds the stack a call names (live or, by ARN, deleted) and authorizes the call on it. */
async function onStack(request: ServiceRequest, engine: CloudFormationEngine, name: string): Promise<StackRecord | undefined> {
  const stack = await findStack(engine.cloud.store, request.caller.accountId, request.region, name);
  await authorize(request, engine, stackArnFor(request, stack, name));
  return stack;
}

async function templateOf(request: ServiceRequest, engine: CloudFormationEngine, optionalTemplate = false): Promise<string | undefined> {
  const body = optional(request.input, 'TemplateBody');
  const url = optional(request.input, 'TemplateURL');
  if (body !== undefined && url !== undefined) throw validationError('Specify exactly one of TemplateBody or TemplateURL, not both.');
  if (body !== undefined) {
    if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY_BYTES) {
      throw validationError(`1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY_BYTES} (upload it to S3 and pass TemplateURL).`);
    }
    return body;
  }
  if (url !== undefined) return readTemplateUrl(engine.cloud, request.caller, url, request.region);
  if (optionalTemplate) return undefined;
  throw validationError('Either TemplateBody or TemplateURL must be specified.');
}

async function roleOf(request: ServiceRequest, engine: CloudFormationEngine): Promise<string | undefined> {
  const roleArn = optional(request.input, 'RoleARN');
  if (roleArn !== undefined) await checkPassRole(engine.cloud, request.caller, roleArn, request.region);
  return roleArn;
}

function stackInputOf(request: ServiceRequest, templateBody: string | undefined, roleArn: string | undefined) {
  const { input } = request;
  const disableRollback = flag(input, 'DisableRollback');
  const onFailure = optional(input, 'OnFailure');
  if (onFailure !== undefined && !['DO_NOTHING', 'ROLLBACK', 'DELETE'].includes(onFailure)) throw validationError(`OnFailure ${onFailure} must be DO_NOTHING, ROLLBACK or DELETE.`);
  if (onFailure !== undefined && disableRollback !== undefined) throw validationError('You can specify either DisableRollback or OnFailure, but not both.');
  const tags = tagsIn(input);
  const usePreviousTemplate = flag(input, 'UsePreviousTemplate');
  const enableTerminationProtection = flag(input, 'EnableTerminationProtection');
  const clientRequestToken = optional(input, 'ClientRequestToken');
  return {
    stackName: required(input, 'StackName'),
    ...(templateBody === undefined ? {} : { templateBody }),
    ...(usePreviousTemplate === undefined ? {} : { usePreviousTemplate }),
    parameters: parametersIn(input),
    capabilities: capabilitiesIn(input),
    ...(roleArn === undefined ? {} : { roleArn }),
    ...(tags === undefined ? {} : { tags }),
    disableRollback: disableRollback ?? onFailure === 'DO_NOTHING',
    ...(clientRequestToken === undefined ? {} : { clientRequestToken }),
    ...(enableTerminationProtection === undefined ? {} : { enableTerminationProtection }),
  };
}

export const operations: Readonly<Record<string, Operation>> = {
  CreateStack: async (request, engine) => {
    await onStack(request, engine, required(request.input, 'StackName'));
    const roleArn = await roleOf(request, engine);
    const { stackId } = await engine.createStack(scopeOf(request), stackInputOf(request, await templateOf(request, engine), roleArn));
    return { output: { StackId: stackId } };
  },
  UpdateStack: async (request, engine) => {
    const stack = await onStack(request, engine, required(request.input, 'StackName'));
    if (!stack) throw stackNotFound(required(request.input, 'StackName'));
    const usePrevious = flag(request.input, 'UsePreviousTemplate') === true;
    const roleArn = await roleOf(request, engine);
    const { stackId } = await engine.updateStack(scopeOf(request), stackInputOf(request, await templateOf(request, engine, usePrevious), roleArn));
    return { output: { StackId: stackId } };
  },
  DeleteStack: async (request, engine) => {
    const name = required(request.input, 'StackName');
    await onStack(request, engine, name);
    const roleArn = await roleOf(request, engine);
    const token = optional(request.input, 'ClientRequestToken');
    await engine.deleteStack(scopeOf(request), {
      stackName: name,
      retainResources: strings(request.input, 'RetainResources'),
      ...(roleArn === undefined ? {} : { roleArn }),
      ...(token === undefined ? {} : { clientRequestToken: token }),
    });
    return { output: {} };
  },
  DescribeStacks: async (request, engine) => {
    const name = optional(request.input, 'StackName');
    if (name === undefined) {
      await authorize(request, engine, '*');
      const stacks = (await stacksOf(engine.cloud.store).entries())
        .map(([, stack]) => stack)
        .filter((stack) => stack.accountId === request.caller.accountId && stack.region === request.region && stack.status !== 'DELETE_COMPLETE');
      return { output: { Stacks: stacks.map(stackShape) } };
    }
    const stack = await onStack(request, engine, name);
    if (!stack) throw stackNotFound(name);
    return { output: { Stacks: [stackShape(stack)] } };
  },
  DescribeStackEvents: async (request, engine) => {
    const name = required(request.input, 'StackName');
    const stack = await onStack(request, engine, name);
    if (!stack) throw stackNotFound(name);
    const { page, nextToken } = pageOf(await eventsOfStack(engine.cloud.store, stack.stackId), (event) => event.EventId, optional(request.input, 'NextToken'));
    return { output: { StackEvents: page.map(eventShape), ...(nextToken === undefined ? {} : { NextToken: nextToken }) } };
  },
  DescribeStackResources: async (request, engine) => {
    const name = optional(request.input, 'StackName');
    if (name === undefined) throw validationError('StackName is required (looking resources up by PhysicalResourceId alone is not supported locally).');
    const stack = await onStack(request, engine, name);
    if (!stack) throw stackNotFound(name);
    const logicalId = optional(request.input, 'LogicalResourceId');
    const resources = Object.values(stack.resources).filter((resource) => logicalId === undefined || resource.logicalId === logicalId);
    return { output: { StackResources: resources.map((resource) => resourceShape(stack, resource)) } };
  },
  ListStacks: async (request, engine) => {
    await authorize(request, engine, '*');
    const filter = strings(request.input, 'StackStatusFilter');
    // Every status AWS defines is a valid filter, including IMPORT_* ones this engine never reaches.
    const unknown = filter.filter((status) => !AWS_STACK_STATUSES.has(status));
    if (unknown.length > 0) throw validationError(`StackStatusFilter: ${unknown.join(', ')} is not a stack status (e.g. CREATE_COMPLETE, UPDATE_COMPLETE, DELETE_COMPLETE).`);
    const stacks = (await stacksOf(engine.cloud.store).entries())
      .map(([, stack]) => stack)
      .filter((stack) => stack.accountId === request.caller.accountId && stack.region === request.region)
      .filter((stack) => filter.length === 0 || filter.includes(stack.status))
      .sort((a, b) => b.creationTime.localeCompare(a.creationTime) || a.stackId.localeCompare(b.stackId));
    const { page, nextToken } = pageOf(stacks, (stack) => stack.stackId, optional(request.input, 'NextToken'));
    return { output: { StackSummaries: page.map(summaryShape), ...(nextToken === undefined ? {} : { NextToken: nextToken }) } };
  },
  GetTemplate: async (request, engine) => {
    const name = optional(request.input, 'StackName');
    const changeSetName = optional(request.input, 'ChangeSetName');
    if (changeSetName !== undefined) {
      const changeSet = await findChangeSet(engine, scopeOf(request), changeSetName, name);
      await authorize(request, engine, changeSet.stackId);
      return { output: { TemplateBody: changeSet.templateBody, StagesAvailable: ['Original', 'Processed'] } };
    }
    if (name === undefined) throw validationError('StackName or ChangeSetName is required.');
    const stack = await onStack(request, engine, name);
    if (!stack) throw stackNotFound(name);
    return { output: { TemplateBody: stack.templateBody, StagesAvailable: ['Original', 'Processed'] } };
  },
  GetTemplateSummary: async (request, engine) => {
    const name = optional(request.input, 'StackName');
    let body = await templateOf(request, engine, name !== undefined);
    if (body === undefined && name !== undefined) {
      const stack = await onStack(request, engine, name);
      if (!stack) throw stackNotFound(name);
      body = stack.templateBody;
    } else await authorize(request, engine, '*');
    return { output: templateSummary(body as string, engine, true) };
  },
  ValidateTemplate: async (request, engine) => {
    await authorize(request, engine, '*');
    return { output: templateSummary((await templateOf(request, engine)) as string, engine, false) };
  },
  UpdateTerminationProtection: async (request, engine) => {
    const name = required(request.input, 'StackName');
    const stack = await onStack(request, engine, name);
    if (!stack) throw stackNotFound(name);
    const enabled = flag(request.input, 'EnableTerminationProtection');
    if (enabled === undefined) throw validationError('EnableTerminationProtection is required: true or false.');
    return { output: { StackId: (await engine.updateTerminationProtection(scopeOf(request), name, enabled)).stackId } };
  },
  ContinueUpdateRollback: async (request, engine) => {
    const name = required(request.input, 'StackName');
    const stack = await onStack(request, engine, name);
    if (!stack) throw stackNotFound(name);
    const roleArn = await roleOf(request, engine);
    const token = optional(request.input, 'ClientRequestToken');
    await engine.continueUpdateRollback(scopeOf(request), {
      stackName: name,
      resourcesToSkip: strings(request.input, 'ResourcesToSkip'),
      ...(roleArn === undefined ? {} : { roleArn }),
      ...(token === undefined ? {} : { clientRequestToken: token }),
    });
    return { output: {} };
  },
  CreateChangeSet: async (request, engine) => {
    await onStack(request, engine, required(request.input, 'StackName'));
    const usePrevious = flag(request.input, 'UsePreviousTemplate') === true;
    const roleArn = await roleOf(request, engine);
    const description = optional(request.input, 'Description');
    const changeSetType = optional(request.input, 'ChangeSetType');
    const clientToken = optional(request.input, 'ClientToken');
    const result = await createChangeSet(engine, scopeOf(request), {
      ...stackInputOf(request, await templateOf(request, engine, usePrevious), roleArn),
      changeSetName: required(request.input, 'ChangeSetName'),
      ...(changeSetType === undefined ? {} : { changeSetType }),
      ...(description === undefined ? {} : { description }),
      ...(clientToken === undefined ? {} : { clientToken }),
    });
    return { output: { Id: result.id, StackId: result.stackId } };
  },
  DescribeChangeSet: async (request, engine) => {
    const changeSet = await findChangeSet(engine, scopeOf(request), required(request.input, 'ChangeSetName'), optional(request.input, 'StackName'));
    await authorize(request, engine, changeSet.stackId);
    return { output: changeSetShape(changeSet) };
  },
  ExecuteChangeSet: async (request, engine) => {
    const changeSet = await findChangeSet(engine, scopeOf(request), required(request.input, 'ChangeSetName'), optional(request.input, 'StackName'));
    await authorize(request, engine, changeSet.stackId);
    const token = optional(request.input, 'ClientRequestToken');
    const disableRollback = flag(request.input, 'DisableRollback');
    await executeChangeSet(engine, scopeOf(request), changeSet, { ...(token === undefined ? {} : { clientRequestToken: token }), ...(disableRollback === undefined ? {} : { disableRollback }) });
    return { output: {} };
  },
  DeleteChangeSet: async (request, engine) => {
    const changeSet = await findChangeSet(engine, scopeOf(request), required(request.input, 'ChangeSetName'), optional(request.input, 'StackName'));
    await authorize(request, engine, changeSet.stackId);
    await deleteChangeSet(engine, changeSet);
    return { output: {} };
  },
  ListChangeSets: async (request, engine) => {
    const name = required(request.input, 'StackName');
    const stack = await onStack(request, engine, name);
    if (!stack) throw stackNotFound(name);
    return { output: { Summaries: (await listChangeSets(engine, stack)).map(changeSetSummaryShape) } };
  },
};
