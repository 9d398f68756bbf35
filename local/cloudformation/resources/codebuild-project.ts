import { AwsError } from '../../protocols/aws-error';
import { projectArnOf, projectsOf, recordKey, type EnvironmentVariable, type ProjectRecord } from '../../pipeline/records';
import { validationError } from '../errors';
import { generatedName, optionalText, requiredText, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';

const TYPE = 'AWS::CodeBuild::Project';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/;

function objectOf(value: unknown, field: string, context: ProviderContext): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw validationError(`${context.logicalId}: ${field} must be an object.`);
  return value as Record<string, unknown>;
}

/** Environment.EnvironmentVariables; only PLAINTEXT values exist locally. */
export function environmentVariablesOf(value: unknown, field: string, where: string): EnvironmentVariable[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw validationError(`${where}: ${field} must be a list of {Name, Value, Type}.`);
  return value.map((entry, index) => {
    const variable = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const name = variable.Name ?? variable.name;
    const raw = variable.Value ?? variable.value;
    const type = String(variable.Type ?? variable.type ?? 'PLAINTEXT');
    if (typeof name !== 'string' || name === '') throw validationError(`${where}: ${field}[${index}].Name is required.`);
    if (raw === undefined) throw validationError(`${where}: ${field}[${index}].Value is required (variable ${name}).`);
    if (type !== 'PLAINTEXT') throw validationError(`${where}: ${field}[${index}].Type ${type} (variable ${name}) is not served by the local cloud; give the value as PLAINTEXT.`);
    return { name, value: String(raw), type };
  });
}

function projectOf(properties: Properties, context: ProviderContext, name: string): ProjectRecord {
  const source = objectOf(properties.Source, 'Source', context);
  if (typeof source.Type !== 'string') throw validationError(`${context.logicalId}: Source.Type is required (CODEPIPELINE for a project a pipeline runs).`);
  const environment = objectOf(properties.Environment, 'Environment', context);
  const timeout = properties.TimeoutInMinutes === undefined ? 60 : Number(properties.TimeoutInMinutes);
  if (!Number.isInteger(timeout) || timeout < 5 || timeout > 2160) throw validationError(`${context.logicalId}: TimeoutInMinutes ${String(properties.TimeoutInMinutes)} must be a whole number from 5 to 2160.`);
  const buildSpec = source.BuildSpec;
  if (buildSpec !== undefined && typeof buildSpec !== 'string') throw validationError(`${context.logicalId}: Source.BuildSpec must be a string (the buildspec itself, or a file name in the source).`);
  return {
    name,
    arn: projectArnOf(context.accountId, context.region, name),
    accountId: context.accountId,
    region: context.region,
    serviceRole: requiredText(properties, 'ServiceRole', TYPE),
    ...(buildSpec === undefined ? {} : { buildSpec }),
    environmentVariables: environmentVariablesOf(environment.EnvironmentVariables, 'Environment.EnvironmentVariables', context.logicalId),
    timeoutMinutes: timeout,
  };
}

function stateOf(project: ProjectRecord): ResourceState {
  return { physicalId: project.name, attributes: { Arn: project.arn } };
}

/** AWS::CodeBuild::Project: Ref is the project name, GetAtt Arn. Builds run in the local pipeline runner. */
export const codeBuildProjectProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['Name'],
  create: async (properties, context) => {
    const name = optionalText(properties, 'Name', TYPE) ?? generatedName(context, 150).replace(/[^A-Za-z0-9_-]/g, '-');
    if (!NAME.test(name)) throw validationError(`${context.logicalId}: Name "${name}" must be 2 to 255 letters, digits, '-' or '_', starting with a letter or digit.`);
    const project = projectOf(properties, context, name);
    await context.authorize('codebuild:CreateProject', project.arn);
    if (!(await projectsOf(context.cloud.store).create(recordKey(context.accountId, context.region, name), project))) throw new AwsError('ResourceAlreadyExistsException', `Project already exists: ${name}; choose another Name.`, 400);
    return stateOf(project);
  },
  update: async (properties, previous, context) => {
    const project = projectOf(properties, context, previous.physicalId);
    await context.authorize('codebuild:UpdateProject', project.arn);
    await projectsOf(context.cloud.store).put(recordKey(context.accountId, context.region, project.name), project);
    return stateOf(project);
  },
  delete: async (existing, context) => {
    await context.authorize('codebuild:DeleteProject', String(existing.attributes.Arn));
    await projectsOf(context.cloud.store).delete(recordKey(context.accountId, context.region, existing.physicalId));
  },
};
