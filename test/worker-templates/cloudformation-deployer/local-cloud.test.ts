import { DescribeStacksCommand, ListChangeSetsCommand, UpdateTerminationProtectionCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionRole, type StaticUser } from '../../../local/server';
import { deployer, type DeployAnswer } from '../../../worker-templates/cloudformation-deployer';
import { startCfnWorld, type CfnWorld } from '../../local/services/cloudformation/cfn-fixture';
import { ACCOUNT, context } from './support';

/**
 * The deployer driven poll by poll against the local cloud's CloudFormation, as a caller with
 * the member role's reach: CloudFormation on StepEverywhere-* stacks, and passing one role.
 */
const MEMBER: StaticUser = {
  accessKeyId: 'AKIAMEMBERDEPLOYER01',
  secretAccessKey: 'member-deployer-secret-0123456789',
  accountId: ACCOUNT,
  userName: 'member-deployer',
  policies: [
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'cloudformation:*', Resource: `arn:aws:cloudformation:*:${ACCOUNT}:stack/StepEverywhere-*/*` },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/StepEverywhereCloudFormationExecution`, Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } } },
      ],
    },
  ],
};

const template = (displayName: string) =>
  JSON.stringify({
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: displayName } } },
    Outputs: { TopicArn: { Value: { Ref: 'Topic' } } },
  });

let executions = 0;
const nextExecution = () => `arn:aws:states:us-east-1:111111111111:execution:StepEverywhere:local-${++executions}`;

let world: CfnWorld;
let cfn: CloudFormationClient;

beforeAll(async () => {
  world = await startCfnWorld({}, [MEMBER]);
  await provisionRole(world.local.store, ACCOUNT, {
    roleName: 'StepEverywhereCloudFormationExecution',
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    inlinePolicies: { sns: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:*', Resource: '*' }] } },
  });
  cfn = world.client(MEMBER);
}, 60_000);

afterAll(async () => world?.close());

/** Invokes the deployer as the state machine would, handing each IN_PROGRESS State back, until it ends. */
async function run(payload: unknown, state?: unknown, executionId = nextExecution()): Promise<DeployAnswer> {
  let current = state;
  for (let poll = 0; poll < 300; poll++) {
    const answer = await deployer({ cfn })(context(payload, current, { executionId }));
    if (answer.Status !== 'IN_PROGRESS') return answer;
    current = answer.State;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the deployer did not finish in 300 polls');
}

async function status(stackName: string): Promise<string | undefined> {
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.StackStatus;
  } catch {
    return undefined;
  }
}

/** The stack's status once no operation runs on it (a delete the deployer started may still be under way). */
async function settledStatus(stackName: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const current = await status(stackName);
    if (current === undefined || !current.endsWith('_IN_PROGRESS')) return current;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${stackName} did not settle`);
}

const changeSetsOf = async (stackName: string) => (await cfn.send(new ListChangeSetsCommand({ StackName: stackName }))).Summaries ?? [];

describe('the deployer on the local cloud', () => {
  it('creates a stack, retried first invocation and all, with one change set, and reports its outputs', async () => {
    // Prepare
    const payload = { StackName: 'StepEverywhere-local-a', TemplateBody: template('one') };

    const executionId = nextExecution();

    // Act: the first invocation runs twice, as a Lambda retry would.
    await deployer({ cfn })(context(payload, undefined, { executionId }));
    const retried = await deployer({ cfn })(context(payload, undefined, { executionId }));
    const changeSetsWhileReviewing = await changeSetsOf('StepEverywhere-local-a');
    const answer = await run(payload, retried.Status === 'IN_PROGRESS' ? retried.State : undefined, executionId);

    // Assess
    expect(changeSetsWhileReviewing).toHaveLength(1);
    expect(answer).toMatchObject({ Status: 'SUCCEEDED', Result: { StackStatus: 'CREATE_COMPLETE', Outputs: { TopicArn: expect.stringContaining(':StepEverywhere-local-a-Topic') } } });
  }, 60_000);

  it('plans a change without making it, then finds nothing to do for the same template', async () => {
    // Prepare
    const changed = { StackName: 'StepEverywhere-local-a', TemplateBody: template('two'), PlanOnly: true };

    // Act
    const plan = await run(changed);
    const same = await run({ StackName: 'StepEverywhere-local-a', TemplateBody: template('one') });

    // Assess
    expect(plan).toMatchObject({ Status: 'SUCCEEDED', Result: { StackStatus: 'CREATE_COMPLETE', Changes: [{ Action: 'Modify', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic' }] } });
    expect(same.Status).toBe('NO_CHANGE');
    expect((await changeSetsOf('StepEverywhere-local-a')).map((c) => c.ExecutionStatus)).toEqual(['EXECUTE_COMPLETE']);
  }, 60_000);

  it('plans a new stack and leaves no stack behind', async () => {
    // Act
    const plan = await run({ StackName: 'StepEverywhere-local-plan', TemplateBody: template('one'), PlanOnly: true });

    // Assess
    expect(plan).toMatchObject({ Status: 'SUCCEEDED', Result: { Changes: [{ Action: 'Add', LogicalResourceId: 'Topic' }] } });
    expect(await settledStatus('StepEverywhere-local-plan')).toBeUndefined();
  }, 60_000);

  it('run again within the same execution (a redrive), steps past the change set its earlier run executed', async () => {
    // Prepare
    const executionId = nextExecution();
    await run({ StackName: 'StepEverywhere-local-b', TemplateBody: template('one') }, undefined, executionId);

    // Act
    const again = await run({ StackName: 'StepEverywhere-local-b', TemplateBody: template('two') }, undefined, executionId);

    // Assess
    expect(again).toMatchObject({ Status: 'SUCCEEDED', Result: { StackStatus: 'UPDATE_COMPLETE' } });
  }, 60_000);

  it('deletes a protected stack only when the payload lifts the protection', async () => {
    // Prepare
    await cfn.send(new UpdateTerminationProtectionCommand({ StackName: 'StepEverywhere-local-a', EnableTerminationProtection: true }));

    // Act
    const refused = await run({ StackName: 'StepEverywhere-local-a', Action: 'delete' });
    const deleted = await run({ StackName: 'StepEverywhere-local-a', Action: 'delete', TerminationProtection: false });

    // Assess
    expect(refused).toMatchObject({ Status: 'FAILED', Cause: expect.stringContaining('termination protection') });
    expect(deleted).toMatchObject({ Status: 'SUCCEEDED', Result: { StackStatus: 'DELETE_COMPLETE' } });
    expect(await settledStatus('StepEverywhere-local-a')).toBeUndefined();
  }, 60_000);
});
