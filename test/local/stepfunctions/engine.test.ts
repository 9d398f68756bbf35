import { describe, expect, it } from 'vitest';
import { ExecutionRequestError, type EnginePorts } from '../../../local/stepfunctions';
import { engineWith, machine, SM_ARN } from './helpers';

const passOnly = machine({ P: { Type: 'Pass', End: true } });

describe('StateMachineEngine requests', () => {
  it('names the execution ARN after the state machine and the given name', async () => {
    // Prepare
    const { engine } = engineWith();

    // Act
    const result = await engine.run(passOnly, undefined, { stateMachineArn: SM_ARN, name: 'deploy-42' });

    // Assess
    expect(result.executionArn).toBe('arn:aws:states:eu-west-1:123456789012:execution:Test:deploy-42');
    expect(result.output).toEqual({});
  });

  it.each([
    [{ stateMachineArn: 'arn:aws:lambda:eu-west-1:123456789012:function:x' }, 'InvalidArn', 'stateMachineArn'],
    [{ stateMachineArn: SM_ARN, name: 'has space' }, 'InvalidName', 'name'],
    [{ stateMachineArn: SM_ARN, name: 'x'.repeat(81) }, 'InvalidName', 'name'],
  ])('refuses %j with %s naming %s', async (opts, code, field) => {
    // Prepare
    const { engine } = engineWith();

    // Act
    const act = engine.run(passOnly, {}, opts);

    // Assess
    await expect(act).rejects.toBeInstanceOf(ExecutionRequestError);
    await expect(act).rejects.toMatchObject({ code, field });
  });

  it('refuses a second execution with the same name', async () => {
    // Prepare
    const { engine } = engineWith();
    await engine.run(passOnly, {}, { stateMachineArn: SM_ARN, name: 'once' });

    // Act
    const act = engine.run(passOnly, {}, { stateMachineArn: SM_ARN, name: 'once' });

    // Assess
    await expect(act).rejects.toMatchObject({ code: 'ExecutionAlreadyExists' });
  });
});

describe('StateMachineEngine records', () => {
  it('describes a running execution, then its end', async () => {
    // Prepare
    let release: (value: { payload: unknown }) => void = () => undefined;
    const port: EnginePorts['invokeLambda'] = () => new Promise((resolve) => (release = resolve));
    const { engine } = engineWith({ invokeLambda: port });
    const definition = machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, OutputPath: '$.Payload', End: true } });

    // Act
    const started = engine.start(definition, { a: 1 }, { stateMachineArn: SM_ARN });
    await Promise.resolve();
    const whileRunning = engine.describeExecution(started.executionArn);
    release({ payload: 'done' });
    await started.done;
    const afterwards = engine.describeExecution(started.executionArn);

    // Assess
    expect(whileRunning).toMatchObject({ status: 'RUNNING', input: { a: 1 } });
    expect(afterwards).toMatchObject({ status: 'SUCCEEDED', output: 'done' });
    expect(afterwards?.stopDate).toBeInstanceOf(Date);
  });

  it('stops a running execution at its next transition (ABORTED) with the given error', async () => {
    // Prepare
    let release: (value: { payload: unknown }) => void = () => undefined;
    let calls = 0;
    const port: EnginePorts['invokeLambda'] = () => {
      calls++;
      return new Promise((resolve) => (release = resolve));
    };
    const { engine } = engineWith({ invokeLambda: port });
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' } };
    const definition = machine({ A: { ...task, Next: 'B' }, B: { ...task, End: true } });
    const started = engine.start(definition, {}, { stateMachineArn: SM_ARN });
    await Promise.resolve();

    // Act
    const stopped = engine.stopExecution(started.executionArn, { error: 'Operator.Stop', cause: 'by hand' });
    release({ payload: 1 });
    const result = await started.done;

    // Assess
    expect(stopped).toBe(true);
    expect(result).toMatchObject({ status: 'ABORTED', error: 'Operator.Stop', cause: 'by hand' });
    expect(calls).toBe(1);
    expect(engine.stopExecution(started.executionArn)).toBe(false);
  });

  it('keeps AWS-shaped history events when recordHistory is on', async () => {
    // Prepare
    const { engine } = engineWith({}, { recordHistory: true });
    const definition = machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', Payload: 1 }, End: true } });

    // Act
    const result = await engine.run(definition, {}, { stateMachineArn: SM_ARN });

    // Assess
    const events = engine.getExecutionHistory(result.executionArn) ?? [];
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[2]).toMatchObject({ taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke', region: 'eu-west-1' } });
    expect(events[1]).toMatchObject({ stateEnteredEventDetails: { name: 'T', input: '{}' } });
  });

  it('explains that history needs recordHistory when it was not kept', async () => {
    // Prepare
    const { engine } = engineWith();
    const result = await engine.run(passOnly, {}, { stateMachineArn: SM_ARN });

    // Act
    const act = () => engine.getExecutionHistory(result.executionArn);

    // Assess
    expect(act).toThrow(/recordHistory: true/);
    expect(engine.getExecutionHistory('arn:aws:states:eu-west-1:123456789012:execution:Test:unknown')).toBeUndefined();
  });
});

