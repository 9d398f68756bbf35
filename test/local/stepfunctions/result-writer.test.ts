import { describe, expect, it } from 'vitest';
import type { EnginePorts } from '../../../local/stepfunctions';
import { engineWith, machine, memoryS3, SM_ARN } from './helpers';

const worker: EnginePorts['invokeLambda'] = async (_fn, payload) => {
  const item = payload as { fail?: boolean };
  if (item.fail) return { functionError: { errorType: 'Worker.Failed', errorMessage: 'asked to fail' } };
  return { payload: [item, 'extra'] };
};

function definition(writer: object, extra: object = {}) {
  return machine({
    Fan: {
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'in', Key: 'items.json' } },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Work',
        States: { Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'w', 'Payload.$': '$' }, OutputPath: '$.Payload', End: true } },
      },
      ResultWriter: writer,
      ToleratedFailureCount: 5,
      ResultPath: '$.MapRun',
      End: true,
      ...extra,
    },
  });
}

const s3Writer = { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'results', 'Prefix.$': '$.prefix' } };

function setup(items: unknown[], options = {}) {
  const s3 = memoryS3({ 'in/items.json': JSON.stringify(items) });
  return engineWith({ s3, invokeLambda: worker }, options);
}

function readJson(s3: ReturnType<typeof memoryS3>, key: string): unknown {
  const body = s3.store.get(`results/${key}`);
  expect(body, `results/${key} was written`).toBeDefined();
  return JSON.parse(body as string);
}

