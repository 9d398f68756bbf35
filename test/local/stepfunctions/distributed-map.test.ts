import { describe, expect, it } from 'vitest';
import type { EnginePorts } from '../../../local/stepfunctions';
import { engineWith, machine, memoryS3, SM_ARN } from './helpers';

const UUID = '[0-9a-f-]{36}';

/** A worker that fails for items whose `fail` field is true and echoes the rest. */
const worker: EnginePorts['invokeLambda'] = async (_fn, payload) => {
  const item = payload as { fail?: boolean };
  if (item.fail) return { functionError: { errorType: 'Worker.Failed', errorMessage: 'asked to fail' } };
  return { payload: { done: payload } };
};

function distributedMap(extra: object = {}, reader: object = {}) {
  return machine({
    Fan: {
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'in', 'Key.$': '$.key' }, ...reader },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Work',
        States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'w', 'Payload.$': '$' }, OutputPath: '$.Payload', End: true } },
      },
      End: true,
      ...extra,
    },
  });
}

function setup(items: unknown, body?: string) {
  const s3 = memoryS3({ 'in/items.json': body ?? JSON.stringify(items) });
  return engineWith({ s3, invokeLambda: worker });
}

const items = (n: number, failing: number[] = []) => Array.from({ length: n }, (_v, i) => ({ id: i, ...(failing.includes(i) ? { fail: true } : {}) }));

