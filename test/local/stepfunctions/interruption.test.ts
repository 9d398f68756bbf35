import { describe, expect, it } from 'vitest';
import { StateMachineEngine, type EnginePorts } from '../../../local/stepfunctions';
import { engineWith, machine, memoryS3, SM_ARN } from './helpers';

const TASK = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' } };

/** Resolves once the engine has had time to reach its first wait or call. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('stopping and timing out while a state waits', () => {
  it('ends an hour-long Wait at once when the execution is stopped (real clock)', async () => {
    // Prepare: the default sleep, so a missed stop would hang the test until its timeout
    const engine = new StateMachineEngine({ ports: { invokeLambda: async () => ({ payload: null }), s3: memoryS3() } });
    const started = engine.start(machine({ W: { Type: 'Wait', Seconds: 3600, End: true } }), {}, { stateMachineArn: SM_ARN });
    await settle();

    // Act
    engine.stopExecution(started.executionArn, { error: 'Operator.Stop' });
    const result = await started.done;

    // Assess
    expect(result).toMatchObject({ status: 'ABORTED', error: 'Operator.Stop' });
  });

  it('ends a retry interval at once when the execution is stopped', async () => {
    // Prepare: a sleep that never ends unless aborted
    const aborted: boolean[] = [];
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => signal?.addEventListener('abort', () => (aborted.push(true), resolve())));
    const failing: EnginePorts['invokeLambda'] = async () => ({ functionError: { errorType: 'Boom', errorMessage: 'no' } });
    const { engine } = engineWith({ invokeLambda: failing }, { sleep });
    const definition = machine({ T: { ...TASK, Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 60 }], End: true } });
    const started = engine.start(definition, {}, { stateMachineArn: SM_ARN });
    await settle();

    // Act
    engine.stopExecution(started.executionArn);
    const result = await started.done;

    // Assess
    expect(result.status).toBe('ABORTED');
    expect(aborted).toEqual([true]);
  });

  it('reports ABORTED without waiting for the task in flight, and ignores its late answer', async () => {
    // Prepare
    let answer: (value: { payload: unknown }) => void = () => undefined;
    const slow: EnginePorts['invokeLambda'] = () => new Promise((resolve) => (answer = resolve));
    const { engine } = engineWith({ invokeLambda: slow }, { recordHistory: true });
    const started = engine.start(machine({ T: { ...TASK, End: true } }), {}, { stateMachineArn: SM_ARN });
    await settle();

    // Act
    engine.stopExecution(started.executionArn);
    const result = await started.done;
    answer({ payload: 'late' });
    await settle();

    // Assess
    expect(result.status).toBe('ABORTED');
    const history = engine.getExecutionHistory(started.executionArn) ?? [];
    expect(history[history.length - 1].type).toBe('ExecutionAborted');
    expect(history.map((e) => e.type)).not.toContain('TaskSucceeded');
  });

  it('aborts the waiting children of a Distributed Map when the parent is stopped', async () => {
    // Prepare
    const sleep = (_ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
    const { engine } = engineWith({}, { sleep });
    const definition = machine({
      M: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 600, End: true } } },
        End: true,
      },
    });
    const started = engine.start(definition, { items: [1, 2, 3] }, { stateMachineArn: SM_ARN });
    await settle();

    // Act
    engine.stopExecution(started.executionArn);
    const result = await started.done;

    // Assess
    expect(result.status).toBe('ABORTED');
    const [mapRun] = engine.listMapRuns(started.executionArn);
    expect(mapRun.status).toBe('ABORTED');
    const children = engine.listExecutions({ mapRunArn: mapRun.mapRunArn });
    expect(children.map((c) => c.status)).toEqual(['ABORTED', 'ABORTED', 'ABORTED']);
  });

  it('times out at TimeoutSeconds, not at the end of a longer Wait', async () => {
    // Prepare
    const { engine, clock } = engineWith();
    const definition = machine({ W: { Type: 'Wait', Seconds: 3600, End: true } }, { TimeoutSeconds: 60 });

    // Act
    const result = await engine.run(definition, {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(clock.sleeps).toEqual([60_000]);
    expect(result.stopDate.getTime() - result.startDate.getTime()).toBe(60_000);
  });

  it('times out during a retry interval that would pass TimeoutSeconds', async () => {
    // Prepare
    const failing: EnginePorts['invokeLambda'] = async () => ({ functionError: { errorType: 'Boom', errorMessage: 'no' } });
    const { engine, clock } = engineWith({ invokeLambda: failing });
    const definition = machine({ T: { ...TASK, Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 50, MaxAttempts: 5 }], End: true } }, { TimeoutSeconds: 120 });

    // Act
    const result = await engine.run(definition, {}, { stateMachineArn: SM_ARN });

    // Assess: 50 s, then 100 s cut to the 70 s left
    expect(result.status).toBe('TIMED_OUT');
    expect(clock.sleeps).toEqual([50_000, 70_000]);
  });
});
