import { assumedRoleArn, issueServiceSession, trustsService, type SessionRecord } from '../identity/sessions';
import { findRoleByArn, type RoleRecord } from '../services/iam/roles';
import type { CallerIdentity, CloudContext } from '../services/service';

/** Why a service could not get a session for a role. */
export class RoleUnusableError extends Error {
  public override readonly name = 'RoleUnusableError';
  public constructor(
    public readonly roleArn: string,
    public readonly reason: 'missing' | 'untrusted',
    message: string,
  ) {
    super(message);
  }
}

export interface RoleSessionOptions {
  /** Lifetime of a session. @default 3600 */
  readonly durationSeconds?: number;
  /** A cached session is renewed once less than this is left. @default 900 */
  readonly renewSeconds?: number;
}

/**
 * Sessions a service holds for the roles it acts as (a function's execution role, a state
 * machine's role): issued through the cloud's identities, so requests signed with them are
 * checked against exactly that role's policies; cached per role and session name and renewed
 * well before they expire on the cloud's clock.
 */
export class RoleSessions {
  private readonly cache = new Map<string, Promise<SessionRecord>>();

  public constructor(
    private readonly cloud: CloudContext,
    /** e.g. `lambda.amazonaws.com`: the role's trust policy must name it. */
    private readonly servicePrincipal: string,
    private readonly options: RoleSessionOptions = {},
  ) {}

  /** The role if it exists and trusts the service; RoleUnusableError otherwise. */
  public async usableRole(roleArn: string): Promise<RoleRecord> {
    const role = await findRoleByArn(this.cloud.store, roleArn);
    if (!role || role.arn !== roleArn) {
      throw new RoleUnusableError(roleArn, 'missing', `The role ${roleArn} does not exist: create it, or give the ARN of an existing role.`);
    }
    if (!trustsService(role.assumeRolePolicyDocument, this.servicePrincipal)) {
      throw new RoleUnusableError(
        roleArn,
        'untrusted',
        `The role ${roleArn} cannot be assumed by ${this.servicePrincipal}: its trust policy must allow sts:AssumeRole to the service principal ${this.servicePrincipal}.`,
      );
    }
    return role;
  }

  public async sessionFor(roleArn: string, sessionName: string): Promise<SessionRecord> {
    const key = `${roleArn}\n${sessionName}`;
    const renewMs = (this.options.renewSeconds ?? 900) * 1000;
    const cached = this.cache.get(key);
    if (cached) {
      const session = await cached.catch(() => undefined);
      if (session && Date.parse(session.expiration) - this.cloud.now().getTime() > renewMs) {
        // The role may have been deleted or its trust changed since the session was issued.
        await this.usableRole(roleArn);
        return session;
      }
    }
    const issuing = this.issue(roleArn, sessionName);
    this.cache.set(key, issuing);
    issuing.catch(() => {
      if (this.cache.get(key) === issuing) this.cache.delete(key);
    });
    return issuing;
  }

  private async issue(roleArn: string, sessionName: string): Promise<SessionRecord> {
    const role = await this.usableRole(roleArn);
    const expiration = new Date(this.cloud.now().getTime() + (this.options.durationSeconds ?? 3600) * 1000);
    return issueServiceSession(this.cloud.store, role, sessionNameOf(sessionName), expiration);
  }
}

/** The caller a session stands for, as the server's identity resolver would report it. */
export function callerOfSession(session: SessionRecord): CallerIdentity {
  return {
    accountId: session.accountId,
    principalArn: session.roleArn,
    arn: assumedRoleArn(session),
    accessKeyId: session.accessKeyId,
    userId: `${session.roleId}:${session.sessionName}`,
    expiration: session.expiration,
  };
}

/** Session names are 2 to 64 characters of `[\w+=,.@-]`. */
function sessionNameOf(name: string): string {
  const cleaned = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}--`.slice(0, 2);
}
