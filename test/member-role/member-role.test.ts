import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  ASSUMABLE_TAG_KEY,
  ASSUMABLE_TAG_VALUE,
  DEFAULT_EXECUTION_ROLE_NAME,
  DEFAULT_MEMBER_ROLE_NAME,
  STACK_NAME_PREFIX,
} from '../../orchestrator/contract';
import { CREDENTIALS_ROLE_ARN, HUB_ACCOUNT, ORG_ID, roleByName, synthMember } from './synth';

const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const stackArn = (kind: string, prefix = STACK_NAME_PREFIX) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:*:', { Ref: 'AWS::AccountId' }, `:${kind}/${prefix}*/*`]],
});

describe('member role', () => {
  it('carries the tag the credentials role requires', () => {
    // Prepare / Act
    const { template } = synthMember();

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: DEFAULT_MEMBER_ROLE_NAME,
      Tags: [{ Key: ASSUMABLE_TAG_KEY, Value: ASSUMABLE_TAG_VALUE }],
    });
  });

  it('is the only role tagged assumable: the execution role is not', () => {
    // Prepare / Act
    const { json } = synthMember();

    // Assess
    const tagged = Object.values(json.Resources).filter((r) =>
      ((r.Properties?.Tags as Array<{ Key: string }> | undefined) ?? []).some((t) => t.Key === ASSUMABLE_TAG_KEY),
    );
    expect(tagged.map((r) => r.Properties?.RoleName)).toEqual([DEFAULT_MEMBER_ROLE_NAME]);
  });

  it('trusts the hub account only through the credentials role ARN and the organization id, in one statement', () => {
    // Prepare / Act
    const { template } = synthMember();

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: DEFAULT_MEMBER_ROLE_NAME,
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectEquals({
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: partitionArn(`:iam::${HUB_ACCOUNT}:root`) },
            Condition: {
              ArnEquals: { 'aws:PrincipalArn': CREDENTIALS_ROLE_ARN },
              StringEquals: { 'aws:PrincipalOrgID': ORG_ID },
            },
          }),
        ],
      },
    });
  });

  it('limits sessions to one hour by default', () => {
    // Prepare / Act
    const { template } = synthMember();

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: DEFAULT_MEMBER_ROLE_NAME, MaxSessionDuration: 3600 });
  });

  it('grants the deployer actions only on stacks and change sets named with the prefix', () => {
    // Prepare / Act
    const { template } = synthMember();

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: DEFAULT_MEMBER_ROLE_NAME,
      Policies: [
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectEquals({
                Sid: 'PrefixedStacksOnly',
                Effect: 'Allow',
                Action: [
                  'cloudformation:DescribeStacks',
                  'cloudformation:DescribeStackEvents',
                  'cloudformation:DescribeStackResources',
                  'cloudformation:GetTemplate',
                  'cloudformation:GetTemplateSummary',
                  'cloudformation:CreateChangeSet',
                  'cloudformation:DescribeChangeSet',
                  'cloudformation:ExecuteChangeSet',
                  'cloudformation:DeleteChangeSet',
                  'cloudformation:ListChangeSets',
                  'cloudformation:DeleteStack',
                  'cloudformation:ContinueUpdateRollback',
                  'cloudformation:UpdateTerminationProtection',
                  'cloudformation:TagResource',
                ],
                Resource: [stackArn('stack'), stackArn('changeSet')],
              }),
            ]),
          },
        },
      ],
    });
  });

  it('grants on * only the CloudFormation actions that accept no resource', () => {
    // Prepare / Act
    const { template } = synthMember();

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: DEFAULT_MEMBER_ROLE_NAME,
      Policies: [
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectEquals({
                Sid: 'ActionsWithoutResourceScope',
                Effect: 'Allow',
                Action: ['cloudformation:ListStacks', 'cloudformation:ValidateTemplate'],
                Resource: '*',
              }),
            ]),
          },
        },
      ],
    });
  });

  it('may pass only the execution role, and only to CloudFormation', () => {
    // Prepare
    const { template, json } = synthMember();
    const execution = roleByName(json, DEFAULT_EXECUTION_ROLE_NAME).logicalId;

    // Act / Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: DEFAULT_MEMBER_ROLE_NAME,
      Policies: [
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectEquals({
                Sid: 'PassExecutionRoleToCloudFormationOnly',
                Effect: 'Allow',
                Action: 'iam:PassRole',
                Resource: { 'Fn::GetAtt': [execution, 'Arn'] },
                Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
              }),
            ]),
          },
        },
      ],
    });
  });

  it('has exactly the three statements and no other policy', () => {
    // Prepare / Act
    const { json, template } = synthMember();

    // Assess
    const member = roleByName(json, DEFAULT_MEMBER_ROLE_NAME).properties;
    const policies = member.Policies as Array<{ PolicyDocument: { Statement: Array<{ Sid: string }> } }>;
    expect(policies).toHaveLength(1);
    expect(policies[0].PolicyDocument.Statement.map((s) => s.Sid)).toEqual([
      'PrefixedStacksOnly',
      'ActionsWithoutResourceScope',
      'PassExecutionRoleToCloudFormationOnly',
    ]);
    expect(member.ManagedPolicyArns).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });
});

