import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { OrchestratorLocator } from '../../cli/orchestrator-location';
import { awsError } from './support';

const cfnMock = mockClient(CloudFormationClient);
const cfn = new CloudFormationClient({ region: 'eu-west-1' });

afterEach(() => cfnMock.reset());

function stackWith(outputs: Record<string, string>): void {
  cfnMock.on(DescribeStacksCommand, { StackName: 'StepEverywhere' }).resolves({
    Stacks: [
      {
        StackName: 'StepEverywhere',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
}

describe('OrchestratorLocator', () => {
  it('reads the state machine, bucket and topic from the stack outputs, once', async () => {
    // Prepare
    stackWith({ StateMachineArn: 'arn:sm', ResultsBucketName: 'bucket', NotificationTopicArn: 'arn:topic' });
    const locator = new OrchestratorLocator(cfn, {}, {});

    // Act
    const found = [await locator.stateMachineArn(), await locator.bucket(), await locator.topicArn()];

    // Assess
    expect(found).toEqual(['arn:sm', 'bucket', 'arn:topic']);
    expect(cfnMock.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  it('prefers the flag, then the environment, and then does not read the stack', async () => {
    // Prepare
    const env = { STEP_EVERYWHERE_STATE_MACHINE_ARN: 'arn:env', STEP_EVERYWHERE_RESULTS_BUCKET: 'env-bucket' };
    const locator = new OrchestratorLocator(cfn, { stateMachine: 'arn:flag' }, env);

    // Act
    const found = [await locator.stateMachineArn(), await locator.bucket()];

    // Assess
    expect(found).toEqual(['arn:flag', 'env-bucket']);
    expect(cfnMock.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  it('names the missing stack and the ways to point at a state machine', async () => {
    // Prepare
    cfnMock.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id StepEverywhere does not exist'));
    const locator = new OrchestratorLocator(cfn, {}, {});

    // Act
    const failure = locator.stateMachineArn();

    // Assess
    await expect(failure).rejects.toThrow(
      'no state machine: stack StepEverywhere was not found — deploy the orchestrator, or pass --state-machine <arn> or set STEP_EVERYWHERE_STATE_MACHINE_ARN',
    );
  });

  it('reads the stack named by the environment', async () => {
    // Prepare
    cfnMock.on(DescribeStacksCommand, { StackName: 'Other' }).resolves({ Stacks: [] });
    const locator = new OrchestratorLocator(cfn, {}, { STEP_EVERYWHERE_STACK_NAME: 'Other' });

    // Act
    const failure = locator.requireBucket();

    // Assess
    await expect(failure).rejects.toThrow(/^the results bucket is unknown: stack Other has no such output — pass --bucket/);
  });

  it('lets other stack errors through for the classifier', async () => {
    // Prepare
    cfnMock.on(DescribeStacksCommand).rejects(awsError('AccessDenied', 'not allowed'));
    const locator = new OrchestratorLocator(cfn, {}, {});

    // Act
    const failure = locator.stateMachineArn();

    // Assess
    await expect(failure).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