describe('ResultWriter', () => {
  it('writes manifest.json and per-status files in AWS layout and returns the Map Run location', async () => {
    // Prepare
    const { engine, s3 } = setup([{ id: 1 }, { id: 2, fail: true }]);

    // Act
    const result = await engine.run(definition(s3Writer), { prefix: 'runs/' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const [mapRun] = engine.listMapRuns(result.executionArn);
    const mapRunId = mapRun.mapRunArn.split(':').pop() as string;
    const folder = `runs/${mapRunId}`;
    expect(result.output).toEqual({
      prefix: 'runs/',
      MapRun: { MapRunArn: mapRun.mapRunArn, ResultWriterDetails: { Bucket: 'results', Key: `${folder}/manifest.json` } },
    });
    const succeededBody = s3.store.get(`results/${folder}/SUCCEEDED_0.json`) as string;
    const failedBody = s3.store.get(`results/${folder}/FAILED_0.json`) as string;
    expect(readJson(s3, `${folder}/manifest.json`)).toEqual({
      DestinationBucket: 'results',
      MapRunArn: mapRun.mapRunArn,
      ResultFiles: {
        FAILED: [{ Key: `${folder}/FAILED_0.json`, Size: Buffer.byteLength(failedBody) }],
        PENDING: [],
        SUCCEEDED: [{ Key: `${folder}/SUCCEEDED_0.json`, Size: Buffer.byteLength(succeededBody) }],
      },
    });
    expect(s3.store.has(`results/${folder}/PENDING_0.json`)).toBe(false);
    expect(mapRun.itemCounts.resultsWritten).toBe(2);
  });

  it('writes each succeeded child with AWS fields, in AWS key order', async () => {
    // Prepare
    const { engine, s3 } = setup([{ id: 1 }]);

    // Act
    const result = await engine.run(definition(s3Writer), { prefix: 'p' }, { stateMachineArn: SM_ARN });

    // Assess
    const [mapRun] = engine.listMapRuns(result.executionArn);
    const [entry] = readJson(s3, `p/${mapRun.mapRunArn.split(':').pop()}/SUCCEEDED_0.json`) as Record<string, unknown>[];
    const [child] = engine.listExecutions({ mapRunArn: mapRun.mapRunArn });
    expect(Object.keys(entry)).toEqual(['ExecutionArn', 'Input', 'InputDetails', 'Name', 'Output', 'OutputDetails', 'RedriveCount', 'RedriveStatus', 'StartDate', 'StateMachineArn', 'Status', 'StopDate']);
    expect(entry).toEqual({
      ExecutionArn: child.executionArn,
      Input: '{"id":1}',
      InputDetails: { Included: true },
      Name: child.name,
      Output: '[{"id":1},"extra"]',
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      StartDate: '2024-01-01T00:00:00.000Z',
      StateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:Test/Fan',
      Status: 'SUCCEEDED',
      StopDate: '2024-01-01T00:00:00.000Z',
    });
  });

  it('writes each failed child with its Error and Cause instead of Output', async () => {
    // Prepare
    const { engine, s3 } = setup([{ id: 2, fail: true }]);

    // Act
    const result = await engine.run(definition(s3Writer), { prefix: 'p' }, { stateMachineArn: SM_ARN });

    // Assess
    const [mapRun] = engine.listMapRuns(result.executionArn);
    const [entry] = readJson(s3, `p/${mapRun.mapRunArn.split(':').pop()}/FAILED_0.json`) as Record<string, unknown>[];
    expect(entry).toMatchObject({
      Cause: JSON.stringify({ errorMessage: 'asked to fail', errorType: 'Worker.Failed' }),
      Error: 'Worker.Failed',
      Input: '{"id":2,"fail":true}',
      RedriveStatus: 'REDRIVABLE_BY_MAP_RUN',
      Status: 'FAILED',
    });
    expect(entry).not.toHaveProperty('Output');
  });

  it('still writes the results when the tolerance is broken, then fails the state', async () => {
    // Prepare
    const { engine, s3 } = setup([{ id: 1, fail: true }, { id: 2, fail: true }]);

    // Act
    const result = await engine.run(definition(s3Writer, { ToleratedFailureCount: 0, MaxConcurrency: 1 }), { prefix: 'p' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result.error).toBe('States.ExceedToleratedFailureThreshold');
    const manifests = [...s3.store.keys()].filter((k) => k.endsWith('/manifest.json'));
    expect(manifests).toHaveLength(1);
    const manifest = JSON.parse(s3.store.get(manifests[0]) as string) as { ResultFiles: { FAILED: unknown[] } };
    expect(manifest.ResultFiles.FAILED).toHaveLength(1);
  });

  it('splits a status into numbered files at the size threshold', async () => {
    // Prepare
    const { engine, s3 } = setup([{ id: 1 }, { id: 2 }, { id: 3 }], { resultFileMaxBytes: 900 });

    // Act
    const result = await engine.run(definition(s3Writer), { prefix: 'p' }, { stateMachineArn: SM_ARN });

    // Assess
    const [mapRun] = engine.listMapRuns(result.executionArn);
    const folder = `p/${mapRun.mapRunArn.split(':').pop()}`;
    const manifest = readJson(s3, `${folder}/manifest.json`) as { ResultFiles: { SUCCEEDED: { Key: string }[] } };
    expect(manifest.ResultFiles.SUCCEEDED.map((f) => f.Key)).toEqual([`${folder}/SUCCEEDED_0.json`, `${folder}/SUCCEEDED_1.json`, `${folder}/SUCCEEDED_2.json`]);
    const all = manifest.ResultFiles.SUCCEEDED.flatMap((f) => readJson(s3, f.Key) as unknown[]);
    expect(all).toHaveLength(3);
  });

  it('writes outputs only with Transformation COMPACT, flattened with FLATTEN, as JSON Lines with JSONL', async () => {
    // Prepare
    const { engine, s3 } = setup([{ id: 1 }]);
    const writer = { ...s3Writer, WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSONL' } };

    // Act
    const result = await engine.run(definition(writer), { prefix: 'p' }, { stateMachineArn: SM_ARN });

    // Assess
    const [mapRun] = engine.listMapRuns(result.executionArn);
    const body = s3.store.get(`results/p/${mapRun.mapRunArn.split(':').pop()}/SUCCEEDED_0.json`);
    expect(body).toBe('{"id":1}\n"extra"');
  });

  it('fails with States.ResultWriterFailed when the bucket cannot be written', async () => {
    // Prepare
    const s3 = memoryS3({ 'in/items.json': '[{"id":1}]' });
    const failingS3 = {
      ...s3,
      putObject: async () => {
        throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
      },
    };
    const { engine } = engineWith({ s3: failingS3, invokeLambda: worker });

    // Act
    const result = await engine.run(definition(s3Writer), { prefix: 'p' }, { stateMachineArn: SM_ARN });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.ResultWriterFailed' });
    expect(result.cause).toContain('Access Denied');
  });
});
