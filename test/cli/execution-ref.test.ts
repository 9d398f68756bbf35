import { SFNClient, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { describeExecution, executionArnFor, resultsPrefixOf, stateMachineArnOf } from '../../cli/execution-ref';
import { awsError } from './support';
import { EXECUTION_ARN, STATE_MACHINE_ARN } from './fixtures';

const sfnMock = mockClient(SFNClient);
afterEach(() => sfnMock.reset());

describe('executionArnFor', () => {
  it('keeps an execution ARN and builds one from a name', () => {
    // Prepare
    const name = 'baseline-20250301T100000Z';

    // Act
    const [fromArn, fromName] = [executionArnFor(EXECUTION_ARN, 'unused'), executionArnFor(name, STATE_MACHINE_ARN)];

    // Assess
    expect(fromArn).toBe(EXECUTION_ARN);
    expect(fromName).toBe(EXECUTION_ARN);
    expect(stateMachineArnOf(EXECUTION_ARN)).toBe(STATE_MACHINE_ARN);
  });

  it('refuses an ARN that is not an execution', () => {
    // Prepare
    const ref = STATE_MACHINE_ARN;

    // Act
    const act = () => executionArnFor(ref, STATE_MACHINE_ARN);

    // Assess
    expect(act).toThrow(/is not an execution ARN — give arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME or the execution name$/);
  });
});

describe('resultsPrefixOf', () => {
  it('follows the results layout for a name, a qualified name and an ARN', () => {
    // Prepare
    const inputs = ['StepEverywhere_w', 'StepEverywhere_w:live', 'arn:aws:lambda:eu-west-1:999999999999:function:StepEverywhere_w:3'];

    // Act
    const prefixes = inputs.map((Function) => resultsPrefixOf({ input: JSON.stringify({ Function }), name: 'run-1' }));

    // Assess
    expect(prefixes).toEqual([
      'StepEverywhere/StepEverywhere_w/$LATEST/run-1',
      'StepEverywhere/StepEverywhere_w/live/run-1',
      'StepEverywhere/StepEverywhere_w/3/run-1',
    ]);
  });

  it('is undefined when the input names no function', () => {
    // Prepare
    const inputs = ['not json', '{}', '{"Function": "a:b:c"}'];

    // Act
    const prefixes = inputs.map((input) => resultsPrefixOf({ input, name: 'run-1' }));

    // Assess
    expect(prefixes).toEqual([undefined, undefined, undefined]);
  });
});

describe('describeExecution', () => {
  it('turns an unknown execution into one line naming it and how to list executions', async () => {
    // Prepare
    sfnMock.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist', 'Execution Does Not Exist'));

    // Act
    const failure = describeExecution(new SFNClient({ region: 'eu-west-1' }), EXECUTION_ARN, 'baseline-20250301T100000Z');

    // Assess
    await expect(failure).rejects.toMatchObject({
      exitCode: 2,
      message: `no execution baseline-20250301T100000Z (${EXECUTION_ARN}) — list executions with: aws stepfunctions list-executions --state-machine-arn ${STATE_MACHINE_ARN}`,
    });
  });
});
