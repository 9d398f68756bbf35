import { describe, expect, it } from 'vitest';
import type { EnginePorts } from '../../../local/stepfunctions';
import { engineWith, machine, SM_ARN } from './helpers';

/** A Lambda port that throws a service exception named `name` for the first `failures` calls. */
function flaky(failures: number, name = 'TooManyRequestsException') {
  const calls: unknown[] = [];
  const port: EnginePorts['invokeLambda'] = async (_fn, payload) => {
    calls.push(payload);
    if (calls.length <= failures) throw Object.assign(new Error('Rate exceeded'), { name });
    return { payload: { ok: true } };
  };
  return { calls, port };
}

function task(extra: object) {
  return {
    T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$' }, End: true, ...extra },
    Caught: { Type: 'Pass', End: true },
  };
}

describe('Retry', () => {
  it('retries with IntervalSeconds × BackoffRate^n and succeeds', async () => {
    // Prepare
    const lambda = flaky(3);
    const { engine, clock } = engineWith({ invokeLambda: lambda.port });
    const retry = [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 5 }];

    // Act
    const result = await engine.run(machine(task({ Retry: retry })), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(lambda.calls).toHaveLength(4);
    expect(clock.sleeps).toEqual([2_000, 6_000, 18_000]);
  });

  it('uses the defaults: 1 s interval, backoff 2, 3 attempts', async () => {
    // Prepare
    const lambda = flaky(10);
    const { engine, clock } = engineWith({ invokeLambda: lambda.port });

    // Act
    const result = await engine.run(machine(task({ Retry: [{ ErrorEquals: ['States.ALL'] }] })), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Lambda.TooManyRequestsException' });
    expect(lambda.calls).toHaveLength(4);
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  it('caps each delay at MaxDelaySeconds', async () => {
    // Prepare
    const lambda = flaky(4);
    const { engine, clock } = engineWith({ invokeLambda: lambda.port });
    const retry = [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 3, BackoffRate: 4, MaxAttempts: 4, MaxDelaySeconds: 20 }];

    // Act
    await engine.run(machine(task({ Retry: retry })), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(clock.sleeps).toEqual([3_000, 12_000, 20_000, 20_000]);
  });

  it('applies FULL jitter as a random share of the delay', async () => {
    // Prepare
    const lambda = flaky(2);
    const draws = [0.25, 0.5];
    const { engine, clock } = engineWith({ invokeLambda: lambda.port }, { random: () => draws.shift() ?? 0 });
    const retry = [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 4, BackoffRate: 2, JitterStrategy: 'FULL' }];

    // Act
    await engine.run(machine(task({ Retry: retry })), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(clock.sleeps).toEqual([1_000, 4_000]);
  });

  it('never retries when MaxAttempts is 0', async () => {
    // Prepare
    const lambda = flaky(1);
    const { engine, clock } = engineWith({ invokeLambda: lambda.port });

    // Act
    const result = await engine.run(machine(task({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }] })), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status).toBe('FAILED');
    expect(lambda.calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('counts attempts per retrier and uses the first retrier that matches', async () => {
    // Prepare
    const names = ['Lambda.ServiceException', 'Custom', 'Custom'];
    let call = 0;
    const port: EnginePorts['invokeLambda'] = async () => {
      const name = names[call++];
      if (name === 'Custom') return { functionError: { errorType: 'Custom', errorMessage: 'no' } };
      if (name) throw Object.assign(new Error('boom'), { name: 'ServiceException' });
      return { payload: 1 };
    };
    const { engine, clock } = engineWith({ invokeLambda: port });
    const retry = [
      { ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 1 },
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 10, MaxAttempts: 2 },
    ];

    // Act
    const result = await engine.run(machine(task({ Retry: retry })), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(clock.sleeps).toEqual([1_000, 10_000, 20_000]);
  });

  it('exposes the retry number as $$.State.RetryCount', async () => {
    // Prepare
    const lambda = flaky(2);
    const { engine } = engineWith({ invokeLambda: lambda.port });
    const states = {
      T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['States.ALL'] }], End: true },
    };

    // Act
    await engine.run(machine(states), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(lambda.calls).toEqual([0, 1, 2]);
  });

  it('does not let States.TaskFailed match States.Timeout', async () => {
    // Prepare
    const port: EnginePorts['invokeLambda'] = () => new Promise(() => undefined);
    const { engine } = engineWith({ invokeLambda: port });
    const states = {
      T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, TimeoutSeconds: 1, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }], End: true },
      Caught: { Type: 'Pass', End: true },
    };

    // Act
    const result = await engine.run(machine(states), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });
});

