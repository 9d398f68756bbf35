import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { RoleSessions, RoleUnusableError } from '../../lambda/role-sessions';
import { parseRoleArn } from '../iam/roles';
import { AwsError } from '../../protocols/aws-error';
import type { CloudContext } from '../service';

/** What the CloudFormation engine, fixtures and CreateFunction give to create a function. */
export interface FunctionDefinition {
  readonly accountId: string;
  readonly region: string;
  /** 1 to 64 letters, digits, `-` or `_`. */
  readonly name: string;
  /** The execution role; it must exist and trust `lambda.amazonaws.com`. */
  readonly roleArn: string;
  /** `<file>.<export>`, e.g. `index.handler`. */
  readonly handler: string;
  /** A Node.js runtime, e.g. `nodejs24.x`: the local Lambda runs JavaScript only. */
  readonly runtime: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  /** @default 128 */
  readonly memorySize?: number;
  /** Absolute path of the bundled code (a directory with the handler's file). */
  readonly codeDirectory: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface CheckedDefinition {
  readonly handler: string;
  readonly runtime: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly codeDirectory: string;
}

/** Keys Lambda sets itself and refuses in `Environment.Variables`. */
const RESERVED_KEYS = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);
/** Lambda's limit on the environment variables of a function, in bytes of JSON. */
const MAX_ENVIRONMENT_BYTES = 4096;

export async function checkDefinition(cloud: CloudContext, definition: FunctionDefinition): Promise<CheckedDefinition> {
  if (!/^\d{12}$/.test(definition.accountId)) throw validation(`accountId "${definition.accountId}" must be 12 digits.`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(definition.region)) throw validation(`region "${definition.region}" must be a region name such as us-east-1.`);
  if (typeof definition.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(definition.name)) {
    throw validation(`FunctionName ${JSON.stringify(definition.name)} must be 1 to 64 letters, digits, hyphens or underscores.`);
  }
  const handler = definition.handler;
  if (typeof handler !== 'string' || !/^[^\s]{1,128}$/.test(handler) || !/^.+\.[^.]+$/.test(handler)) {
    throw validation(`Handler ${JSON.stringify(handler)} must be <file>.<exported function> without spaces, e.g. index.handler.`);
  }
  const runtime = definition.runtime;
  if (typeof runtime !== 'string' || !/^nodejs\d+\.x$/.test(runtime)) {
    throw invalid(`Runtime ${JSON.stringify(runtime)} cannot run here: the local Lambda runs Node.js functions only; use a nodejs<N>.x runtime such as nodejs24.x.`);
  }
  const timeoutSeconds = definition.timeoutSeconds ?? 3;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 900) {
    throw validation(`Timeout ${timeoutSeconds} must be a whole number of seconds from 1 to 900.`);
  }
  const memorySize = definition.memorySize ?? 128;
  if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240) {
    throw validation(`MemorySize ${memorySize} must be a whole number of MB from 128 to 10240.`);
  }
  const environment = checkEnvironment(definition.environment ?? {});
  if (typeof definition.description === 'string' && definition.description.length > 256) {
    throw validation('Description must be at most 256 characters.');
  }
  if (typeof definition.codeDirectory !== 'string' || !path.isAbsolute(definition.codeDirectory)) {
    throw invalid(`codeDirectory ${JSON.stringify(definition.codeDirectory)} must be the absolute path of the function's bundled code.`);
  }
  const stat = await fs.stat(definition.codeDirectory).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw invalid(`codeDirectory ${definition.codeDirectory} is not a directory: give the folder that holds the handler's file (e.g. the asset folder in cdk.out).`);
  }
  await checkRole(cloud, definition.roleArn);
  return { handler, runtime, environment, timeoutSeconds, memorySize, codeDirectory: definition.codeDirectory };
}

function checkEnvironment(environment: Readonly<Record<string, string>>): Record<string, string> {
  if (typeof environment !== 'object' || environment === null || Array.isArray(environment)) {
    throw validation('Environment.Variables must be an object of names to string values.');
  }
  const checked: Record<string, string> = {};
  const reserved: string[] = [];
  for (const [name, value] of Object.entries(environment)) {
    if (!/^[a-zA-Z]\w+$/.test(name)) {
      throw validation(`Environment variable name "${name}" must start with a letter and hold only letters, digits and underscores (at least 2 characters).`);
    }
    if (typeof value !== 'string') throw validation(`Environment variable ${name} must be a string, got ${JSON.stringify(value)}.`);
    if (RESERVED_KEYS.has(name)) reserved.push(name);
    checked[name] = value;
  }
  if (reserved.length > 0) {
    throw invalid(
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys ' +
        `that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  if (Buffer.byteLength(JSON.stringify(checked)) > MAX_ENVIRONMENT_BYTES) {
    throw invalid(`Environment.Variables exceed ${MAX_ENVIRONMENT_BYTES} bytes: move large values to S3 or Parameter Store.`);
  }
  return checked;
}

async function checkRole(cloud: CloudContext, roleArn: string): Promise<void> {
  if (typeof roleArn !== 'string' || !parseRoleArn(roleArn)) {
    throw validation(`Role ${JSON.stringify(roleArn)} must be a role ARN such as arn:aws:iam::123456789012:role/Name.`);
  }
  try {
    await new RoleSessions(cloud, 'lambda.amazonaws.com').usableRole(roleArn);
  } catch (error) {
    if (error instanceof RoleUnusableError) throw invalid(`The role defined for the function cannot be assumed by Lambda. ${error.message}`);
    throw error;
  }
}

/** CodeSha256 and CodeSize of a code directory: every file's relative path and bytes, in order. */
export async function codeFingerprint(directory: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const content = await fs.readFile(full);
        size += content.length;
        hash.update(path.relative(directory, full)).update('\0').update(content);
      }
    }
  };
  await walk(directory);
  return { sha256: hash.digest('base64'), size };
}

export function validation(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

export function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, 400);
}
