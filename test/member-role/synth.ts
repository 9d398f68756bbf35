import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  MemberRoleStack,
  OrgReaderStack,
  type MemberRoleProps,
  type OrgReaderRoleProps,
} from '../../member-role';
import { resolveIntrinsics } from '../support/cfn-resolve';

export const HUB_ACCOUNT = '111111111111';
export const MEMBER_ACCOUNT = '222222222222';
export const MANAGEMENT_ACCOUNT = '333333333333';
export const REGION = 'eu-west-1';
export const ORG_ID = 'o-abc123def4';
export const OTHER_ORG_ID = 'o-zzz999yyy8';
export const CREDENTIALS_ROLE_ARN = `arn:aws:iam::${HUB_ACCOUNT}:role/StepEverywhere-CredentialsRole`;
export const PLAN_ROLE_ARN = `arn:aws:iam::${HUB_ACCOUNT}:role/StepEverywhere-PlanRole`;

type PolicyDocument = Simulation['resourcePolicy'];
export type TemplateJson = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
};

export interface Synthesized<S> {
  readonly stack: S;
  readonly template: Template;
  readonly json: TemplateJson;
}

/** The member stack as a StackSet deploys it: environment-agnostic, one template for every account. */
export function synthMember(props: Partial<MemberRoleProps> = {}, app = new App()): Synthesized<MemberRoleStack> {
  const stack = new MemberRoleStack(app, 'StepEverywhereMember', {
    memberRole: { credentialsRoleArn: CREDENTIALS_ROLE_ARN, organizationId: ORG_ID, ...props },
  });
  const template = Template.fromStack(stack);
  return { stack, template, json: template.toJSON() as TemplateJson };
}

export function synthOrgReader(props: Partial<OrgReaderRoleProps> = {}, app = new App()): Synthesized<OrgReaderStack> {
  const stack = new OrgReaderStack(app, 'StepEverywhereOrgReader', {
    orgReader: { planRoleArn: PLAN_ROLE_ARN, organizationId: ORG_ID, ...props },
  });
  const template = Template.fromStack(stack);
  return { stack, template, json: template.toJSON() as TemplateJson };
}

/** The one AWS::IAM::Role of the template with this RoleName. */
export function roleByName(json: TemplateJson, roleName: string): { logicalId: string; properties: Record<string, unknown> } {
  const found = Object.entries(json.Resources).filter(
    ([, r]) => r.Type === 'AWS::IAM::Role' && r.Properties?.RoleName === roleName,
  );
  if (found.length !== 1) throw new Error(`expected one role named ${roleName}, found ${found.length}`);
  return { logicalId: found[0][0], properties: found[0][1].Properties ?? {} };
}

/**
 * A role's trust policy and inline policies as IAM sees them once deployed in `accountId`:
 * every Ref/GetAtt/Join resolved to concrete values, role ARNs named after their RoleName.
 */
export function deployedRole(
  json: TemplateJson,
  roleName: string,
  accountId: string,
): { arn: string; trust: PolicyDocument; policies: Array<{ name: string; policy: PolicyDocument }> } {
  const attributes: Record<string, string> = {};
  for (const [id, r] of Object.entries(json.Resources)) {
    if (r.Type === 'AWS::IAM::Role' && typeof r.Properties?.RoleName === 'string') {
      attributes[`${id}.Arn`] = `arn:aws:iam::${accountId}:role/${r.Properties.RoleName}`;
    }
  }
  const env = { accountId, region: REGION, attributes, resources: json.Resources };
  const { logicalId } = roleByName(json, roleName);
  const resolved = resolveIntrinsics(json.Resources[logicalId].Properties, env) as {
    AssumeRolePolicyDocument: PolicyDocument;
    Policies?: Array<{ PolicyName: string; PolicyDocument: PolicyDocument }>;
  };
  return {
    arn: attributes[`${logicalId}.Arn`],
    trust: resolved.AssumeRolePolicyDocument,
    policies: (resolved.Policies ?? []).map((p) => ({ name: p.PolicyName, policy: p.PolicyDocument })),
  };
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** Every context key the simulator was given must have been evaluated, or a denial would prove nothing. */
async function simulate(simulation: Simulation): Promise<Decision> {
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`simulation rejected: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') throw new Error(`expected one resource, got ${result.resultType}`);
  if ((result.result.ignoredContextKeys ?? []).length > 0) {
    throw new Error(`simulator ignored ${JSON.stringify(result.result.ignoredContextKeys)}`);
  }
  return result.overallResult as Decision;
}

export interface AssumeRequest {
  readonly principalArn: string;
  readonly principalOrgId: string;
  readonly role: { arn: string; trust: PolicyDocument; accountId: string };
}

/**
 * `sts:AssumeRole` of `role` by a principal whose own identity policy allows assuming any
 * role, so the outcome is decided by the trust policy alone.
 */
export function assumeRole(request: AssumeRequest): Promise<Decision> {
  const principalAccount = request.principalArn.split(':')[4];
  return simulate({
    identityPolicies: [
      {
        name: 'may-assume-anything',
        policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] },
      },
    ],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.role.trust,
    request: {
      action: 'sts:AssumeRole',
      principal: request.principalArn,
      resource: { accountId: request.role.accountId, resource: request.role.arn },
      contextVariables: {
        'aws:PrincipalArn': request.principalArn,
        'aws:PrincipalAccount': principalAccount,
        'aws:PrincipalOrgID': request.principalOrgId,
      },
    },
  });
}

export interface CallRequest {
  readonly principalArn: string;
  readonly policies: Array<{ name: string; policy: PolicyDocument }>;
  readonly action: string;
  readonly resource: string;
  readonly accountId: string;
  readonly context?: Record<string, string>;
}

/** A call made with a role's session, decided by the role's identity policies (same account, no resource policy). */
export function call(request: CallRequest): Promise<Decision> {
  return simulate({
    identityPolicies: request.policies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: undefined,
    request: {
      action: request.action,
      principal: request.principalArn,
      resource: { accountId: request.accountId, resource: request.resource },
      contextVariables: request.context ?? {},
    },
  });
}
