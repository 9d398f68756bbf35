import { CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionRole } from '../../../../local/server';
import type { StaticUser } from '../../../../local/server';
import { startCfnWorld, waitForStack, type CfnWorld } from './cfn-fixture';

const MEMBER = '222222222222';

/** Allowed CloudFormation on StepEverywhere-* stacks only, and to pass one execution role to CloudFormation. */
const DEPLOYER: StaticUser = {
  accessKeyId: 'AKIADEPLOYERSCOPED01',
  secretAccessKey: 'deployer-secret-key-0123456789',
  accountId: MEMBER,
  userName: 'deployer',
  policies: [
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'cloudformation:*', Resource: `arn:aws:cloudformation:*:${MEMBER}:stack/StepEverywhere-*/*` },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${MEMBER}:role/cfn-exec`, Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } } },
      ],
    },
  ],
};

const TOPIC = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });

let world: CfnWorld;

beforeAll(async () => {
  world = await startCfnWorld({}, [DEPLOYER]);
  await provisionRole(world.local.store, MEMBER, {
    roleName: 'cfn-exec',
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    inlinePolicies: { sns: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:*', Resource: '*' }] } },
  });
});

afterAll(async () => {
  await world.close();
});

describe('authorization on the stack ARN', () => {
  it('denies a caller scoped to StepEverywhere-* stacks on another stack', async () => {
    // Prepare
    const cfn = world.client(DEPLOYER);

    // Act
    const denied = await cfn.send(new CreateStackCommand({ StackName: 'Other', TemplateBody: TOPIC })).catch((error: Error) => error);
    const describeDenied = await cfn.send(new DescribeStacksCommand({ StackName: 'Other' })).catch((error: Error) => error);

    // Assess
    expect(denied).toMatchObject({ name: 'AccessDenied' });
    expect((denied as Error).message).toBe(
      `User: arn:aws:iam::${MEMBER}:user/deployer is not authorized to perform: cloudformation:CreateStack on resource: arn:aws:cloudformation:eu-west-1:${MEMBER}:stack/Other/*`,
    );
    expect(describeDenied).toMatchObject({ name: 'AccessDenied' });
  });

  it('a prefixed stack without a service role fails at the resource: the caller may not create topics', async () => {
    // Prepare
    const cfn = world.client(DEPLOYER);

    // Act
    await cfn.send(new CreateStackCommand({ StackName: 'StepEverywhere-NoRole', TemplateBody: TOPIC }));
    const done = await waitForStack(cfn, 'StepEverywhere-NoRole');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'StepEverywhere-NoRole' }))).StackEvents ?? [];

    // Assess
    expect(done.status).toBe('ROLLBACK_COMPLETE');
    const failure = events.find((event) => event.LogicalResourceId === 'Topic' && event.ResourceStatus === 'CREATE_FAILED');
    expect(failure?.ResourceStatusReason).toContain(`User: arn:aws:iam::${MEMBER}:user/deployer is not authorized to perform: sns:CreateTopic`);
  });

  it('with the execution role passed as RoleARN the stack acts as that role and completes; another role cannot be passed', async () => {
    // Prepare
    const cfn = world.client(DEPLOYER);

    // Act
    const created = await cfn.send(new CreateStackCommand({ StackName: 'StepEverywhere-WithRole', TemplateBody: TOPIC, RoleARN: `arn:aws:iam::${MEMBER}:role/cfn-exec` }));
    const done = await waitForStack(cfn, 'StepEverywhere-WithRole');
    const other = await cfn
      .send(new CreateStackCommand({ StackName: 'StepEverywhere-Other', TemplateBody: TOPIC, RoleARN: `arn:aws:iam::${MEMBER}:role/admin` }))
      .catch((error: Error) => error);
    await cfn.send(new DeleteStackCommand({ StackName: 'StepEverywhere-WithRole' }));
    const deleted = await waitForStack(cfn, created.StackId as string);

    // Assess
    expect(done.status).toBe('CREATE_COMPLETE');
    expect(other).toMatchObject({ name: 'AccessDenied' });
    expect((other as Error).message).toContain('iam:PassRole');
    expect(deleted.status).toBe('DELETE_COMPLETE');
  });
});