describe('Distributed Map: items', () => {
  it('reads a JSON array through the s3 port and outputs the child outputs in order', async () => {
    // Prepare
    const { engine } = setup(items(3));

    // Act
    const result = await engine.run(distributedMap(), { key: 'items.json' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual([{ done: { id: 0 } }, { done: { id: 1 } }, { done: { id: 2 } }]);
    expect(result.stats).toMatchObject({ childExecutions: 3, mapRuns: 1 });
  });

  it('builds child inputs with ItemSelector from $$.Map.Item and the state input', async () => {
    // Prepare
    const { engine } = setup(['a', 'b']);
    const definition = distributedMap({ ItemSelector: { 'Value.$': '$$.Map.Item.Value', 'Index.$': '$$.Map.Item.Index', 'Ctx.$': '$.ctx' } });

    // Act
    const result = await engine.run(definition, { key: 'items.json', ctx: 'c' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.output).toEqual([{ done: { Value: 'a', Index: 0, Ctx: 'c' } }, { done: { Value: 'b', Index: 1, Ctx: 'c' } }]);
  });

  it('reads JSONL and honours MaxItems', async () => {
    // Prepare
    const { engine } = setup(undefined, '{"id":1}\n{"id":2}\n\n{"id":3}\n');
    const definition = distributedMap({}, { ReaderConfig: { InputType: 'JSONL', MaxItems: 2 } });

    // Act
    const result = await engine.run(definition, { key: 'items.json' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.output).toEqual([{ done: { id: 1 } }, { done: { id: 2 } }]);
  });

  it('reads CSV with the first row as headers, quoted fields included', async () => {
    // Prepare
    const { engine } = setup(undefined, 'AccountId,Name\n111,"Prod, EU"\n222,"Say ""hi"""\n');
    const definition = distributedMap({}, { ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' } });

    // Act
    const result = await engine.run(definition, { key: 'items.json' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.output).toEqual([{ done: { AccountId: '111', Name: 'Prod, EU' } }, { done: { AccountId: '222', Name: 'Say "hi"' } }]);
  });

  it('fails with States.ItemReaderFailed (catchable) when the object is missing', async () => {
    // Prepare
    const { engine } = setup([]);
    const definition = distributedMap({ Catch: [{ ErrorEquals: ['States.ItemReaderFailed'], ResultPath: '$.error', Next: 'Handled' }] });
    (definition.States as Record<string, object>).Handled = { Type: 'Succeed' };

    // Act
    const result = await engine.run(definition, { key: 'absent.json' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ error: { Error: 'States.ItemReaderFailed' } });
    expect((result.output as { error: { Cause: string } }).error.Cause).toContain('s3://in/absent.json');
  });

  it('fails with States.ItemReaderFailed when a JSON object holds no array', async () => {
    // Prepare
    const { engine } = setup({ not: 'an array' });

    // Act
    const result = await engine.run(distributedMap(), { key: 'items.json' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.ItemReaderFailed' });
    expect(result.cause).toContain('JSON array');
  });

  it('runs at most MaxConcurrency children at once', async () => {
    // Prepare
    let running = 0;
    let max = 0;
    const port: EnginePorts['invokeLambda'] = async (_fn, payload) => {
      running++;
      max = Math.max(max, running);
      for (let i = 0; i < 5; i++) await Promise.resolve();
      running--;
      return { payload };
    };
    const s3 = memoryS3({ 'in/items.json': JSON.stringify(items(12)) });
    const { engine } = engineWith({ s3, invokeLambda: port });

    // Act
    await engine.run(distributedMap({ MaxConcurrency: 4 }), { key: 'items.json' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(max).toBe(4);
  });
});

describe('Distributed Map: failure tolerance', () => {
  it.each([
    ['count within', { ToleratedFailureCount: 2 }, [1, 5], 'SUCCEEDED'],
    ['count beyond', { ToleratedFailureCount: 1 }, [1, 5], 'FAILED'],
    ['percentage within', { ToleratedFailurePercentage: 20 }, [1, 5], 'SUCCEEDED'],
    ['percentage beyond', { ToleratedFailurePercentage: 10 }, [1, 5], 'FAILED'],
    ['count path within', { ToleratedFailureCountPath: '$.tolerate' }, [1, 5], 'SUCCEEDED'],
    ['no tolerance set', {}, [5], 'FAILED'],
  ])('%s → %s', async (_label, tolerance, failing, expected) => {
    // Prepare
    const { engine } = setup(items(10, failing));

    // Act
    const result = await engine.run(distributedMap(tolerance), { key: 'items.json', tolerate: 2 }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status).toBe(expected);
    if (expected === 'FAILED') {
      expect(result.error).toBe('States.ExceedToleratedFailureThreshold');
      expect(result.cause).toContain('failed');
    }
  });

  it('returns failed children as their whole entry, with Error and Cause, when tolerated', async () => {
    // Prepare
    const { engine } = setup(items(2, [1]));

    // Act
    const result = await engine.run(distributedMap({ ToleratedFailureCount: 1 }), { key: 'items.json' }, { stateMachineArn: SM_ARN });

    // Assess
    const [ok, failed] = result.output as [unknown, Record<string, unknown>];
    expect(ok).toEqual({ done: { id: 0 } });
    expect(failed).toMatchObject({ Status: 'FAILED', Error: 'Worker.Failed', Input: '{"id":1,"fail":true}' });
  });

  it('starts no further children once the tolerance is broken', async () => {
    // Prepare
    const { engine } = setup(items(10, [0]));

    // Act
    const result = await engine.run(distributedMap({ MaxConcurrency: 1 }), { key: 'items.json' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(result.stats.childExecutions).toBe(1);
    const [mapRun] = engine.listMapRuns(result.executionArn);
    expect(mapRun).toMatchObject({ status: 'FAILED', itemCounts: { total: 10, failed: 1, pending: 9, succeeded: 0, running: 0 } });
  });

  it('fails with States.Runtime naming the field when a tolerance path holds a bad value', async () => {
    // Prepare
    const { engine } = setup(items(1));

    // Act
    const result = await engine.run(distributedMap({ ToleratedFailurePercentagePath: '$.pct' }), { key: 'items.json', pct: 150 }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(result.cause).toContain('ToleratedFailurePercentagePath');
  });
});

describe('Distributed Map: Map Runs and child executions', () => {
  it('names children and the Map Run as AWS does and keeps a MapRun record', async () => {
    // Prepare
    const { engine } = setup(items(2, [1]));

    // Act
    const result = await engine.run(distributedMap({ ToleratedFailureCount: 1, Label: 'Accounts' }), { key: 'items.json' }, { stateMachineArn: SM_ARN });

    // Assess
    const [mapRun] = engine.listMapRuns(result.executionArn);
    expect(mapRun.mapRunArn).toMatch(new RegExp(`^arn:aws:states:eu-west-1:123456789012:mapRun:Test/Accounts:${UUID}$`));
    expect(mapRun).toMatchObject({
      executionArn: result.executionArn,
      status: 'SUCCEEDED',
      toleratedFailureCount: 1,
      itemCounts: { total: 2, succeeded: 1, failed: 1, pending: 0, running: 0 },
      executionCounts: { total: 2, succeeded: 1, failed: 1 },
    });
    expect(mapRun.stopDate).toBeInstanceOf(Date);
    const children = engine.listExecutions({ mapRunArn: mapRun.mapRunArn });
    expect(children).toHaveLength(2);
    for (const child of children) {
      expect(child.executionArn).toMatch(new RegExp(`^arn:aws:states:eu-west-1:123456789012:execution:Test/Accounts:${child.name}$`));
      expect(child.stateMachineArn).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:Test/Accounts');
      expect(child.historyEventCount).toBeGreaterThan(0);
    }
    expect(engine.listExecutions({ stateMachineArn: SM_ARN }).map((e) => e.executionArn)).toEqual([result.executionArn]);
  });

  it('gives each child its own $$.Execution', async () => {
    // Prepare
    const { engine } = setup(['x']);
    const definition = machine({
      Fan: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'in', Key: 'items.json' } },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', Parameters: { 'id.$': '$$.Execution.Id', 'input.$': '$$.Execution.Input' }, End: true } },
        },
        End: true,
      },
    });

    // Act
    const result = await engine.run(definition, {}, { stateMachineArn: SM_ARN });

    // Assess
    const [out] = result.output as [{ id: string; input: unknown }];
    expect(out.id).toMatch(/:execution:Test\/Fan:/);
    expect(out.input).toBe('x');
  });
});
