import { randomUUID } from 'node:crypto';
import { AwsError } from '../../protocols/aws-error';
import type { CloudContext } from '../service';
import { checkDefinition, codeFingerprint, type FunctionDefinition } from './definition';
import { runtimeOf } from './runtime-registry';

export type { FunctionDefinition } from './definition';

/** A function as the local Lambda keeps it (only `$LATEST`: no versions or aliases). */
export interface FunctionRecord {
  readonly accountId: string;
  readonly region: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly handler: string;
  readonly runtime: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly codeDirectory: string;
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly description: string;
  /** As Lambda writes it: `2024-01-01T00:00:00.000+0000`. */
  readonly lastModified: string;
  readonly revisionId: string;
  /** Resource policy statements added with AddPermission, as JSON objects. */
  readonly policyStatements: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly tags: Readonly<Record<string, string>>;
}

/** Where a function lives: the programmatic API's address of a function. */
export interface FunctionAddress {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

const NAMESPACE = 'lambda-functions';

export function functionsOf(cloud: CloudContext) {
  return cloud.store.namespace<FunctionRecord>(NAMESPACE);
}

function keyOf(address: FunctionAddress): string {
  return `${address.accountId}/${address.region}/${address.name}`;
}

export function functionArnOf(address: FunctionAddress): string {
  return `arn:aws:lambda:${address.region}:${address.accountId}:function:${address.name}`;
}

export function notFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
}

/**
 * Creates a function from a code directory (what CDK's NodejsFunction bundles: `index.js`
 * exporting the handler). Every bad field is an AwsError naming the field and the fix; a name
 * already taken is ResourceConflictException, as CreateFunction answers.
 */
export async function createFunction(cloud: CloudContext, definition: FunctionDefinition): Promise<FunctionRecord> {
  const record = await buildRecord(cloud, definition);
  if (!(await functionsOf(cloud).create(keyOf(definition), record))) throw new AwsError('ResourceConflictException', `Function already exist: ${definition.name}`, 409);
  return record;
}

/**
 * Replaces the code and configuration of an existing function (its ARN, policy and tags stay);
 * warm sandboxes of the old revision are ended. ResourceNotFoundException when it does not exist.
 */
export async function updateFunction(cloud: CloudContext, definition: FunctionDefinition): Promise<FunctionRecord> {
  const existing = await getFunction(cloud, definition);
  if (!existing) throw notFound(functionArnOf(definition));
  const built = await buildRecord(cloud, definition);
  const record: FunctionRecord = { ...built, policyStatements: existing.policyStatements, tags: { ...existing.tags, ...built.tags } };
  await functionsOf(cloud).put(keyOf(definition), record);
  await runtimeOf(cloud)?.runner.retire(record.functionArn);
  return record;
}

export function getFunction(cloud: CloudContext, address: FunctionAddress): Promise<FunctionRecord | undefined> {
  return functionsOf(cloud).get(keyOf(address));
}

/** Deletes a function and ends its warm sandboxes; ResourceNotFoundException when it does not exist. */
export async function deleteFunction(cloud: CloudContext, address: FunctionAddress): Promise<void> {
  const existing = await getFunction(cloud, address);
  if (!existing || !(await functionsOf(cloud).delete(keyOf(address)))) throw notFound(functionArnOf(address));
  await runtimeOf(cloud)?.runner.retire(existing.functionArn);
}

/** Functions of an account in a region, sorted by name as ListFunctions pages them. */
export async function listFunctions(cloud: CloudContext, accountId: string, region: string): Promise<FunctionRecord[]> {
  const prefix = `${accountId}/${region}/`;
  return (await functionsOf(cloud).entries())
    .filter(([key]) => key.startsWith(prefix))
    .map(([, record]) => record)
    .sort((a, b) => a.functionName.localeCompare(b.functionName));
}

/** Applies a change to a stored function atomically (AddPermission, tags); ResourceNotFoundException when missing. */
export async function changeFunction(cloud: CloudContext, address: FunctionAddress, change: (record: FunctionRecord) => FunctionRecord): Promise<FunctionRecord> {
  let missing = false;
  const updated = await functionsOf(cloud).update(keyOf(address), (current) => {
    if (!current) {
      missing = true;
      return undefined;
    }
    return change(current);
  });
  if (missing || !updated) throw notFound(functionArnOf(address));
  return updated;
}

async function buildRecord(cloud: CloudContext, definition: FunctionDefinition): Promise<FunctionRecord> {
  const checked = await checkDefinition(cloud, definition);
  const fingerprint = await codeFingerprint(checked.codeDirectory);
  return {
    accountId: definition.accountId,
    region: definition.region,
    functionName: definition.name,
    functionArn: functionArnOf(definition),
    roleArn: definition.roleArn,
    handler: checked.handler,
    runtime: checked.runtime,
    environment: checked.environment,
    timeoutSeconds: checked.timeoutSeconds,
    memorySize: checked.memorySize,
    codeDirectory: checked.codeDirectory,
    codeSha256: fingerprint.sha256,
    codeSize: fingerprint.size,
    description: definition.description ?? '',
    lastModified: cloud.now().toISOString().replace('Z', '+0000'),
    revisionId: randomUUID(),
    policyStatements: [],
    tags: { ...(definition.tags ?? {}) },
  };
}
