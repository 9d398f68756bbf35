import { GetExecutionHistoryCommand, ListExecutionsCommand, StartExecutionCommand, StopExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../lambda/lambda-fixture';
import { ACCOUNT, REGION, startSfnCloud, type SfnTestCloud } from './sfn-fixture';

let t: SfnTestCloud;
let decide: string;
let waiter: string;

const DOUBLE_THEN_DECIDE = {
  StartAt: 'Double',
  States: {
    Double: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:doubler`, 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Next: 'Big?',
    },
    'Big?': { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }], Default: 'Small' },
    Big: { Type: 'Succeed' },
    Small: { Type: 'Fail', Error: 'TooSmall', Cause: 'the doubled number is 10 or less' },
  },
};

beforeAll(async () => {
  t = await startSfnCloud();
  await t.fn('doubler', `exports.handler = async (event) => { if (event.explode) { const e = new Error('asked to explode'); e.name = 'Exploded'; throw e; } return { n: event.n * 2 }; };`);
  decide = await t.machine('decide', DOUBLE_THEN_DECIDE);
  waiter = await t.machine('waiter', { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 30, End: true } } });
});

afterAll(async () => {
  await t.close();
});

describe('executions', () => {
  it('runs Task (lambda:invoke) → Choice → Succeed to SUCCEEDED with the function output', async () => {
    // Prepare
    const input = { n: 21 };

    // Act
    const described = await t.run(decide, input);

    // Assess
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? 'null')).toEqual({ n: 42 });
    expect(JSON.parse(described.input ?? 'null')).toEqual(input);
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(described.startDate?.getTime() ?? Infinity);
  });

  it('fails with the Fail state error and cause', async () => {
    // Prepare
    const input = { n: 2 };

    // Act
    const described = await t.run(decide, input);

    // Assess
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('TooSmall');
    expect(described.cause).toBe('the doubled number is 10 or less');
    expect(described.output).toBeUndefined();
  });

  it('fails with the function error type when the function throws', async () => {
    // Prepare
    const input = { n: 1, explode: true };

    // Act
    const described = await t.run(decide, input);

    // Assess
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('Exploded');
    expect(JSON.parse(described.cause ?? '{}')).toMatchObject({ errorType: 'Exploded', errorMessage: 'asked to explode' });
  });

  it('fails the Task with Lambda.AWSLambdaException when the role may not invoke the function', async () => {
    // Prepare
    const role = await t.statesRole('no-invoke', { nothing: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } });
    const denied = await t.machine('denied', DOUBLE_THEN_DECIDE, role);

    // Act
    const described = await t.run(denied, { n: 21 });

    // Assess
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('Lambda.AWSLambdaException');
    expect(described.cause).toContain(`arn:aws:sts::${ACCOUNT}:assumed-role/no-invoke/`);
    expect(described.cause).toContain(`is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:${REGION}:${ACCOUNT}:function:doubler`);
    expect(described.cause).toContain('Status Code: 403');
  });

  it('pages GetExecutionHistory forwards and in reverse', async () => {
    // Prepare
    const described = await t.run(decide, { n: 30 });
    const sfn = t.sfn();

    // Act
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn: described.executionArn, maxResults: 3, nextToken }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn: described.executionArn, reverseOrder: true, maxResults: 1 }));

    // Assess
    expect(pages).toBe(Math.ceil(events.length / 3));
    expect(events[0]).toMatchObject({ id: 1, previousEventId: 0, type: 'ExecutionStarted' });
    expect(events.map((event) => event.type)).toContain('TaskSucceeded');
    expect(events[events.length - 1]?.type).toBe('ExecutionSucceeded');
    expect(events.map((event) => event.id)).toEqual(events.map((_event, index) => index + 1));
    expect(reversed.events?.[0]?.type).toBe('ExecutionSucceeded');
    expect(reversed.nextToken).toBeDefined();
  });

  it('refuses a nextToken from another listing', async () => {
    // Prepare
    const sfn = t.sfn();
    const first = await t.run(decide, { n: 40 });
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn: first.executionArn, maxResults: 1 }));
    const other = await t.run(decide, { n: 50 });

    // Act
    const refused = await failureOf(sfn.send(new GetExecutionHistoryCommand({ executionArn: other.executionArn, nextToken: page.nextToken })));

    // Assess
    expect(refused.name).toBe('InvalidToken');
  });

  it('lists executions newest first, by status, a page at a time', async () => {
    // Prepare
    const machine = await t.machine('lister', DOUBLE_THEN_DECIDE);
    const ok = await t.run(machine, { n: 20 }, 'first-ok');
    await t.run(machine, { n: 1 }, 'then-fail');
    const last = await t.run(machine, { n: 30 }, 'last-ok');
    const sfn = t.sfn();

    // Act
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }));
    const succeeded = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'SUCCEEDED', maxResults: 1 }));
    const second = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'SUCCEEDED', maxResults: 1, nextToken: succeeded.nextToken }));

    // Assess
    expect(all.executions?.map((execution) => execution.name)).toEqual(['last-ok', 'then-fail', 'first-ok']);
    expect(succeeded.executions?.map((execution) => execution.executionArn)).toEqual([last.executionArn]);
    expect(second.executions?.map((execution) => execution.executionArn)).toEqual([ok.executionArn]);
    expect(second.nextToken).toBeUndefined();
  });

  it('answers a repeated start of a running execution with the same ARN, and a different input with ExecutionAlreadyExists', async () => {
    // Prepare
    const sfn = t.sfn();
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: waiter, name: 'once', input: '{"a":1}' }));

    // Act
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: waiter, name: 'once', input: '{ "a": 1 }' }));
    const clash = await failureOf(sfn.send(new StartExecutionCommand({ stateMachineArn: waiter, name: 'once', input: '{"a":2}' })));

    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    expect(clash.name).toBe('ExecutionAlreadyExists');
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
  });

  it('stops a running execution: ABORTED with the given error and cause', async () => {
    // Prepare
    const sfn = t.sfn();
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: waiter }));

    // Act
    await sfn.send(new StopExecutionCommand({ executionArn: started.executionArn, error: 'Operator', cause: 'stopped by hand' }));
    const described = await t.settle(started.executionArn as string);

    // Assess
    expect(described.status).toBe('ABORTED');
    expect(described.error).toBe('Operator');
    expect(described.cause).toBe('stopped by hand');
  });

  it('refuses input that is not JSON, naming the problem', async () => {
    // Prepare
    const sfn = t.sfn();

    // Act
    const refused = await failureOf(sfn.send(new StartExecutionCommand({ stateMachineArn: decide, input: '{oops' })));

    // Assess
    expect(refused.name).toBe('InvalidExecutionInput');
    expect(refused.message).toMatch(/^Invalid State Machine Execution Input/);
  });

  it('answers an unknown execution with ExecutionDoesNotExist', async () => {
    // Prepare
    const executionArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:decide:never-started`;

    // Act
    const missing = await failureOf(t.sfn().send(new GetExecutionHistoryCommand({ executionArn })));

    // Assess
    expect(missing.name).toBe('ExecutionDoesNotExist');
  });
});
