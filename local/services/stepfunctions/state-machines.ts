import { RoleSessions, RoleUnusableError } from '../../lambda/role-sessions';
import { AwsError } from '../../protocols/aws-error';
import { InvalidDefinitionError, validateDefinition } from '../../stepfunctions';
import { parseRoleArn } from '../iam/roles';
import type { CloudContext } from '../service';

/** A state machine as the local Step Functions keeps it (Standard only). */
export interface StateMachineRecord {
  readonly stateMachineArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** The ASL definition as JSON text, as DescribeStateMachine returns it. */
  readonly definition: string;
  readonly roleArn: string;
  readonly type: 'STANDARD';
  /** ISO-8601. */
  readonly creationDate: string;
  readonly updateDate?: string;
}

/** What the CloudFormation engine and CreateStateMachine give. */
export interface StateMachineDefinition {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** ASL as JSON text or as an object. */
  readonly definition: string | object;
  /** The role executions act as; it must exist and trust `states.amazonaws.com`. */
  readonly roleArn: string;
  /** @default STANDARD */
  readonly type?: string;
}

const NAMESPACE = 'sfn-state-machines';
/** Characters Step Functions refuses in names. */
const BAD_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function stateMachinesOf(cloud: CloudContext) {
  return cloud.store.namespace<StateMachineRecord>(NAMESPACE);
}

export function stateMachineArnOf(accountId: string, region: string, name: string): string {
  return `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
}

/** `arn:aws:states:<region>:<account>:stateMachine:<name>` → its parts; InvalidArn otherwise. */
export function parseStateMachineArn(arn: unknown): { accountId: string; region: string; name: string } {
  const match = typeof arn === 'string' ? /^arn:aws:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:/\s]{1,80})$/.exec(arn) : null;
  if (!match) throw new AwsError('InvalidArn', `Invalid Arn: '${String(arn)}': give a state machine ARN, arn:aws:states:<region>:<account>:stateMachine:<name>.`, 400);
  return { region: match[1] as string, accountId: match[2] as string, name: match[3] as string };
}

function keyOf(arn: string): string {
  const { accountId, region, name } = parseStateMachineArn(arn);
  return `${accountId}/${region}/${name}`;
}

export function stateMachineNotFound(arn: string): AwsError {
  return new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`, 400);
}

export function getStateMachine(cloud: CloudContext, arn: string): Promise<StateMachineRecord | undefined> {
  return stateMachinesOf(cloud).get(keyOf(arn));
}

export async function requireStateMachine(cloud: CloudContext, arn: string): Promise<StateMachineRecord> {
  const record = await getStateMachine(cloud, arn);
  if (!record) throw stateMachineNotFound(arn);
  return record;
}

/**
 * Creates a state machine. The definition must be one the local engine runs (InvalidDefinition
 * otherwise) and the role must trust Step Functions. Creating the same machine again is
 * idempotent, as in AWS; a different definition or role under the same name is
 * StateMachineAlreadyExists.
 */
export async function createStateMachine(cloud: CloudContext, definition: StateMachineDefinition): Promise<StateMachineRecord> {
  if (!/^\d{12}$/.test(definition.accountId)) throw new AwsError('ValidationException', `accountId "${definition.accountId}" must be 12 digits.`, 400);
  if (typeof definition.name !== 'string' || definition.name.length < 1 || definition.name.length > 80 || BAD_NAME.test(definition.name)) {
    throw new AwsError('InvalidName', `Invalid Name: '${String(definition.name)}': use 1 to 80 characters without whitespace, brackets, wildcards or punctuation such as : / $ &.`, 400);
  }
  const type = definition.type ?? 'STANDARD';
  if (type !== 'STANDARD') {
    throw new AwsError('ValidationException', `type ${JSON.stringify(type)} is not supported by the local Step Functions: use STANDARD.`, 400);
  }
  const text = checkedDefinition(definition.definition);
  await checkRole(cloud, definition.roleArn);
  const arn = stateMachineArnOf(definition.accountId, definition.region, definition.name);
  const record: StateMachineRecord = {
    stateMachineArn: arn,
    accountId: definition.accountId,
    region: definition.region,
    name: definition.name,
    definition: text,
    roleArn: definition.roleArn,
    type: 'STANDARD',
    creationDate: cloud.now().toISOString(),
  };
  let existing: StateMachineRecord | undefined;
  const stored = await stateMachinesOf(cloud).update(keyOf(arn), (current) => {
    existing = current;
    return current ?? record;
  });
  if (existing && (existing.definition !== text || existing.roleArn !== definition.roleArn)) {
    throw new AwsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`, 400);
  }
  return stored ?? record;
}

/** Changes the definition and/or role; executions already running keep the definition they started with. */
export async function updateStateMachine(cloud: CloudContext, arn: string, change: { definition?: string | object; roleArn?: string }): Promise<StateMachineRecord> {
  if (change.definition === undefined && change.roleArn === undefined) {
    throw new AwsError('MissingRequiredParameter', 'Either the definition or the roleArn must be specified.', 400);
  }
  const text = change.definition === undefined ? undefined : checkedDefinition(change.definition);
  if (change.roleArn !== undefined) await checkRole(cloud, change.roleArn);
  let missing = false;
  const updated = await stateMachinesOf(cloud).update(keyOf(arn), (current) => {
    if (!current) {
      missing = true;
      return undefined;
    }
    return {
      ...current,
      ...(text === undefined ? {} : { definition: text }),
      ...(change.roleArn === undefined ? {} : { roleArn: change.roleArn }),
      updateDate: cloud.now().toISOString(),
    };
  });
  if (missing || !updated) throw stateMachineNotFound(arn);
  return updated;
}

/** Deletes a state machine (idempotent, as DeleteStateMachine is); running executions go on to their end. */
export async function deleteStateMachine(cloud: CloudContext, arn: string): Promise<void> {
  await stateMachinesOf(cloud).delete(keyOf(arn));
}

export async function listStateMachines(cloud: CloudContext, accountId: string, region: string): Promise<StateMachineRecord[]> {
  const prefix = `${accountId}/${region}/`;
  return (await stateMachinesOf(cloud).entries())
    .filter(([key]) => key.startsWith(prefix))
    .map(([, record]) => record)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function checkedDefinition(definition: string | object): string {
  const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
  try {
    validateDefinition(text);
  } catch (error) {
    if (error instanceof InvalidDefinitionError) throw new AwsError('InvalidDefinition', `Invalid State Machine Definition: '${error.message}'`, 400);
    throw new AwsError('InvalidDefinition', `Invalid State Machine Definition: '${(error as Error).message}'`, 400);
  }
  return text;
}

async function checkRole(cloud: CloudContext, roleArn: string): Promise<void> {
  if (typeof roleArn !== 'string' || !parseRoleArn(roleArn)) {
    throw new AwsError('InvalidArn', `Invalid Arn: '${String(roleArn)}': roleArn must be a role ARN such as arn:aws:iam::123456789012:role/Name.`, 400);
  }
  try {
    await new RoleSessions(cloud, 'states.amazonaws.com').usableRole(roleArn);
  } catch (error) {
    if (!(error instanceof RoleUnusableError)) throw error;
    throw new AwsError(
      'AccessDeniedException',
      `Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role. ${error.message}`,
      400,
    );
  }
}
