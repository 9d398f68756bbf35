import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASSUMABLE_TAG_KEY, DEFAULT_ORG_READER_ROLE_NAME } from '../../orchestrator/contract';
import {
  assumeRole,
  call,
  CREDENTIALS_ROLE_ARN,
  deployedRole,
  HUB_ACCOUNT,
  MANAGEMENT_ACCOUNT,
  ORG_ID,
  OTHER_ORG_ID,
  PLAN_ROLE_ARN,
  roleByName,
  synthOrgReader,
} from './synth';

describe('org-reader role (template)', () => {
  it('trusts the hub account only through the Plan role ARN and the organization id, in one statement', () => {
    // Prepare / Act
    const { template } = synthOrgReader();

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: DEFAULT_ORG_READER_ROLE_NAME,
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectEquals({
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${HUB_ACCOUNT}:root`]] } },
            Condition: {
              ArnEquals: { 'aws:PrincipalArn': PLAN_ROLE_ARN },
              StringEquals: { 'aws:PrincipalOrgID': ORG_ID },
            },
          }),
        ],
      },
    });
  });

  it('is not tagged assumable, so the credentials role cannot reach it', () => {
    // Prepare / Act
    const { json } = synthOrgReader();

    // Assess
    const tags = (roleByName(json, DEFAULT_ORG_READER_ROLE_NAME).properties.Tags as Array<{ Key: string }> | undefined) ?? [];
    expect(tags.map((t) => t.Key)).not.toContain(ASSUMABLE_TAG_KEY);
  });

  it('grants the planner reads, scoped to the organization wherever IAM allows it', () => {
    // Prepare / Act
    const { template } = synthOrgReader();

    // Assess
    const inOrg = (service: string, resource: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}::*:${resource}/${ORG_ID}/*`]],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: DEFAULT_ORG_READER_ROLE_NAME,
      Policies: [
        {
          PolicyName: 'OrganizationRead',
          PolicyDocument: {
            Statement: [
              Match.objectEquals({
                Sid: 'ReadsWithoutResourceScope',
                Effect: 'Allow',
                Action: ['organizations:DescribeOrganization', 'organizations:ListRoots', 'organizations:ListAccounts'],
                Resource: '*',
              }),
              Match.objectEquals({
                Sid: 'ReadThisOrganizationOnly',
                Effect: 'Allow',
                Action: [
                  'organizations:ListAccountsForParent',
                  'organizations:ListOrganizationalUnitsForParent',
                  'organizations:ListParents',
                  'organizations:DescribeAccount',
                  'organizations:DescribeOrganizationalUnit',
                ],
                Resource: [inOrg('organizations', 'account'), inOrg('organizations', 'ou'), inOrg('organizations', 'root')],
              }),
              Match.objectEquals({
                Sid: 'ReadRegionsOfThisOrganization',
                Effect: 'Allow',
                Action: ['account:ListRegions', 'account:GetRegionOptStatus'],
                Resource: [
                  inOrg('account', 'account'),
                  { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':account::', { Ref: 'AWS::AccountId' }, ':account']] },
                ],
              }),
            ],
          },
        },
      ],
    });
  });

  it('uses the given role name', () => {
    // Prepare / Act
    const { template } = synthOrgReader({ roleName: 'TeamOrgReader' });

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'TeamOrgReader' });
  });
});

describe('org-reader role (evaluated)', () => {
  let reader: ReturnType<typeof deployedRole>;
  beforeAll(() => {
    reader = deployedRole(synthOrgReader().json, DEFAULT_ORG_READER_ROLE_NAME, MANAGEMENT_ACCOUNT);
  });
  const readerRole = () => ({ arn: reader.arn, trust: reader.trust, accountId: MANAGEMENT_ACCOUNT });
  const asReader = (action: string, resource: string) =>
    call({ principalArn: reader.arn, policies: reader.policies, action, resource, accountId: MANAGEMENT_ACCOUNT });
  const account = (org: string, id: string) => `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:account/${org}/${id}`;

  it('the Plan role, from within the organization, may assume it', async () => {
    // Prepare / Act
    const decision = await assumeRole({ principalArn: PLAN_ROLE_ARN, principalOrgId: ORG_ID, role: readerRole() });

    // Assess
    expect(decision).toBe('Allowed');
  });

  it('the credentials role may not assume it', async () => {
    // Prepare / Act
    const decision = await assumeRole({ principalArn: CREDENTIALS_ROLE_ARN, principalOrgId: ORG_ID, role: readerRole() });

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('the Plan role from outside the organization may not assume it', async () => {
    // Prepare / Act
    const decision = await assumeRole({ principalArn: PLAN_ROLE_ARN, principalOrgId: OTHER_ORG_ID, role: readerRole() });

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it.each([
    ['organizations:ListAccounts', '*'],
    ['organizations:DescribeOrganization', '*'],
    ['organizations:DescribeAccount', account(ORG_ID, '222222222222')],
    ['organizations:ListAccountsForParent', `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:ou/${ORG_ID}/ou-ab12-cdef3456`],
    ['organizations:ListOrganizationalUnitsForParent', `arn:aws:organizations::${MANAGEMENT_ACCOUNT}:root/${ORG_ID}/r-ab12`],
    ['account:ListRegions', `arn:aws:account::${MANAGEMENT_ACCOUNT}:account/${ORG_ID}/222222222222`],
    ['account:GetRegionOptStatus', `arn:aws:account::${MANAGEMENT_ACCOUNT}:account`],
  ])('may %s on %s', async (action, resource) => {
    // Prepare / Act
    const decision = await asReader(action, resource);

    // Assess
    expect(decision).toBe('Allowed');
  });

  it.each([
    ['organizations:CreateAccount', '*'],
    ['organizations:LeaveOrganization', '*'],
    ['organizations:RemoveAccountFromOrganization', account(ORG_ID, '222222222222')],
    ['organizations:MoveAccount', account(ORG_ID, '222222222222')],
    ['organizations:DescribeAccount', account(OTHER_ORG_ID, '222222222222')],
    ['account:EnableRegion', `arn:aws:account::${MANAGEMENT_ACCOUNT}:account/${ORG_ID}/222222222222`],
    ['account:ListRegions', `arn:aws:account::${MANAGEMENT_ACCOUNT}:account/${OTHER_ORG_ID}/222222222222`],
  ])('may not %s on %s', async (action, resource) => {
    // Prepare / Act
    const decision = await asReader(action, resource);

    // Assess
    expect(decision).not.toBe('Allowed');
  });
});
