/**
 * The simulated organization the local cloud serves through Organizations and Account: one
 * management account, a root, nested OUs, member accounts with their regions, and the fault rules
 * the demo and tests inject.
 */

export type AccountState = 'ACTIVE' | 'SUSPENDED';

/** The opt-in statuses a fixture may give a region (the Account API has transitional ones too). */
export type RegionOptStatus = 'ENABLED_BY_DEFAULT' | 'ENABLED' | 'DISABLED';

export const ACCOUNT_STATES: readonly AccountState[] = ['ACTIVE', 'SUSPENDED'];
export const REGION_OPT_STATUSES: readonly RegionOptStatus[] = ['ENABLED_BY_DEFAULT', 'ENABLED', 'DISABLED'];

export interface OrganizationalUnit {
  readonly id: string;
  readonly name: string;
  /** The root id or the id of the enclosing OU. */
  readonly parentId: string;
}

export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly parentId: string;
  readonly state: AccountState;
  readonly joinedMethod: 'CREATED' | 'INVITED';
  readonly joinedTimestamp: Date;
  /** Every region the account knows of and its opt-in status, in fixture order. */
  readonly regions: Readonly<Record<string, RegionOptStatus>>;
}

export interface FaultError {
  readonly code: string;
  readonly message: string;
  readonly status: number;
}

/**
 * A fault injected into the calls it matches; an absent selector matches everything.
 * `throttle: N` fails the first N matching calls (with `error` when given, else the protocol's
 * throttling error) and lets the rest through; `error` without `throttle` fails every match.
 */
export interface CallFaultRule {
  readonly account?: string;
  readonly region?: string;
  /** SigV4 service name, e.g. `lambda`, `sts`. */
  readonly service?: string;
  /** Operation name, e.g. `Invoke`, `AssumeRole`. */
  readonly action?: string;
  readonly throttle?: number;
  readonly error?: FaultError;
  readonly latencyMs?: number;
  // The resource selector's fields, absent, so a rule is one kind or the other.
  readonly stack?: undefined;
  readonly resource?: undefined;
  readonly resourceType?: undefined;
  readonly operation?: undefined;
  readonly during?: undefined;
  readonly stuck?: undefined;
  readonly stuckMs?: undefined;
  readonly times?: undefined;
}

/** What CloudFormation does to a resource when a rule can fail it. */
export type ResourceOperation = 'create' | 'update' | 'delete';
export const RESOURCE_OPERATIONS: readonly ResourceOperation[] = ['create', 'update', 'delete'];

/** Whether an action is part of the operation asked for, or of the rollback after its failure. */
export type ResourcePhase = 'operation' | 'rollback';
export const RESOURCE_PHASES: readonly ResourcePhase[] = ['operation', 'rollback'];

/**
 * A failure of the local CloudFormation's action on one resource, as a provider failure would
 * be: the resource goes `<OPERATION>_FAILED` with `error.message` as its reason, and the stack
 * rolls back (or fails) as CloudFormation's would. `stuck` instead holds the resource and its
 * stack IN_PROGRESS until the rule is removed (then the action goes ahead) or, with `stuckMs`,
 * fails it after that long. An absent selector matches everything; `times: N` applies the rule to
 * its first N matching actions only.
 */
export interface ResourceFaultRule {
  readonly service?: 'cloudformation';
  readonly account?: string;
  readonly region?: string;
  /** A stack name, or a prefix ending in `*` (`deploy-*`). */
  readonly stack?: string;
  /** The resource's logical id in the template. */
  readonly resource?: string;
  /** e.g. `AWS::SNS::Topic`. */
  readonly resourceType?: string;
  readonly operation?: ResourceOperation;
  /** Only the operation's own actions, or only those of its rollback (reverts and deletes). */
  readonly during?: ResourcePhase;
  readonly error?: { readonly message: string };
  readonly stuck?: boolean;
  readonly stuckMs?: number;
  readonly times?: number;
  readonly action?: undefined;
  readonly throttle?: undefined;
  readonly latencyMs?: undefined;
}

export type FaultRule = CallFaultRule | ResourceFaultRule;

const RESOURCE_SELECTORS = ['stack', 'resource', 'resourceType', 'operation', 'during', 'stuck', 'stuckMs', 'times'] as const;

/** A rule acts on CloudFormation resources when it has any field of the resource selector. */
export function isResourceFaultRule(rule: FaultRule): rule is ResourceFaultRule {
  return RESOURCE_SELECTORS.some((field) => rule[field] !== undefined);
}

export interface Organization {
  readonly id: string;
  readonly managementAccountId: string;
  readonly rootId: string;
  readonly units: readonly OrganizationalUnit[];
  /** The management account comes first; it is a member of its own organization. */
  readonly accounts: readonly OrgAccount[];
  readonly faults: readonly FaultRule[];
}

export const ID_PATTERNS = {
  organization: /^o-[a-z0-9]{10,32}$/,
  root: /^r-[0-9a-z]{4,32}$/,
  organizationalUnit: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
  account: /^\d{12}$/,
  region: /^[a-z]{2}(-[a-z]+)+-\d$/,
} as const;

export function managementAccountOf(org: Organization): OrgAccount {
  const account = org.accounts.find((candidate) => candidate.id === org.managementAccountId);
  if (!account) throw new Error(`organization ${org.id} has no management account ${org.managementAccountId}`);
  return account;
}

export function organizationArn(org: Organization): string {
  return `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`;
}

export function accountArn(org: Organization, accountId: string): string {
  return `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${accountId}`;
}

export function rootArn(org: Organization): string {
  return `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${org.rootId}`;
}

export function unitArn(org: Organization, unitId: string): string {
  return `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${unitId}`;
}

/** Which organization an account belongs to, for `aws:PrincipalOrgID` (see CloudContext.orgIdOf). */
export function organizationLookup(org: Organization): (accountId: string) => Promise<string | undefined> {
  const members = new Set(org.accounts.map((account) => account.id));
  return async (accountId) => (members.has(accountId) ? org.id : undefined);
}
