import { AwsError } from '../../protocols/aws-error';
import { parsePolicyDocument, type PolicyDocument } from '../../authorize/policy';
import { randomId } from '../../identity/sessions';
import type { Store } from '../../store/store';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** A role as the local IAM keeps it: one per (account, case-insensitive name). */
export interface RoleRecord {
  readonly accountId: string;
  readonly roleName: string;
  readonly path: string;
  readonly roleId: string;
  readonly arn: string;
  /** ISO-8601. */
  readonly createDate: string;
  /** The trust policy as JSON text. */
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  readonly maxSessionDuration: number;
  readonly tags: readonly Tag[];
  /** Inline policies by name, as JSON text. */
  readonly inlinePolicies: Readonly<Record<string, string>>;
  readonly attachedPolicyArns: readonly string[];
}

export interface RoleDefinition {
  readonly roleName: string;
  /** Trust policy, as JSON text or as a document. */
  readonly assumeRolePolicyDocument: string | PolicyDocument;
  readonly path?: string;
  readonly description?: string;
  readonly maxSessionDuration?: number;
  readonly tags?: readonly Tag[];
  readonly inlinePolicies?: Readonly<Record<string, string | PolicyDocument>>;
  readonly managedPolicyArns?: readonly string[];
}

const NAMESPACE = 'iam-roles';

function key(accountId: string, roleName: string): string {
  return `${accountId}/${roleName.toLowerCase()}`;
}

export function rolesOf(store: Store) {
  return store.namespace<RoleRecord>(NAMESPACE);
}

export function getRole(store: Store, accountId: string, roleName: string): Promise<RoleRecord | undefined> {
  return rolesOf(store).get(key(accountId, roleName));
}

export async function requireRole(store: Store, accountId: string, roleName: string): Promise<RoleRecord> {
  const role = await getRole(store, accountId, roleName);
  if (!role) throw new AwsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
  return role;
}

/** `arn:aws:iam::123456789012:role/some/path/Name` → account and name; undefined when not a role ARN. */
export function parseRoleArn(arn: string): { accountId: string; roleName: string; path: string } | undefined {
  const match = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/.exec(arn);
  if (!match) return undefined;
  return { accountId: match[1] as string, path: match[2] as string, roleName: match[3] as string };
}

export function findRoleByArn(store: Store, arn: string): Promise<RoleRecord | undefined> {
  const parsed = parseRoleArn(arn);
  return parsed ? getRole(store, parsed.accountId, parsed.roleName) : Promise.resolve(undefined);
}

/** Builds a checked role record; every bad field names itself and the fix. */
export function buildRole(accountId: string, definition: RoleDefinition, now: Date, existing?: RoleRecord): RoleRecord {
  const { roleName } = definition;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    throw validation(`RoleName "${roleName}" must be 1 to 64 characters of letters, digits and +=,.@_-.`);
  }
  const path = definition.path ?? '/';
  if (!/^\/([\x21-\x7e]*\/)?$/.test(path) || path.length > 512) {
    throw validation(`Path "${path}" must begin and end with / and contain printable ASCII characters only.`);
  }
  const maxSessionDuration = definition.maxSessionDuration ?? 3600;
  if (!Number.isInteger(maxSessionDuration) || maxSessionDuration < 3600 || maxSessionDuration > 43200) {
    throw validation(`MaxSessionDuration ${maxSessionDuration} must be a whole number of seconds from 3600 to 43200.`);
  }
  const trust = policyText(definition.assumeRolePolicyDocument, 'trust', 'AssumeRolePolicyDocument');
  const inlinePolicies: Record<string, string> = {};
  for (const [name, document] of Object.entries(definition.inlinePolicies ?? {})) {
    inlinePolicies[checkPolicyName(name)] = policyText(document, 'identity', `Policies.${name}`);
  }
  return {
    accountId,
    roleName,
    path,
    roleId: existing?.roleId ?? `AROA${randomId(17)}`,
    arn: `arn:aws:iam::${accountId}:role${path}${roleName}`,
    createDate: existing?.createDate ?? now.toISOString(),
    assumeRolePolicyDocument: trust,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    maxSessionDuration,
    tags: mergeTags([], definition.tags ?? []),
    inlinePolicies,
    attachedPolicyArns: [...new Set(definition.managedPolicyArns ?? [])],
  };
}

/** Creates a role; the name must be free in the account (EntityAlreadyExists otherwise). */
export async function createRole(store: Store, accountId: string, definition: RoleDefinition, now: Date): Promise<RoleRecord> {
  const role = buildRole(accountId, definition, now);
  if (!(await rolesOf(store).create(key(accountId, role.roleName), role))) throw new AwsError('EntityAlreadyExists', `Role with name ${role.roleName} already exists.`, 409);
  return role;
}

/**
 * Creates or replaces a role without an API call: for fixtures that provision member accounts and
 * for the CloudFormation engine. Keeps the role id and creation date of a role it replaces.
 */
export async function provisionRole(store: Store, accountId: string, definition: RoleDefinition, now: Date = new Date()): Promise<RoleRecord> {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`accountId "${accountId}" must be 12 digits`);
  const existing = await getRole(store, accountId, definition.roleName);
  const role = buildRole(accountId, definition, now, existing);
  await rolesOf(store).put(key(accountId, role.roleName), role);
  return role;
}

/** Applies a change to a stored role atomically; NoSuchEntity when it does not exist. */
export async function changeRole(store: Store, accountId: string, roleName: string, change: (role: RoleRecord) => RoleRecord): Promise<RoleRecord> {
  let missing = false;
  const updated = await rolesOf(store).update(key(accountId, roleName), (current) => {
    if (current === undefined) {
      missing = true;
      return undefined;
    }
    return change(current);
  });
  if (missing || updated === undefined) throw new AwsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
  return updated;
}

export async function deleteRole(store: Store, accountId: string, roleName: string): Promise<void> {
  const role = await requireRole(store, accountId, roleName);
  if (Object.keys(role.inlinePolicies).length > 0) {
    throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
  }
  if (role.attachedPolicyArns.length > 0) {
    throw new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.', 409);
  }
  await rolesOf(store).delete(key(accountId, roleName));
}

export function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const byKey = new Map(current.map((tag) => [tag.Key, tag]));
  for (const tag of added) {
    if (typeof tag.Key !== 'string' || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(tag.Key)) {
      throw validation(`Tag key "${String(tag.Key)}" must be 1 to 128 letters, digits, spaces or _.:/=+-@.`);
    }
    const value = tag.Value ?? '';
    if (typeof value !== 'string' || value.length > 256) {
      throw validation(`Tag value for key "${tag.Key}" must be at most 256 characters.`);
    }
    byKey.set(tag.Key, { Key: tag.Key, Value: value });
  }
  if (byKey.size > 50) throw new AwsError('LimitExceeded', 'A role can have at most 50 tags.', 409);
  return [...byKey.values()];
}

export function checkPolicyName(name: string): string {
  if (!/^[\w+=,.@-]{1,128}$/.test(name)) {
    throw validation(`PolicyName "${name}" must be 1 to 128 characters of letters, digits and +=,.@_-.`);
  }
  return name;
}

export function policyText(document: string | PolicyDocument, kind: 'trust' | 'identity', field: string): string {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  parsePolicyDocument(text, kind, field);
  return text;
}

export function validation(message: string): AwsError {
  return new AwsError('ValidationError', message, 400);
}
