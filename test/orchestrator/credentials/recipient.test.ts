import { GetFunctionConfigurationCommand, LambdaClient, LambdaServiceException, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { ErrorNames } from '../../../orchestrator/contract';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRecipientLookup } from '../../../orchestrator/credentials';
import { WORKER_ROLE_ARN } from './fixtures';

const lambdaMock = mockClient(LambdaClient);
const lambda = new LambdaClient({ region: 'eu-west-1' });

afterEach(() => {
  lambdaMock.reset();
});

describe('makeRecipientLookup', () => {
  it("answers the worker's execution role", async () => {
    // Prepare
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Role: WORKER_ROLE_ARN });
    const recipientOf = makeRecipientLookup(lambda);

    // Act
    const role = await recipientOf('StepEverywhere_Inventory:live');

    // Assess
    expect(role).toBe(WORKER_ROLE_ARN);
    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand)[0].args[0].input).toEqual({
      FunctionName: 'StepEverywhere_Inventory:live',
    });
  });

  it('asks Lambda once per function', async () => {
    // Prepare
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Role: WORKER_ROLE_ARN });
    const recipientOf = makeRecipientLookup(lambda);

    // Act
    await Promise.all([recipientOf('StepEverywhere_A'), recipientOf('StepEverywhere_A')]);
    await recipientOf('StepEverywhere_A');
    await recipientOf('StepEverywhere_B');

    // Assess
    const asked = lambdaMock.commandCalls(GetFunctionConfigurationCommand).map((call) => call.args[0].input.FunctionName);
    expect(asked).toEqual(['StepEverywhere_A', 'StepEverywhere_B']);
  });

  it('does not remember a failed lookup', async () => {
    // Prepare
    lambdaMock
      .on(GetFunctionConfigurationCommand)
      .rejectsOnce(new LambdaServiceException({ name: 'ServiceException', $fault: 'server', $metadata: {}, message: 'try again' }))
      .resolves({ Role: WORKER_ROLE_ARN });
    const recipientOf = makeRecipientLookup(lambda);
    await expect(recipientOf('StepEverywhere_A')).rejects.toThrow('try again');

    // Act
    const role = await recipientOf('StepEverywhere_A');

    // Assess
    expect(role).toBe(WORKER_ROLE_ARN);
    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(2);
  });

  it('throws when the function has no role', async () => {
    // Prepare
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({});
    const recipientOf = makeRecipientLookup(lambda);

    // Act
    const lookup = recipientOf('StepEverywhere_A');

    // Assess
    await expect(lookup).rejects.toThrow(/StepEverywhere_A answered without an execution role/);
  });

  it('names the missing worker and the fix, as an error the state machine never retries', async () => {
    // Prepare
    lambdaMock.on(GetFunctionConfigurationCommand).rejects(new ResourceNotFoundException({ $metadata: {}, message: 'Function not found: arn:aws:lambda:eu-west-1:111111111111:function:StepEverywhere_Nope' }));
    const recipientOf = makeRecipientLookup(lambda);

    // Act
    const lookup = recipientOf('StepEverywhere_Nope');

    // Assess
    await expect(lookup).rejects.toMatchObject({ name: ErrorNames.WORKER_NOT_ALLOWED, message: expect.stringMatching(/^Function StepEverywhere_Nope: no such Lambda function .*deploy the worker there, or name an existing one in Function/) });
  });
});
