import { describe, expect, it } from 'vitest';
import { engineWith, machine, run, SM_ARN } from './helpers';

describe('Wait', () => {
  it.each([
    [{ Seconds: 5 }, {}, 5_000],
    [{ SecondsPath: '$.s' }, { s: 7 }, 7_000],
    [{ Timestamp: '2024-01-01T00:01:00Z' }, {}, 60_000],
    [{ TimestampPath: '$.at' }, { at: '2024-01-01T00:00:30.500Z' }, 30_500],
    [{ Timestamp: '2023-01-01T00:00:00Z' }, {}, 0],
  ])('%j sleeps the right time on the virtual clock', async (field, input, expectedMs) => {
    // Prepare: the clock starts at 2024-01-01T00:00:00Z
    const { engine, clock } = engineWith();

    // Act
    const result = await engine.run(machine({ W: { Type: 'Wait', ...field, End: true } }), input, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(clock.sleeps).toEqual([expectedMs]);
    expect(result.stopDate.getTime() - result.startDate.getTime()).toBe(expectedMs);
  });

  it('passes its input on, through InputPath and OutputPath', async () => {
    // Prepare
    const states = { W: { Type: 'Wait', Seconds: 1, InputPath: '$.a', OutputPath: '$.b', End: true } };

    // Act
    const result = await run(states, { a: { b: 'kept' } });

    // Assess
    expect(result.output).toBe('kept');
  });

  it('fails with States.Runtime naming SecondsPath when it does not hold a non-negative integer', async () => {
    // Prepare
    const states = { W: { Type: 'Wait', SecondsPath: '$.s', End: true } };

    // Act
    const result = await run(states, { s: 'soon' });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('SecondsPath');
  });

  it('fails with States.Runtime when TimestampPath does not hold an RFC 3339 timestamp', async () => {
    // Prepare
    const states = { W: { Type: 'Wait', TimestampPath: '$.at', End: true } };

    // Act
    const result = await run(states, { at: '2024-01-01 10:00' });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('RFC 3339');
  });

  it('times the execution out (TIMED_OUT, States.Timeout) when a wait passes TimeoutSeconds', async () => {
    // Prepare
    const definition = machine({ W: { Type: 'Wait', Seconds: 120, Next: 'Done' }, Done: { Type: 'Succeed' } }, { TimeoutSeconds: 60 });
    const { engine } = engineWith();

    // Act
    const result = await engine.run(definition, {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
  });
});
