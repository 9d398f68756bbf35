import { runSimulation } from '@cloud-copilot/iam-simulate';
import { readFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXECUTION_ROLE_NAME, DEFAULT_MEMBER_ROLE_NAME } from '../../orchestrator/contract';
import {
  assumeRole,
  call,
  CREDENTIALS_ROLE_ARN,
  deployedRole,
  HUB_ACCOUNT,
  MEMBER_ACCOUNT,
  ORG_ID,
  OTHER_ORG_ID,
  REGION,
  synthMember,
} from './synth';

/**
 * The synthesized member stack, resolved as CloudFormation would deploy it in
 * MEMBER_ACCOUNT, evaluated with an IAM policy simulator: what the roles allow, and above
 * all what they refuse.
 */
type Deployed = ReturnType<typeof deployedRole>;
let member: Deployed;
let execution: Deployed;

beforeAll(() => {
  const { json } = synthMember();
  member = deployedRole(json, DEFAULT_MEMBER_ROLE_NAME, MEMBER_ACCOUNT);
  execution = deployedRole(json, DEFAULT_EXECUTION_ROLE_NAME, MEMBER_ACCOUNT);
});

const memberRole = () => ({ arn: member.arn, trust: member.trust, accountId: MEMBER_ACCOUNT });
const stack = (name: string, account = MEMBER_ACCOUNT) =>
  `arn:aws:cloudformation:${REGION}:${account}:stack/${name}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
const asMember = (action: string, resource: string, context: Record<string, string> = {}) =>
  call({ principalArn: member.arn, policies: member.policies, action, resource, accountId: MEMBER_ACCOUNT, context });

describe('who may assume the member role', () => {
  it('the credentials role, from within the organization, may', async () => {
    // Prepare / Act
    const decision = await assumeRole({ principalArn: CREDENTIALS_ROLE_ARN, principalOrgId: ORG_ID, role: memberRole() });

    // Assess
    expect(decision).toBe('Allowed');
  });

  it('another role of the hub account may not, even with sts:AssumeRole on *', async () => {
    // Prepare
    const other = `arn:aws:iam::${HUB_ACCOUNT}:role/Administrator`;

    // Act
    const decision = await assumeRole({ principalArn: other, principalOrgId: ORG_ID, role: memberRole() });

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('the credentials role may not once its account is outside the organization', async () => {
    // Prepare / Act
    const decision = await assumeRole({ principalArn: CREDENTIALS_ROLE_ARN, principalOrgId: OTHER_ORG_ID, role: memberRole() });

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('a role of the same name in another account of the organization may not', async () => {
    // Prepare
    const lookalike = CREDENTIALS_ROLE_ARN.replace(HUB_ACCOUNT, '444444444444');

    // Act
    const decision = await assumeRole({ principalArn: lookalike, principalOrgId: ORG_ID, role: memberRole() });

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('an administrator of the member account itself may not', async () => {
    // Prepare
    const local = `arn:aws:iam::${MEMBER_ACCOUNT}:role/Administrator`;

    // Act
    const decision = await assumeRole({ principalArn: local, principalOrgId: ORG_ID, role: memberRole() });

    // Assess
    expect(decision).not.toBe('Allowed');
  });
});

/** Every CloudFormation call the deployer makes, read from its source so a new call cannot go untested. */
function deployerCalls(): string[] {
  const dir = join(__dirname, '../../worker-templates/cloudformation-deployer');
  const source = ['deploy-target.ts', 'stack-reader.ts'].map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
  return [...new Set([...source.matchAll(/new (\w+)Command\(/g)].map((m) => `cloudformation:${m[1]}`))].sort();
}

describe('the CloudFormation deployer as the member role', () => {
  it('makes the calls this test knows of', () => {
    expect(deployerCalls()).toEqual([
      'cloudformation:ContinueUpdateRollback',
      'cloudformation:CreateChangeSet',
      'cloudformation:DeleteChangeSet',
      'cloudformation:DeleteStack',
      'cloudformation:DescribeChangeSet',
      'cloudformation:DescribeStackEvents',
      'cloudformation:DescribeStacks',
      'cloudformation:ExecuteChangeSet',
      'cloudformation:UpdateTerminationProtection',
    ]);
  });

  it.each(deployerCalls())('may %s on a prefixed stack and not on any other', async (action) => {
    // Act
    const prefixed = await asMember(action, stack('StepEverywhere-app'));
    const other = await asMember(action, stack('network-baseline'));

    // Assess
    expect(prefixed).toBe('Allowed');
    expect(other).not.toBe('Allowed');
  });
});

describe('what the member role may do', () => {
  it.each(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks'])(
    'may %s on a stack named with the prefix',
    async (action) => {
      // Prepare / Act
      const decision = await asMember(action, stack('StepEverywhere-app'));

      // Assess
      expect(decision).toBe('Allowed');
    },
  );

  it.each(['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteStack', 'cloudformation:DescribeStacks'])(
    'may not %s on other-stack',
    async (action) => {
      // Prepare / Act
      const decision = await asMember(action, stack('other-stack'));

      // Assess
      expect(decision).not.toBe('Allowed');
    },
  );

  it('may not delete a stack whose name only contains the prefix', async () => {
    // Prepare / Act
    const decision = await asMember('cloudformation:DeleteStack', stack('Team-StepEverywhere-app'));

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('may list the stacks of the account (the inventory worker)', async () => {
    // Prepare / Act
    const decision = await asMember('cloudformation:ListStacks', '*');

    // Assess
    expect(decision).toBe('Allowed');
  });

  it.each([
    ['s3:PutObject', 'arn:aws:s3:::any-bucket/any-key'],
    ['s3:GetObject', 'arn:aws:s3:::any-bucket/any-key'],
    ['sns:Publish', `arn:aws:sns:${REGION}:${MEMBER_ACCOUNT}:any-topic`],
    ['iam:CreateRole', `arn:aws:iam::${MEMBER_ACCOUNT}:role/Escalated`],
    ['iam:AttachRolePolicy', `arn:aws:iam::${MEMBER_ACCOUNT}:role/${DEFAULT_EXECUTION_ROLE_NAME}`],
    ['iam:PutRolePolicy', `arn:aws:iam::${MEMBER_ACCOUNT}:role/${DEFAULT_MEMBER_ROLE_NAME}`],
    ['sts:AssumeRole', `arn:aws:iam::${MEMBER_ACCOUNT}:role/${DEFAULT_EXECUTION_ROLE_NAME}`],
    ['cloudformation:CreateStackSet', '*'],
  ])('may not %s', async (action, resource) => {
    // Prepare / Act
    const decision = await asMember(action, resource);

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('may pass the execution role to CloudFormation', async () => {
    // Prepare / Act
    const decision = await asMember('iam:PassRole', execution.arn, { 'iam:PassedToService': 'cloudformation.amazonaws.com' });

    // Assess
    expect(decision).toBe('Allowed');
  });

  it('may not pass another role to CloudFormation', async () => {
    // Prepare
    const admin = `arn:aws:iam::${MEMBER_ACCOUNT}:role/Administrator`;

    // Act
    const decision = await asMember('iam:PassRole', admin, { 'iam:PassedToService': 'cloudformation.amazonaws.com' });

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it.each(['lambda.amazonaws.com', 'ec2.amazonaws.com'])('may not pass the execution role to %s', async (service) => {
    // Prepare / Act
    const decision = await asMember('iam:PassRole', execution.arn, { 'iam:PassedToService': service });

    // Assess
    expect(decision).not.toBe('Allowed');
  });
});

describe('who may assume the execution role', () => {
  const assumeExecution = async (principal: string, sourceAccount: string) => {
    const result = await runSimulation(
      {
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: execution.trust,
        request: {
          action: 'sts:AssumeRole',
          principal,
          resource: { accountId: MEMBER_ACCOUNT, resource: execution.arn },
          contextVariables: { 'aws:SourceAccount': sourceAccount },
        },
      },
      {},
    );
    if (result.resultType !== 'single') throw new Error(`simulation failed: ${JSON.stringify(result)}`);
    return result.overallResult;
  };

  it('CloudFormation, acting for the member account, may', async () => {
    // Prepare / Act
    const decision = await assumeExecution('cloudformation.amazonaws.com', MEMBER_ACCOUNT);

    // Assess
    expect(decision).toBe('Allowed');
  });

  it('CloudFormation acting for another account may not', async () => {
    // Prepare / Act
    const decision = await assumeExecution('cloudformation.amazonaws.com', '999999999999');

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('another service may not', async () => {
    // Prepare / Act
    const decision = await assumeExecution('lambda.amazonaws.com', MEMBER_ACCOUNT);

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('the credentials role may not', async () => {
    // Prepare / Act
    const decision = await assumeRole({
      principalArn: CREDENTIALS_ROLE_ARN,
      principalOrgId: ORG_ID,
      role: { arn: execution.arn, trust: execution.trust, accountId: MEMBER_ACCOUNT },
    });

    // Assess
    expect(decision).not.toBe('Allowed');
  });
});
