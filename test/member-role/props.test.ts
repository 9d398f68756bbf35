import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { MemberRole, OrgReaderRole, type MemberRoleProps, type OrgReaderRoleProps } from '../../member-role';
import { DEFAULT_MEMBER_ROLE_NAME } from '../../orchestrator/contract';
import { resolveIntrinsics } from '../support/cfn-resolve';
import { assumeRole, CREDENTIALS_ROLE_ARN, HUB_ACCOUNT, MEMBER_ACCOUNT, ORG_ID, PLAN_ROLE_ARN, REGION } from './synth';

const memberRole = (props: Partial<MemberRoleProps>) => () =>
  new MemberRole(new Stack(new App(), 'S'), 'MemberRole', {
    credentialsRoleArn: CREDENTIALS_ROLE_ARN,
    organizationId: ORG_ID,
    ...props,
  });
const orgReader = (props: Partial<OrgReaderRoleProps>) => () =>
  new OrgReaderRole(new Stack(new App(), 'S'), 'OrgReader', { planRoleArn: PLAN_ROLE_ARN, organizationId: ORG_ID, ...props });

describe('MemberRole rejects bad props at synth time, naming the prop and the fix', () => {
  it.each([
    [{ organizationId: 'org-1' }, /organizationId "org-1" is not an organization id; .*like o-abc123def4/],
    [{ organizationId: 'O-ABC123DEF4' }, /organizationId "O-ABC123DEF4" is not an organization id/],
    [{ organizationId: '' }, /organizationId is required/],
    [{ credentialsRoleArn: '' }, /credentialsRoleArn is required/],
    [{ credentialsRoleArn: 'StepEverywhere-CredentialsRole' }, /credentialsRoleArn "StepEverywhere-CredentialsRole" is not an IAM role ARN; give the role's full ARN/],
    [{ credentialsRoleArn: `arn:aws:iam::${HUB_ACCOUNT}:user/alice` }, /credentialsRoleArn ".*:user\/alice" is not an IAM role ARN/],
    [{ credentialsRoleArn: `arn:aws:sts::${HUB_ACCOUNT}:assumed-role/Creds/session` }, /credentialsRoleArn ".*assumed-role.*" is not an IAM role ARN/],
    [{ credentialsRoleArn: `arn:aws:iam::${HUB_ACCOUNT}:root` }, /credentialsRoleArn ".*:root" is not an IAM role ARN/],
    [{ credentialsRoleArn: 'arn:aws:iam::1111:role/Creds' }, /credentialsRoleArn "arn:aws:iam::1111:role\/Creds" is not an IAM role ARN/],
    [{ roleName: 'has space' }, /roleName "has space" is not a valid IAM role name; use 1 to 64/],
    [{ executionRoleName: 'x'.repeat(65) }, /executionRoleName "x{65}" is not a valid IAM role name/],
    [{ roleName: 'Same', executionRoleName: 'Same' }, /roleName and executionRoleName are both "Same"; give the two roles different names/],
    [{ stackNamePrefix: '' }, /stackNamePrefix "" is not a stack name prefix; use a literal that starts with a letter/],
    [{ stackNamePrefix: 'StepEverywhere-*' }, /stackNamePrefix "StepEverywhere-\*" is not a stack name prefix/],
    [{ stackNamePrefix: '-Team' }, /stackNamePrefix "-Team" is not a stack name prefix/],
    [{ maxSessionDuration: Duration.minutes(30) }, /maxSessionDuration must be between 1 hour and 12 hours .*got 1800 s/],
    [{ maxSessionDuration: Duration.hours(13) }, /maxSessionDuration must be between 1 hour and 12 hours .*got 46800 s/],
  ])('rejects %o', (props, message) => {
    // Prepare
    const build = memberRole(props);

    // Act / Assess
    expect(build).toThrow(message);
  });

  it('rejects a stack name prefix known only at deploy time, since it bounds what the role may touch', () => {
    // Prepare
    const stack = new Stack(new App(), 'S');
    const prefix = new CfnParameter(stack, 'Prefix').valueAsString;

    // Act / Assess
    expect(
      () => new MemberRole(stack, 'MemberRole', { credentialsRoleArn: CREDENTIALS_ROLE_ARN, organizationId: ORG_ID, stackNamePrefix: prefix }),
    ).toThrow(/stackNamePrefix .* is not a stack name prefix; use a literal/);
  });
});

describe('OrgReaderRole rejects bad props at synth time, naming the prop and the fix', () => {
  it.each([
    [{ organizationId: 'o-1' }, /OrgReaderRole: organizationId "o-1" is not an organization id/],
    [{ planRoleArn: '' }, /OrgReaderRole: planRoleArn is required/],
    [{ planRoleArn: 'arn:aws:iam::111111111111:policy/Plan' }, /OrgReaderRole: planRoleArn ".*policy\/Plan" is not an IAM role ARN/],
    [{ roleName: 'a/b' }, /OrgReaderRole: roleName "a\/b" is not a valid IAM role name/],
  ])('rejects %o', (props, message) => {
    // Prepare
    const build = orgReader(props);

    // Act / Assess
    expect(build).toThrow(message);
  });
});

describe('values known only at deploy time', () => {
  /** A member stack whose hub role and organization are stack parameters, deployed with the given values. */
  function deployedTrustFromParameters(): Parameters<typeof assumeRole>[0]['role'] {
    const stack = new Stack(new App(), 'Member');
    const credentials = new CfnParameter(stack, 'CredentialsRoleArn');
    const organization = new CfnParameter(stack, 'OrganizationId');
    new MemberRole(stack, 'MemberRole', { credentialsRoleArn: credentials.valueAsString, organizationId: organization.valueAsString });
    const json = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    const [role] = Object.values(json.Resources).filter((r) => r.Properties.RoleName === DEFAULT_MEMBER_ROLE_NAME);
    const trust = resolveIntrinsics(role.Properties.AssumeRolePolicyDocument, {
      accountId: MEMBER_ACCOUNT,
      region: REGION,
      refs: { CredentialsRoleArn: CREDENTIALS_ROLE_ARN, OrganizationId: ORG_ID },
    }) as Parameters<typeof assumeRole>[0]['role']['trust'];
    return { arn: `arn:aws:iam::${MEMBER_ACCOUNT}:role/${DEFAULT_MEMBER_ROLE_NAME}`, trust, accountId: MEMBER_ACCOUNT };
  }

  it('accepts the credentials role ARN and organization id as stack parameters: the credentials role may assume', async () => {
    // Prepare
    const role = deployedTrustFromParameters();

    // Act
    const decision = await assumeRole({ principalArn: CREDENTIALS_ROLE_ARN, principalOrgId: ORG_ID, role });

    // Assess
    expect(decision).toBe('Allowed');
  });

  it('accepts them as stack parameters: another role of the hub account still may not assume', async () => {
    // Prepare
    const role = deployedTrustFromParameters();

    // Act
    const decision = await assumeRole({ principalArn: `arn:aws:iam::${HUB_ACCOUNT}:role/Other`, principalOrgId: ORG_ID, role });

    // Assess
    expect(decision).not.toBe('Allowed');
  });
});
