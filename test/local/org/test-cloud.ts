import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createAuthorizer } from '../../../local/authorize/authorizer';
import { ALLOW_ALL, type PolicyDocument } from '../../../local/authorize/policy';
import type { CallerIdentity, CloudContext, ServiceRequest } from '../../../local/services/service';
import { openStore } from '../../../local/store/store';

/**
 * A cloud for calling services' `handle` directly: a real store in a temporary folder and the real
 * authorizer, with identity policies given per principal by the test.
 */
export interface TestCloud {
  readonly cloud: CloudContext;
  readonly dir: string;
  /** Gives a principal (user or role ARN) identity policies. */
  grant(principalArn: string, ...policies: PolicyDocument[]): void;
  cleanup(): void;
}

export function createTestCloud(orgIdOf: (accountId: string) => Promise<string | undefined> = async () => undefined, now: () => Date = () => new Date()): TestCloud {
  const dir = mkdtempSync(path.join(tmpdir(), 'se-local-'));
  const store = openStore(dir);
  const policies = new Map<string, PolicyDocument[]>();
  const authorize = createAuthorizer({
    policiesOf: async (caller) => ({ identityPolicies: policies.get(caller.principalArn) ?? [] }),
    orgIdOf,
    now,
  });
  return {
    cloud: { store, now, authorize, orgIdOf },
    dir,
    grant: (principalArn, ...granted) => policies.set(principalArn, [...(policies.get(principalArn) ?? []), ...granted]),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An administrator IAM user of an account (grant it ALLOW_ALL to make it one). */
export function userCaller(accountId: string, userName = 'admin'): CallerIdentity {
  const arn = `arn:aws:iam::${accountId}:user/${userName}`;
  return { accountId, principalArn: arn, arn, accessKeyId: `AKIA${accountId}X`, userId: `AIDA${accountId}` };
}

/** A session of a role, as STS issues it. */
export function roleCaller(accountId: string, roleName: string, session = 'test'): CallerIdentity {
  return {
    accountId,
    principalArn: `arn:aws:iam::${accountId}:role/${roleName}`,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}`,
    accessKeyId: `ASIA${accountId}${roleName.length}`,
    userId: `AROA${accountId}:${session}`,
  };
}

export function allowAll(): PolicyDocument {
  return ALLOW_ALL;
}

/** A decoded request, as the server hands it to a service. */
export function requestOf(
  service: string,
  action: string,
  caller: CallerIdentity,
  input: Record<string, unknown> = {},
  http: Partial<Pick<ServiceRequest, 'method' | 'path' | 'query' | 'headers' | 'body' | 'region'>> = {},
): ServiceRequest {
  return {
    service,
    region: http.region ?? 'us-east-1',
    action,
    input,
    method: http.method ?? 'POST',
    path: http.path ?? '/',
    query: http.query ?? new URLSearchParams(),
    headers: http.headers ?? {},
    body: http.body ?? Buffer.alloc(0),
    caller,
  };
}
