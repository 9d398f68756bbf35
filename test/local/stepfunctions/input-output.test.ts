import { describe, expect, it } from 'vitest';
import { engineWith, machine, run, SM_ARN } from './helpers';

describe('input and output processing', () => {
  it('passes the input through a Pass state with no fields', async () => {
    // Prepare
    const states = { P: { Type: 'Pass', End: true } };

    // Act
    const result = await run(states, { a: 1 });

    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { a: 1 } });
  });

  it('applies InputPath, Parameters, ResultPath and OutputPath in order', async () => {
    // Prepare
    const states = {
      P: {
        Type: 'Pass',
        InputPath: '$.order',
        Parameters: { 'id.$': '$.id', fixed: 'x', nested: { 'first.$': "$.items[0]", 'name.$': "$['the name']" } },
        ResultPath: '$.built',
        OutputPath: '$.built',
        End: true,
      },
    };

    // Act
    const result = await run(states, { order: { id: 7, items: ['a', 'b'], 'the name': 'n' } });

    // Assess
    expect(result.output).toEqual({ id: 7, fixed: 'x', nested: { first: 'a', name: 'n' } });
  });

  it('puts a Pass Result at ResultPath, keeping the rest of the input', async () => {
    // Prepare
    const states = { P: { Type: 'Pass', Result: { ok: true }, ResultPath: '$.deep.er', End: true } };

    // Act
    const result = await run(states, { keep: 1, deep: { other: 2 } });

    // Assess
    expect(result.output).toEqual({ keep: 1, deep: { other: 2, er: { ok: true } } });
  });

  it('discards the result when ResultPath is null', async () => {
    // Prepare
    const states = { P: { Type: 'Pass', Result: 'ignored', ResultPath: null, End: true } };

    // Act
    const result = await run(states, { a: 1 });

    // Assess
    expect(result.output).toEqual({ a: 1 });
  });

  it('gives {} for a null InputPath and a null OutputPath', async () => {
    // Prepare
    const states = {
      A: { Type: 'Pass', InputPath: null, ResultPath: '$.seen', Next: 'B' },
      B: { Type: 'Pass', OutputPath: null, End: true },
    };
    const { engine } = engineWith({}, { recordHistory: true });

    // Act
    const result = await engine.run(machine(states), { a: 1 }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.output).toEqual({});
    const exited = engine.getExecutionHistory(result.executionArn)?.find((e) => e.type === 'PassStateExited');
    expect(JSON.parse((exited?.stateExitedEventDetails as { output: string }).output)).toEqual({ a: 1, seen: {} });
  });

  it('applies ResultSelector to a task result before ResultPath', async () => {
    // Prepare
    const states = {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f', 'Payload.$': '$' },
        ResultSelector: { 'value.$': '$.Payload.n', 'code.$': '$.StatusCode' },
        ResultPath: '$.r',
        End: true,
      },
    };

    // Act
    const result = await run(states, { n: 3 });

    // Assess
    expect(result.output).toEqual({ n: 3, r: { value: 3, code: 200 } });
  });

  it('fills $$ paths from the context object', async () => {
    // Prepare
    const states = {
      P: {
        Type: 'Pass',
        Parameters: {
          'id.$': '$$.Execution.Id',
          'name.$': '$$.Execution.Name',
          'start.$': '$$.Execution.StartTime',
          'input.$': '$$.Execution.Input',
          'sm.$': '$$.StateMachine.Id',
          'state.$': '$$.State.Name',
          'entered.$': '$$.State.EnteredTime',
          'retries.$': '$$.State.RetryCount',
        },
        End: true,
      },
    };
    const { engine } = engineWith();

    // Act
    const result = await engine.run(machine(states), { x: 1 }, { stateMachineArn: SM_ARN, name: 'run-1' });

    // Assess
    expect(result.output).toEqual({
      id: 'arn:aws:states:eu-west-1:123456789012:execution:Test:run-1',
      name: 'run-1',
      start: '2024-01-01T00:00:00.000Z',
      input: { x: 1 },
      sm: SM_ARN,
      state: 'P',
      entered: '2024-01-01T00:00:00.000Z',
      retries: 0,
    });
  });

  it('fails with States.Runtime naming the path when a Parameters path is missing', async () => {
    // Prepare
    const states = { P: { Type: 'Pass', Parameters: { 'x.$': '$.nope' }, End: true } };

    // Act
    const result = await run(states, { a: 1 });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain("'$.nope'");
    expect(result.cause).toContain("'x.$'");
  });

  it('fails with States.Runtime when InputPath is missing from the input', async () => {
    // Prepare
    const states = { P: { Type: 'Pass', InputPath: '$.missing', End: true } };

    // Act
    const result = await run(states, {});

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('InputPath');
  });

  it('fails with States.ResultPathMatchFailure when ResultPath goes through a non-object', async () => {
    // Prepare
    const states = { P: { Type: 'Pass', Result: 1, ResultPath: '$.a.b', End: true } };

    // Act
    const result = await run(states, { a: 'text' });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.ResultPathMatchFailure' });
  });

  it('returns the matches of a wildcard path as an array', async () => {
    // Prepare
    const states = { P: { Type: 'Pass', Parameters: { 'ids.$': '$.items[*].id' }, End: true } };

    // Act
    const result = await run(states, { items: [{ id: 1 }, { id: 2 }, { other: 3 }] });

    // Assess
    expect(result.output).toEqual({ ids: [1, 2] });
  });

  it('does not change the input object it was given', async () => {
    // Prepare
    const input = { a: { b: 1 } };
    const states = { P: { Type: 'Pass', Result: 2, ResultPath: '$.a.c', End: true } };

    // Act
    await run(states, input);

    // Assess
    expect(input).toEqual({ a: { b: 1 } });
  });
});
