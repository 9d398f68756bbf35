import type { CallerIdentity } from '../services/service';
import { AwsError } from '../protocols/aws-error';
import { DecisionCache, decisionKeyOf } from './decision-cache';
import { evaluate, type Decision, type EvaluationInput } from './evaluate';
import type { PolicyDocument } from './policy';

export interface AuthorizationRequest {
  readonly caller: CallerIdentity;
  /** `service:Action`, e.g. `kms:Decrypt`. */
  readonly action: string;
  /** ARN of the resource acted on (`*` for actions without one). */
  readonly resource: string;
  /** Owner of the resource. @default the account in the resource ARN, else the caller's */
  readonly resourceAccount?: string;
  /** Extra request context (`kms:EncryptionContext/…`, `aws:ResourceTag/…`, `sts:ExternalId`, …). */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** Trust, key or bucket policy of the resource. */
  readonly resourcePolicy?: PolicyDocument;
  readonly region?: string;
}

export type Authorize = (request: AuthorizationRequest) => Promise<Decision>;

/** The policies that speak for a caller: its identity policies and, for a session, the session policy. */
export interface CallerPolicies {
  readonly identityPolicies: readonly PolicyDocument[];
  readonly sessionPolicy?: PolicyDocument;
}

export interface AuthorizerDependencies {
  readonly policiesOf: (caller: CallerIdentity) => Promise<CallerPolicies>;
  /** Organization id of an account, for `aws:PrincipalOrgID`; undefined outside any organization. */
  readonly orgIdOf: (accountId: string) => Promise<string | undefined>;
  readonly now: () => Date;
  /** Decisions remembered (0: every call evaluated afresh). @default 20,000 */
  readonly cacheEntries?: number;
  /** The policy evaluation. @default the evaluation library (see evaluate.ts) */
  readonly evaluate?: (input: EvaluationInput) => Promise<Decision>;
}

/**
 * Evaluates a call the way IAM does: the caller's identity policies (intersected with its session
 * policy), the resource's policy, and the request context every AWS call carries.
 */
export function createAuthorizer(deps: AuthorizerDependencies): Authorize {
  const cache = new DecisionCache(deps.cacheEntries ?? 20_000);
  const evaluateFresh = deps.evaluate ?? evaluate;
  return async (request) => {
    const { caller } = request;
    const policies = await deps.policiesOf(caller);
    const orgId = await deps.orgIdOf(caller.accountId);
    const now = deps.now();
    const context: Record<string, string | string[]> = {
      'aws:PrincipalArn': caller.principalArn,
      'aws:PrincipalAccount': caller.accountId,
      'aws:PrincipalType': principalType(caller),
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      // The loopback endpoint is the local cloud's only transport; it counts as secure so the
      // "deny unless TLS" statements every hardened bucket policy carries behave as in AWS.
      'aws:SecureTransport': 'true',
      ...(orgId === undefined ? {} : { 'aws:PrincipalOrgID': orgId }),
      ...(caller.userId === undefined ? {} : { 'aws:userid': caller.userId }),
      ...(request.region === undefined ? {} : { 'aws:RequestedRegion': request.region }),
      ...(request.context ?? {}),
    };
    const input: EvaluationInput = {
      principalArn: caller.arn,
      action: request.action,
      resource: request.resource,
      resourceAccount: request.resourceAccount ?? accountOfArn(request.resource) ?? caller.accountId,
      context,
      identityPolicies: policies.identityPolicies,
      sessionPolicy: policies.sessionPolicy,
      resourcePolicy: request.resourcePolicy,
    };
    const key = decisionKeyOf(input);
    return key === undefined ? evaluateFresh(input) : cache.decide(key, () => evaluateFresh(input));
  };
}

/** Throws AWS's AccessDenied (or the code a JSON service uses, e.g. `AccessDeniedException`) unless allowed. */
export async function requireAllowed(
  authorize: Authorize,
  request: AuthorizationRequest,
  denial: { readonly code?: string; readonly status?: number } = {},
): Promise<void> {
  const decision = await authorize(request);
  if (!decision.allowed) {
    throw new AwsError(denial.code ?? 'AccessDenied', accessDeniedMessage(request.caller, request.action, request.resource), denial.status ?? 403);
  }
}

/** AWS's wording, which operators grep logs for. */
export function accessDeniedMessage(caller: CallerIdentity, action: string, resource: string): string {
  return `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource}`;
}

export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

function principalType(caller: CallerIdentity): string {
  if (caller.arn.includes(':assumed-role/')) return 'AssumedRole';
  return caller.arn.endsWith(':root') ? 'Account' : 'User';
}
