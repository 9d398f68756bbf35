import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createFunction, deleteFunction, getFunction, updateFunction, type FunctionDefinition } from '../../services/lambda/functions';
import { findAsset } from '../assets';
import { validationError } from '../errors';
import { generatedName, optionalText, requiredText, tagsOf, type Properties, type ProviderContext, type ResourceProvider } from '../provider';
import { isRecord } from '../template';

const TYPE = 'AWS::Lambda::Function';

/**
 * Code.S3Bucket/S3Key names an asset a cloud assembly registered (its directory is the code);
 * Code.ZipFile is inline source, written to `index.js` under the state folder.
 */
async function codeDirectoryOf(properties: Properties, context: ProviderContext): Promise<string> {
  const code = properties.Code;
  if (!isRecord(code)) throw validationError(`Properties validation failed for resource of type ${TYPE}: Code is required (S3Bucket and S3Key of an asset, or ZipFile).`);
  if (typeof code.ZipFile === 'string') {
    const directory = path.join(context.cloud.store.dir, 'cfn-inline-code', randomUUID());
    await fs.mkdir(directory, { recursive: true });
    await fs.writeFile(path.join(directory, 'index.js'), code.ZipFile);
    return directory;
  }
  if (typeof code.S3Bucket !== 'string' || typeof code.S3Key !== 'string') {
    throw validationError(`Properties validation failed for resource of type ${TYPE}: Code needs S3Bucket and S3Key (or ZipFile); ImageUri is not supported locally.`);
  }
  const asset = await findAsset(context.cloud.store, code.S3Bucket, code.S3Key);
  if (!asset) {
    throw validationError(`${context.logicalId}: Code s3://${code.S3Bucket}/${code.S3Key} is not a registered asset: deploy the cloud assembly with deployCloudAssembly so its assets are registered.`);
  }
  return asset.path;
}

async function definitionOf(properties: Properties, context: ProviderContext, name: string): Promise<FunctionDefinition> {
  const environment = isRecord(properties.Environment) && isRecord(properties.Environment.Variables) ? properties.Environment.Variables : {};
  const timeout = optionalText(properties, 'Timeout', TYPE);
  const memory = optionalText(properties, 'MemorySize', TYPE);
  const description = optionalText(properties, 'Description', TYPE);
  return {
    accountId: context.accountId,
    region: context.region,
    name,
    roleArn: requiredText(properties, 'Role', TYPE),
    handler: requiredText(properties, 'Handler', TYPE),
    runtime: requiredText(properties, 'Runtime', TYPE),
    environment: Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])),
    ...(timeout === undefined ? {} : { timeoutSeconds: Number(timeout) }),
    ...(memory === undefined ? {} : { memorySize: Number(memory) }),
    ...(description === undefined ? {} : { description }),
    codeDirectory: await codeDirectoryOf(properties, context),
    tags: Object.fromEntries(tagsOf(properties, TYPE).map((tag) => [tag.Key, tag.Value])),
  };
}

async function authorize(context: ProviderContext, action: string, definition: FunctionDefinition): Promise<void> {
  await context.authorize(action, `arn:aws:lambda:${context.region}:${context.accountId}:function:${definition.name}`);
  await context.authorize('iam:PassRole', definition.roleArn, { 'iam:PassedToService': 'lambda.amazonaws.com' });
}

/** AWS::Lambda::Function: Ref is the function name; GetAtt Arn. */
export const lambdaFunctionProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['FunctionName', 'PackageType'],
  create: async (properties, context) => {
    const definition = await definitionOf(properties, context, optionalText(properties, 'FunctionName', TYPE) ?? generatedName(context, 64));
    await authorize(context, 'lambda:CreateFunction', definition);
    const record = await createFunction(context.cloud, definition);
    return { physicalId: record.functionName, attributes: { Arn: record.functionArn } };
  },
  update: async (properties, previous, context) => {
    const definition = await definitionOf(properties, context, previous.physicalId);
    await authorize(context, 'lambda:UpdateFunctionConfiguration', definition);
    const record = await updateFunction(context.cloud, definition);
    return { physicalId: record.functionName, attributes: { Arn: record.functionArn } };
  },
  delete: async (existing, context) => {
    const address = { accountId: context.accountId, region: context.region, name: existing.physicalId };
    await context.authorize('lambda:DeleteFunction', `arn:aws:lambda:${context.region}:${context.accountId}:function:${existing.physicalId}`);
    if (await getFunction(context.cloud, address)) await deleteFunction(context.cloud, address);
  },
};
