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