describe('Catch', () => {
  it('puts {Error, Cause} at the catcher ResultPath of the raw input and goes to Next', async () => {
    // Prepare
    const port: EnginePorts['invokeLambda'] = async () => ({ functionError: { errorType: 'Boom', errorMessage: 'it broke' } });
    const { engine } = engineWith({ invokeLambda: port });
    const states = task({ InputPath: '$.inner', Catch: [{ ErrorEquals: ['Boom'], ResultPath: '$.failure', Next: 'Caught' }] });

    // Act
    const result = await engine.run(machine(states), { inner: {}, keep: 1 }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({
      inner: {},
      keep: 1,
      failure: { Error: 'Boom', Cause: JSON.stringify({ errorMessage: 'it broke', errorType: 'Boom' }) },
    });
  });

  it('replaces the input with the error when the catcher has no ResultPath', async () => {
    // Prepare
    const lambda = flaky(1, 'ServiceException');
    const { engine } = engineWith({ invokeLambda: lambda.port });

    // Act
    const result = await engine.run(machine(task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] })), { a: 1 }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.output).toMatchObject({ Error: 'Lambda.ServiceException' });
    expect(Object.keys(result.output as object)).toEqual(['Error', 'Cause']);
  });

  it('catches only after the retries are exhausted', async () => {
    // Prepare
    const lambda = flaky(10);
    const { engine, clock } = engineWith({ invokeLambda: lambda.port });
    const states = task({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }], Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.e', Next: 'Caught' }] });

    // Act
    const result = await engine.run(machine(states), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(lambda.calls).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(result.output).toMatchObject({ e: { Error: 'Lambda.TooManyRequestsException' } });
  });

  it('lets an unmatched error fail the execution', async () => {
    // Prepare
    const lambda = flaky(1, 'ServiceException');
    const { engine } = engineWith({ invokeLambda: lambda.port });

    // Act
    const result = await engine.run(machine(task({ Catch: [{ ErrorEquals: ['Other'], Next: 'Caught' }] })), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Lambda.ServiceException' });
  });

  it('never catches States.Runtime, not even with States.ALL', async () => {
    // Prepare
    const { engine } = engineWith();
    const states = task({ Parameters: { FunctionName: 'f', 'Payload.$': '$.missing' }, Retry: [{ ErrorEquals: ['States.ALL'] }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] });

    // Act
    const result = await engine.run(machine(states), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('catches a Fail state reached inside a Parallel branch', async () => {
    // Prepare
    const { engine } = engineWith();
    const states = {
      Par: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'My.Error', Cause: 'because' } } }],
        Catch: [{ ErrorEquals: ['My.Error'], ResultPath: '$.err', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    };

    // Act
    const result = await engine.run(machine(states), { a: 1 }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.output).toEqual({ a: 1, err: { Error: 'My.Error', Cause: 'because' } });
  });
});

describe('Fail', () => {
  it('fails the execution with Error and Cause, or with ErrorPath and CausePath', async () => {
    // Prepare
    const { engine } = engineWith();
    const states = { F: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('n={}', $.n)" } };

    // Act
    const result = await engine.run(machine(states), { e: 'Custom.Error', n: 3 }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Custom.Error', cause: 'n=3' });
  });
});
