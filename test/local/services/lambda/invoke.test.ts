import { AddPermissionCommand, InvokeCommand, ResourceNotFoundException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, NOBODY, REGION, failureOf, modulePath, startLambdaCloud, type LambdaTestCloud } from './lambda-fixture';

let t: LambdaTestCloud;

const WHO_AM_I = `const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(modulePath('@aws-sdk/client-sts'))});
exports.handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.delayMs ?? 0));
  const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
  return { greeting: process.env.GREETING, arn: identity.Arn };
};`;

function text(payload: Uint8Array | undefined): string {
  return Buffer.from(payload ?? new Uint8Array()).toString('utf8');
}

beforeAll(async () => {
  t = await startLambdaCloud();
  await t.fn('english', WHO_AM_I, { environment: { GREETING: 'hello' } });
  await t.fn('french', WHO_AM_I, { environment: { GREETING: 'bonjour' } });
  await t.fn('thrower', `exports.handler = async () => { const e = new Error('no such stack'); e.name = 'StackMissing'; throw e; };`);
  await t.fn('sleeper', `exports.handler = () => new Promise(() => undefined);`, { timeoutSeconds: 1 });
});

afterAll(async () => {
  await t.close();
});

describe('Invoke over HTTP', () => {
  it('runs two functions at once, each with its own environment and its own role', async () => {
    // Prepare
    const lambda = t.client();

    // Act
    const [english, french] = await Promise.all([
      lambda.send(new InvokeCommand({ FunctionName: 'english', Payload: Buffer.from('{"delayMs":150}') })),
      lambda.send(new InvokeCommand({ FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:french`, Payload: Buffer.from('{"delayMs":150}') })),
    ]);

    // Assess
    expect(english.StatusCode).toBe(200);
    expect(english.ExecutedVersion).toBe('$LATEST');
    expect(JSON.parse(text(english.Payload))).toEqual({ greeting: 'hello', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/english-role/english` });
    expect(JSON.parse(text(french.Payload))).toEqual({ greeting: 'bonjour', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/french-role/french` });
  });

  it('answers a thrown error with X-Amz-Function-Error Unhandled and the error payload', async () => {
    // Prepare
    const lambda = t.client();

    // Act
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'thrower' }));

    // Assess
    expect(answer.StatusCode).toBe(200);
    expect(answer.FunctionError).toBe('Unhandled');
    expect(JSON.parse(text(answer.Payload))).toMatchObject({ errorType: 'StackMissing', errorMessage: 'no such stack', trace: expect.arrayContaining(['StackMissing: no such stack']) });
  });

  it('answers a function past its timeout with Sandbox.Timedout', async () => {
    // Prepare
    const lambda = t.client();

    // Act
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'sleeper' }));

    // Assess
    expect(answer.FunctionError).toBe('Unhandled');
    expect(JSON.parse(text(answer.Payload))).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: expect.stringMatching(/Task timed out after 1\.\d\d seconds$/) });
  });

  it('refuses a caller whose policies do not allow lambda:InvokeFunction', async () => {
    // Prepare
    const lambda = t.client(NOBODY);

    // Act
    const refused = await failureOf(lambda.send(new InvokeCommand({ FunctionName: 'english' })));

    // Assess
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:${REGION}:${ACCOUNT}:function:english`);
    expect(refused.$metadata?.httpStatusCode).toBe(403);
  });

  it('lets a caller the function policy names invoke it (AddPermission)', async () => {
    // Prepare
    await t.fn('shared', `exports.handler = async () => 'shared';`);
    await t.client().send(new AddPermissionCommand({ FunctionName: 'shared', StatementId: 'nobody', Action: 'lambda:InvokeFunction', Principal: `arn:aws:iam::${ACCOUNT}:user/nobody` }));

    // Act
    const answer = await t.client(NOBODY).send(new InvokeCommand({ FunctionName: 'shared' }));

    // Assess
    expect(text(answer.Payload)).toBe('"shared"');
  });

  it('answers an unknown function with ResourceNotFoundException', async () => {
    // Prepare
    const lambda = t.client();

    // Act
    const missing = await failureOf(lambda.send(new InvokeCommand({ FunctionName: 'nowhere' })));

    // Assess
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe(`Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nowhere`);
  });

  it('answers a qualifier other than $LATEST with ResourceNotFoundException', async () => {
    // Prepare
    const lambda = t.client();

    // Act
    const missing = await failureOf(lambda.send(new InvokeCommand({ FunctionName: 'english', Qualifier: 'prod' })));

    // Assess
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toContain('function:english:prod');
  });

  it('refuses a payload that is not JSON, naming the problem', async () => {
    // Prepare
    const lambda = t.client();

    // Act
    const refused = await failureOf(lambda.send(new InvokeCommand({ FunctionName: 'english', Payload: Buffer.from('{not json') })));

    // Assess
    expect(refused.name).toBe('InvalidRequestContentException');
    expect(refused.message).toMatch(/^Could not parse request body into json/);
  });

  it('accepts an Event invocation with 202 and a DryRun with 204', async () => {
    // Prepare
    const lambda = t.client();

    // Act
    const event = await lambda.send(new InvokeCommand({ FunctionName: 'english', InvocationType: 'Event' }));
    const dryRun = await lambda.send(new InvokeCommand({ FunctionName: 'english', InvocationType: 'DryRun' }));

    // Assess
    expect(event.StatusCode).toBe(202);
    expect(dryRun.StatusCode).toBe(204);
  });
});

describe('account concurrency', () => {
  let small: LambdaTestCloud;
  beforeAll(async () => {
    small = await startLambdaCloud({ concurrencyLimit: 1 });
    await small.fn('slow', `exports.handler = async () => { await new Promise((resolve) => setTimeout(resolve, 300)); return 'done'; };`);
  });
  afterAll(async () => {
    await small.close();
  });

  it('answers 429 TooManyRequestsException beyond the limit', async () => {
    // Prepare
    const lambda = small.client(undefined, 1);

    // Act
    const answers = await Promise.all([1, 2].map(() => lambda.send(new InvokeCommand({ FunctionName: 'slow' })).catch((error: Error) => error)));

    // Assess
    const refused = answers.find((answer) => answer instanceof Error) as TooManyRequestsException;
    expect(refused).toBeInstanceOf(TooManyRequestsException);
    expect(refused.Reason).toBe('ConcurrentInvocationLimitExceeded');
    expect(refused.$metadata.httpStatusCode).toBe(429);
  });

  it('is retried by the SDK until a slot is free', async () => {
    // Prepare
    const lambda = small.client(undefined, 5);

    // Act
    const answers = await Promise.all([1, 2].map(() => lambda.send(new InvokeCommand({ FunctionName: 'slow' }))));

    // Assess
    expect(answers.map((answer) => text(answer.Payload))).toEqual(['"done"', '"done"']);
    expect(Math.max(...answers.map((answer) => answer.$metadata.attempts ?? 0))).toBeGreaterThan(1);
  });
});
