import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, type EnginePorts } from '../../../local/stepfunctions';
import { engineWith, machine, run, SM_ARN } from './helpers';

const big = 'x'.repeat(MAX_PAYLOAD_BYTES);

describe('payload size', () => {
  it('fails with States.DataLimitExceeded when a state output passes 256 KiB', async () => {
    // Prepare
    const states = { P: { Type: 'Pass', Result: big, ResultPath: '$.big', End: true } };

    // Act
    const result = await run(states, {});

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(result.cause).toContain("output of state 'P'");
  });

  it('fails with States.DataLimitExceeded, uncatchable by States.ALL, when a task result passes 256 KiB', async () => {
    // Prepare
    const port: EnginePorts['invokeLambda'] = async () => ({ payload: big });
    const states = {
      T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true },
      C: { Type: 'Succeed' },
    };

    // Act
    const result = await run(states, {}, { invokeLambda: port });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('accepts a payload just under the limit and reports its size in the stats', async () => {
    // Prepare
    const text = 'y'.repeat(MAX_PAYLOAD_BYTES - 2);

    // Act
    const result = await run({ P: { Type: 'Pass', End: true } }, text);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.stats.largestPayloadBytes).toBe(MAX_PAYLOAD_BYTES);
  });

  it('counts multi-byte characters as their UTF-8 bytes', async () => {
    // Prepare: 'é' is 2 bytes in UTF-8, so this is over the limit while under it in characters
    const text = 'é'.repeat(MAX_PAYLOAD_BYTES / 2);

    // Act
    const result = await run({ P: { Type: 'Pass', End: true } }, text);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });
});

describe('history quota', () => {
  it('fails an execution past the maximum number of history events with States.Runtime', async () => {
    // Prepare
    const states = {
      Loop: { Type: 'Pass', Next: 'Again' },
      Again: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: false, Next: 'Loop' }] },
    };
    const { engine } = engineWith({}, { maxHistoryEvents: 50 });

    // Act
    const result = await engine.run(machine(states), {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('maximum number of history events (50)');
    expect(result.stats.historyEvents).toBe(52);
  });

  it('counts inline Map iterations in the execution history', async () => {
    // Prepare
    const inline = machine({ M: { Type: 'Map', Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } });
    const { engine } = engineWith();

    // Act
    const result = await engine.run(inline, [1, 2, 3], { stateMachineArn: SM_ARN });

    // Assess: ExecutionStarted, MapStateEntered, MapStateStarted, 3 × (MapIterationStarted, PassStateEntered,
    // PassStateExited, MapIterationSucceeded), MapStateSucceeded, MapStateExited, ExecutionSucceeded
    expect(result.stats.historyEvents).toBe(1 + 2 + 3 * 4 + 2 + 1);
  });

  it('counts Distributed Map children in their own histories, not the parent one', async () => {
    // Prepare
    const distributed = machine({
      M: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      },
    });
    const { engine } = engineWith();

    // Act
    const result = await engine.run(distributed, [1, 2, 3], { stateMachineArn: SM_ARN });

    // Assess: ExecutionStarted, MapStateEntered, MapStateStarted, MapRunStarted, MapRunSucceeded,
    // MapStateSucceeded, MapStateExited, ExecutionSucceeded; each child: Started, Entered, Exited, Succeeded
    expect(result.stats.historyEvents).toBe(8);
    expect(result.stats.maxHistoryEventsOfAnyExecution).toBe(8);
    const children = engine.listExecutions({ mapRunArn: engine.listMapRuns(result.executionArn)[0].mapRunArn });
    expect(children.map((c) => c.historyEventCount)).toEqual([4, 4, 4]);
  });
});