describe('a fan-out shaped like the orchestrator', () => {
  it('runs 200 accounts × 3 regions with retries and caught failures, losing no target', async () => {
    // Prepare
    const accounts = Array.from({ length: 200 }, (_v, i) => ({ AccountId: String(100000000000 + i), Regions: ['eu-west-1', 'us-east-1', 'ap-south-1'] }));
    const s3Objects = { 'bucket/manifest.json': JSON.stringify(accounts) };
    const attempts = new Map<string, number>();
    const port: EnginePorts['invokeLambda'] = async (_fn, payload) => {
      const { AccountId, Region } = payload as { AccountId: string; Region: string };
      const key = `${AccountId}/${Region}`;
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      if (Region === 'us-east-1' && attempts.get(key) === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
      if (Region === 'ap-south-1' && AccountId.endsWith('7')) return { functionError: { errorType: 'Worker.Failed', errorMessage: 'stack failed' } };
      return { payload: { AccountId, Region, Outcome: 'SUCCEEDED' } };
    };
    const { engine, s3 } = engineWith({ invokeLambda: port });
    for (const [k, v] of Object.entries(s3Objects)) s3.store.set(k, v);
    const regionTarget = {
      StartAt: 'Invoke',
      States: {
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'StepEverywhere_Worker', Payload: { 'AccountId.$': '$.AccountId', 'Region.$': '$.Region' } },
          ResultSelector: { 'Record.$': '$.Payload' },
          Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.Failure', Next: 'Failed' }],
          OutputPath: '$.Record',
          End: true,
        },
        Failed: { Type: 'Pass', Parameters: { 'AccountId.$': '$.AccountId', 'Region.$': '$.Region', Outcome: 'FAILED', 'Error.$': '$.Failure.Error' }, End: true },
      },
    };
    const definition = machine({
      FanOut: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'bucket', Key: 'manifest.json' } },
        ItemSelector: { 'Account.$': '$$.Map.Item.Value' },
        MaxConcurrency: 50,
        ToleratedFailurePercentage: 100,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Regions',
          States: {
            Regions: {
              Type: 'Map',
              ItemsPath: '$.Account.Regions',
              ItemSelector: { 'AccountId.$': '$.Account.AccountId', 'Region.$': '$$.Map.Item.Value' },
              ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...regionTarget },
              End: true,
            },
          },
        },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'bucket', Prefix: 'results' } },
        End: true,
      },
    });

    // Act
    const result = await engine.run(definition, {}, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status, result.cause).toBe('SUCCEEDED');
    expect(result.stats.childExecutions).toBe(200);
    const manifestKey = (result.output as { ResultWriterDetails: { Key: string } }).ResultWriterDetails.Key;
    const manifest = JSON.parse(s3.store.get(`bucket/${manifestKey}`) as string) as { ResultFiles: { SUCCEEDED: { Key: string }[]; FAILED: unknown[] } };
    expect(manifest.ResultFiles.FAILED).toEqual([]);
    const records = manifest.ResultFiles.SUCCEEDED.flatMap((f) => JSON.parse(s3.store.get(`bucket/${f.Key}`) as string) as { Output: string }[]).flatMap(
      (entry) => JSON.parse(entry.Output) as { AccountId: string; Region: string; Outcome: string }[],
    );
    expect(records).toHaveLength(600);
    expect(new Set(records.map((r) => `${r.AccountId}/${r.Region}`)).size).toBe(600);
    expect(records.filter((r) => r.Outcome === 'FAILED')).toHaveLength(20);
    expect([...attempts.entries()].filter(([k]) => k.endsWith('us-east-1')).every(([, n]) => n === 2)).toBe(true);
  });
});
