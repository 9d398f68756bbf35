import { createHash } from 'node:crypto';
import { ALLOW_ALL, parsePolicyDocument } from '../authorize/policy';
import type { CallerPolicies } from '../authorize/authorizer';
import type { CallerIdentity } from '../services/service';
import { identityPoliciesOfRole } from '../services/iam/managed-policies';
import { getRole } from '../services/iam/roles';
import type { Store } from '../store/store';
import { assumedRoleArn, findSession } from './sessions';
import { userArn, type StaticUser } from './users';

/** What an access key stands for: the secret to check the signature with and who signed. */
export interface ResolvedKey {
  readonly secretAccessKey: string;
  /** Sessions only: the token the request must carry. */
  readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly caller: CallerIdentity;
}

export interface Identities {
  resolve(accessKeyId: string): Promise<ResolvedKey | undefined>;
  policiesOf(caller: CallerIdentity): Promise<CallerPolicies>;
}

export function createIdentities(store: Store, users: readonly StaticUser[]): Identities {
  const byKey = new Map(users.map((user) => [user.accessKeyId, user]));
  return {
    resolve: async (accessKeyId) => {
      const user = byKey.get(accessKeyId);
      if (user) {
        const arn = userArn(user);
        return {
          secretAccessKey: user.secretAccessKey,
          caller: { accountId: user.accountId, principalArn: arn, arn, accessKeyId, userId: userIdOf(user) },
        };
      }
      if (!accessKeyId.startsWith('ASIA')) return undefined;
      const session = await findSession(store, accessKeyId);
      if (!session) return undefined;
      return {
        secretAccessKey: session.secretAccessKey,
        sessionToken: session.sessionToken,
        expiration: new Date(session.expiration),
        caller: {
          accountId: session.accountId,
          principalArn: session.roleArn,
          arn: assumedRoleArn(session),
          accessKeyId,
          userId: `${session.roleId}:${session.sessionName}`,
          expiration: session.expiration,
          ...(session.sessionPolicy === undefined ? {} : { sessionPolicy: session.sessionPolicy }),
        },
      };
    },
    policiesOf: async (caller) => {
      const user = byKey.get(caller.accessKeyId);
      if (user) {
        const isRoot = user.userName === undefined;
        return { identityPolicies: isRoot || user.administrator ? [ALLOW_ALL] : (user.policies ?? []) };
      }
      const role = await getRole(store, caller.accountId, roleNameOf(caller.principalArn));
      // A session outlives a deleted role but can do nothing with it, as in IAM.
      const identityPolicies = role ? await identityPoliciesOfRole(store, role) : [];
      const sessionPolicy = caller.sessionPolicy === undefined ? undefined : parsePolicyDocument(caller.sessionPolicy, 'session', 'Policy');
      return { identityPolicies, ...(sessionPolicy === undefined ? {} : { sessionPolicy }) };
    },
  };
}

function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

/** A stable `AIDA…` id per user, so `aws:userid` does not change across restarts. */
function userIdOf(user: StaticUser): string {
  if (user.userName === undefined) return user.accountId;
  const digest = createHash('sha256').update(userArn(user)).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'AIDA';
  for (let i = 0; i < 17; i += 1) id += alphabet[(digest[i] ?? 0) % alphabet.length];
  return id;
}
