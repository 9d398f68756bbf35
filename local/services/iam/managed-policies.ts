import { AwsError } from '../../protocols/aws-error';
import { ALLOW_ALL, parsePolicyDocument, type PolicyDocument } from '../../authorize/policy';
import { randomId } from '../../identity/sessions';
import type { Store } from '../../store/store';
import { checkPolicyName, mergeTags, validation, type RoleRecord, type Tag } from './roles';

/** A customer managed policy. Versions beyond the first are not kept: `v1` is always the default. */
export interface ManagedPolicyRecord {
  readonly arn: string;
  readonly policyName: string;
  readonly policyId: string;
  readonly path: string;
  readonly description?: string;
  /** JSON text. */
  readonly document: string;
  readonly createDate: string;
  readonly tags: readonly Tag[];
}

const NAMESPACE = 'iam-policies';
const DEFAULT_VERSION = 'v1';

/**
 * AWS managed policies our stacks attach. Others may be attached (CloudFormation templates name
 * many) but grant nothing here, which fails closed: a missing permission shows up as AccessDenied.
 */
const AWS_MANAGED: Readonly<Record<string, PolicyDocument>> = {
  'arn:aws:iam::aws:policy/AdministratorAccess': ALLOW_ALL,
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
};

export function isAwsManaged(arn: string): boolean {
  return /^arn:aws:iam::aws:policy\/[\x21-\x7e]+$/.test(arn);
}

export function policiesOf(store: Store) {
  return store.namespace<ManagedPolicyRecord>(NAMESPACE);
}

export async function createManagedPolicy(
  store: Store,
  accountId: string,
  input: { policyName: string; document: string; path?: string; description?: string; tags?: readonly Tag[] },
  now: Date,
): Promise<ManagedPolicyRecord> {
  const path = input.path ?? '/';
  if (!/^\/([\x21-\x7e]*\/)?$/.test(path)) throw validation(`Path "${path}" must begin and end with /.`);
  parsePolicyDocument(input.document, 'identity', 'PolicyDocument');
  const record: ManagedPolicyRecord = {
    arn: `arn:aws:iam::${accountId}:policy${path}${checkPolicyName(input.policyName)}`,
    policyName: input.policyName,
    policyId: `ANPA${randomId(17)}`,
    path,
    ...(input.description === undefined ? {} : { description: input.description }),
    document: input.document,
    createDate: now.toISOString(),
    tags: mergeTags([], input.tags ?? []),
  };
  let clash = false;
  // Policy names are unique per account whatever their path.
  const existing = (await policiesOf(store).entries()).some(([, p]) => p.arn.split(':')[4] === accountId && p.policyName.toLowerCase() === input.policyName.toLowerCase());
  await policiesOf(store).update(record.arn, (current) => {
    clash = existing || current !== undefined;
    return clash ? current : record;
  });
  if (clash) {
    throw new AwsError('EntityAlreadyExists', `A policy called ${input.policyName} already exists. Duplicate names are not allowed.`, 409);
  }
  return record;
}

export async function requireManagedPolicy(store: Store, arn: string): Promise<ManagedPolicyRecord> {
  const policy = await policiesOf(store).get(arn);
  if (!policy) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
  return policy;
}

/** The document a managed policy ARN stands for; undefined for unknown AWS managed policies. */
export async function managedPolicyDocument(store: Store, arn: string): Promise<PolicyDocument | undefined> {
  if (isAwsManaged(arn)) return AWS_MANAGED[arn];
  const policy = await policiesOf(store).get(arn);
  return policy ? (JSON.parse(policy.document) as PolicyDocument) : undefined;
}

/** Every identity policy of a role: inline ones and the managed ones attached to it. */
export async function identityPoliciesOfRole(store: Store, role: RoleRecord): Promise<PolicyDocument[]> {
  const inline = Object.values(role.inlinePolicies).map((text) => JSON.parse(text) as PolicyDocument);
  const attached: PolicyDocument[] = [];
  for (const arn of role.attachedPolicyArns) {
    const document = await managedPolicyDocument(store, arn);
    if (document) attached.push(document);
  }
  return [...inline, ...attached];
}

export const MANAGED_POLICY_DEFAULT_VERSION = DEFAULT_VERSION;
