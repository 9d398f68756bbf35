import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store';

/** What STS issued: temporary keys bound to a role, a session name, an expiry and a session policy. */
export interface SessionRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly accountId: string;
  readonly roleName: string;
  /** Role ARN including its path, e.g. `arn:aws:iam::123456789012:role/path/Name`. */
  readonly roleArn: string;
  readonly roleId: string;
  readonly sessionName: string;
  /** ISO-8601. */
  readonly expiration: string;
  readonly sessionPolicy?: string;
  /** Set when the caller that assumed the role was itself a role session (role chaining). */
  readonly chained: boolean;
  readonly sourceIdentity?: string;
}

const NAMESPACE = 'sts-sessions';

export type SessionDraft = Omit<SessionRecord, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;

export async function issueSession(store: Store, draft: SessionDraft): Promise<SessionRecord> {
  const session: SessionRecord = {
    ...draft,
    accessKeyId: `ASIA${randomId(16)}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: randomBytes(96).toString('base64'),
  };
  await store.namespace<SessionRecord>(NAMESPACE).put(session.accessKeyId, session);
  return session;
}

export function findSession(store: Store, accessKeyId: string): Promise<SessionRecord | undefined> {
  return store.namespace<SessionRecord>(NAMESPACE).get(accessKeyId);
}

/** Every session the cloud issued and still keeps, e.g. to count the role assumptions of a run. */
export async function listSessions(store: Store): Promise<SessionRecord[]> {
  return (await store.namespace<SessionRecord>(NAMESPACE).entries()).map(([, session]) => session);
}

/** Drops sessions that expired before `now`, so the state folder does not grow without bound. */
export async function forgetExpiredSessions(store: Store, now: Date): Promise<number> {
  const sessions = store.namespace<SessionRecord>(NAMESPACE);
  let removed = 0;
  for (const [key, session] of await sessions.entries()) {
    if (Date.parse(session.expiration) < now.getTime() && (await sessions.delete(key))) removed += 1;
  }
  return removed;
}

export function assumedRoleArn(session: Pick<SessionRecord, 'accountId' | 'roleName' | 'sessionName'>): string {
  return `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Upper-case id characters as AWS uses in key and role ids. */
export function randomId(length: number): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** The role a service session stands for: what the IAM role record carries. */
export interface ServiceRole {
  readonly accountId: string;
  readonly roleName: string;
  readonly arn: string;
  readonly roleId: string;
  /** The trust policy as JSON text. */
  readonly assumeRolePolicyDocument: string;
}

/**
 * True when the role's trust policy lets `servicePrincipal` (e.g. `lambda.amazonaws.com`) assume
 * it: an Allow statement for `sts:AssumeRole` naming that service, with no Deny naming it.
 * Conditions are not evaluated: the service principals of the local cloud carry no request context.
 */
export function trustsService(assumeRolePolicyDocument: string, servicePrincipal: string): boolean {
  let document: unknown;
  try {
    document = JSON.parse(assumeRolePolicyDocument);
  } catch {
    return false;
  }
  const raw = (document as { Statement?: unknown })?.Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]).filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
  const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);
  const matches = (statement: Record<string, unknown>): boolean => {
    const actionMatches = names(statement.Action).some((action) => new RegExp(`^${action.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test('sts:AssumeRole'));
    const principal = statement.Principal as { Service?: unknown } | string | undefined;
    const principalMatches = principal === '*' || (typeof principal === 'object' && principal !== null && names(principal.Service).includes(servicePrincipal));
    return actionMatches && principalMatches;
  };
  if (statements.some((statement) => statement.Effect === 'Deny' && matches(statement))) return false;
  return statements.some((statement) => statement.Effect === 'Allow' && matches(statement));
}

/**
 * Issues a session for a role on behalf of an AWS service (Lambda running a function, Step
 * Functions running an execution), as the service's own AssumeRole would. The caller checks the
 * trust with `trustsService` first, since each service words the refusal differently.
 */
export function issueServiceSession(store: Store, role: ServiceRole, sessionName: string, expiration: Date): Promise<SessionRecord> {
  return issueSession(store, {
    accountId: role.accountId,
    roleName: role.roleName,
    roleArn: role.arn,
    roleId: role.roleId,
    sessionName,
    expiration: expiration.toISOString(),
    chained: false,
  });
}