describe('execution role', () => {
  it('trusts only CloudFormation acting for its own account', () => {
    // Prepare / Act
    const { template } = synthMember();

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: DEFAULT_EXECUTION_ROLE_NAME,
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectEquals({
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'cloudformation.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
  });

  it('has no permission unless the operator grants some', () => {
    // Prepare / Act
    const { json, template } = synthMember();

    // Assess
    const execution = roleByName(json, DEFAULT_EXECUTION_ROLE_NAME).properties;
    expect(execution.Policies).toBeUndefined();
    expect(execution.ManagedPolicyArns).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  it('receives exactly the statements and managed policies the operator grants', () => {
    // Prepare
    const statement = new iam.PolicyStatement({
      actions: ['sqs:CreateQueue', 'sqs:DeleteQueue'],
      resources: ['arn:aws:sqs:*:*:StepEverywhere-*'],
    });
    const managed = iam.ManagedPolicy.fromManagedPolicyArn(new Stack(), 'Given', 'arn:aws:iam::222222222222:policy/TeamQueues');

    // Act
    const { template, json } = synthMember({
      executionRolePolicyStatements: [statement],
      executionRoleManagedPolicies: [managed],
    });

    // Assess
    const execution = roleByName(json, DEFAULT_EXECUTION_ROLE_NAME).logicalId;
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: DEFAULT_EXECUTION_ROLE_NAME,
      ManagedPolicyArns: ['arn:aws:iam::222222222222:policy/TeamQueues'],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: execution }],
      PolicyDocument: {
        Statement: [
          Match.objectEquals({
            Effect: 'Allow',
            Action: ['sqs:CreateQueue', 'sqs:DeleteQueue'],
            Resource: 'arn:aws:sqs:*:*:StepEverywhere-*',
          }),
        ],
      },
    });
  });
});

describe('names and limits', () => {
  it('uses the given role names, stack name prefix and session duration', () => {
    // Prepare / Act
    const { template, json } = synthMember({
      roleName: 'TeamMember',
      executionRoleName: 'TeamExecution',
      stackNamePrefix: 'Team-',
      maxSessionDuration: Duration.hours(2),
    });

    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'TeamMember',
      MaxSessionDuration: 7200,
      Policies: [
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Sid: 'PrefixedStacksOnly', Resource: [stackArn('stack', 'Team-'), stackArn('changeSet', 'Team-')] }),
              Match.objectLike({ Sid: 'PassExecutionRoleToCloudFormationOnly', Resource: { 'Fn::GetAtt': [roleByName(json, 'TeamExecution').logicalId, 'Arn'] } }),
            ]),
          },
        },
      ],
    });
  });
});
