import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { requireAllowed } from '../../authorize/authorizer';
import { BadZipError, unzipTo } from '../../lambda/unzip';
import type { CloudContext, ServiceRequest } from '../service';
import { createFunction, functionArnOf, type FunctionRecord } from './functions';
import { invalid, validation } from './definition';

/**
 * CreateFunction over HTTP: the package comes as `Code.ZipFile` (base64), is unpacked once per
 * content hash under the state folder, and the function is created from that folder. The caller
 * needs `lambda:CreateFunction` on the function and `iam:PassRole` on its role.
 */
export async function createFunctionFromRequest(cloud: CloudContext, request: ServiceRequest, input: Record<string, unknown>): Promise<FunctionRecord> {
  const name = input.FunctionName;
  if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
    throw validation(`FunctionName ${JSON.stringify(name ?? null)} is required: 1 to 64 letters, digits, hyphens or underscores.`);
  }
  const address = { accountId: request.caller.accountId, region: request.region, name };
  const { caller } = request;
  await requireAllowed(cloud.authorize, { caller, action: 'lambda:CreateFunction', resource: functionArnOf(address), region: request.region }, { code: 'AccessDeniedException', status: 403 });
  const role = input.Role;
  if (typeof role !== 'string') throw validation('Role is required: the ARN of the function\'s execution role.');
  await requireAllowed(
    cloud.authorize,
    { caller, action: 'iam:PassRole', resource: role, region: request.region, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    { code: 'AccessDeniedException', status: 403 },
  );
  if (input.PackageType !== undefined && input.PackageType !== 'Zip') {
    throw invalid('PackageType Image is not supported by the local Lambda: package the function as a zip.');
  }
  const codeDirectory = await unpack(cloud, input.Code);
  const environment = (input.Environment as { Variables?: Record<string, string> } | undefined)?.Variables;
  return createFunction(cloud, {
    ...address,
    roleArn: role,
    handler: input.Handler as string,
    runtime: input.Runtime as string,
    codeDirectory,
    ...(environment === undefined ? {} : { environment }),
    ...(input.Timeout === undefined ? {} : { timeoutSeconds: input.Timeout as number }),
    ...(input.MemorySize === undefined ? {} : { memorySize: input.MemorySize as number }),
    ...(typeof input.Description === 'string' ? { description: input.Description } : {}),
    ...(isStringMap(input.Tags) ? { tags: input.Tags } : {}),
  });
}

async function unpack(cloud: CloudContext, code: unknown): Promise<string> {
  const given = (code ?? {}) as { ZipFile?: unknown; S3Bucket?: unknown; ImageUri?: unknown };
  if (given.S3Bucket !== undefined || given.ImageUri !== undefined) {
    throw invalid('Code.S3Bucket and Code.ImageUri are not supported by the local Lambda: send Code.ZipFile, or create the function from a code directory.');
  }
  if (typeof given.ZipFile !== 'string' || given.ZipFile === '') {
    throw invalid('Code.ZipFile is required: the base64 of a .zip holding the handler file.');
  }
  const zip = Buffer.from(given.ZipFile, 'base64');
  const digest = createHash('sha256').update(zip).digest('hex');
  const directory = path.join(cloud.store.dir, 'lambda-code', digest);
  if (await fs.stat(directory).then((stat) => stat.isDirectory(), () => false)) return directory;
  const temp = `${directory}.${process.pid}.${Date.now()}.tmp`;
  try {
    await unzipTo(zip, temp);
    await fs.rename(temp, directory).catch(async (error: NodeJS.ErrnoException) => {
      // Another request unpacked the same package first: its folder is identical.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await fs.rm(temp, { recursive: true, force: true });
    });
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    if (error instanceof BadZipError) throw invalid(`Could not unzip uploaded file: ${error.message}.`);
    throw error;
  }
  return directory;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}
