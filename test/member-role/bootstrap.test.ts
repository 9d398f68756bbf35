import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapAccounts } from '../../member-role/bootstrap';

const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);

afterEach(() => {
  sts.reset();
  cfn.reset();
});

const request = (accountIds: string[]) => ({
  accountIds,
  accessRoleName: 'OrganizationAccountAccessRole',
  stackName: 'StepEverywhereMember',
  templateBody: '{}',
  parameters: { OrganizationId: 'o-abcdefghij' },
  region: 'us-east-1',
  pollSeconds: 0,
});

function credentialsFor() {
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 900_000) },
  });
}

describe('bootstrapAccounts', () => {
  it('creates the stack through the access role and waits for CREATE_COMPLETE', async () => {
    // Prepare
    credentialsFor();
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(Object.assign(new Error('Stack with id StepEverywhereMember does not exist'), { name: 'ValidationError' }))
      .resolvesOnce({ Stacks: [{ StackName: 'StepEverywhereMember', StackStatus: 'CREATE_IN_PROGRESS', CreationTime: new Date() }] })
      .resolves({ Stacks: [{ StackName: 'StepEverywhereMember', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    cfn.on(CreateStackCommand).resolves({ StackId: 'id' });

    // Act
    const results = await bootstrapAccounts(request(['222222222222']));

    // Assess
    expect(results).toEqual([{ accountId: '222222222222', status: 'CREATE_COMPLETE' }]);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe('arn:aws:iam::222222222222:role/OrganizationAccountAccessRole');
    expect(cfn.commandCalls(CreateStackCommand)[0].args[0].input).toMatchObject({
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: [{ ParameterKey: 'OrganizationId', ParameterValue: 'o-abcdefghij' }],
    });
  });

  it('treats "no updates" on an existing stack as done', async () => {
    // Prepare
    credentialsFor();
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'StepEverywhereMember', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    cfn.on(UpdateStackCommand).rejects(Object.assign(new Error('No updates are to be performed.'), { name: 'ValidationError' }));

    // Act
    const results = await bootstrapAccounts(request(['222222222222']));

    // Assess
    expect(results[0].status).toBe('CREATE_COMPLETE');
    expect(cfn.commandCalls(CreateStackCommand)).toHaveLength(0);
  });

  it('reports an account it cannot enter and goes on with the others', async () => {
    // Prepare
    sts
      .on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole' })
      .rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }))
      .on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole' })
      .resolves({ Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date() } });
    cfn
      .on(DescribeStacksCommand)
      .rejectsOnce(Object.assign(new Error('Stack with id StepEverywhereMember does not exist'), { name: 'ValidationError' }))
      .resolves({ Stacks: [{ StackName: 'StepEverywhereMember', StackStatus: 'ROLLBACK_COMPLETE', StackStatusReason: 'role exists', CreationTime: new Date() }] });
    cfn.on(CreateStackCommand).resolves({ StackId: 'id' });

    // Act
    const results = await bootstrapAccounts(request(['333333333333', '222222222222']));

    // Assess
    expect(results).toEqual([
      { accountId: '222222222222', status: 'ROLLBACK_COMPLETE', reason: 'role exists' },
      { accountId: '333333333333', status: 'FAILED', reason: 'AccessDenied: not authorized to perform sts:AssumeRole' },
    ]);
  });
});
