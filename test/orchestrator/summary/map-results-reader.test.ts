import { afterEach, describe, expect, it } from 'vitest';
import { readMapResults, parseRecords } from '../../../orchestrator/summary/map-results-reader';
import { account, accountResult, writerRecord } from './builders';
import { fakeBucket } from './fake-bucket';

const MANIFEST = 'StepEverywhere/_map-results/run-1/manifest.json';
const mapRun = { MapRunArn: 'arn:aws:states:eu-west-1:111111111111:mapRun:StepEverywhere/FanOut:run-1', ResultWriterDetails: { Bucket: 'results', Key: MANIFEST } };

describe('readMapResults', () => {
  let bucket = fakeBucket();
  afterEach(() => {
    bucket.mock.restore();
    bucket = fakeBucket();
  });

  it('reads the children of every file the manifest lists, whatever their status', async () => {
    // Prepare
    const [a, b, c] = [account('111111111111'), account('222222222222'), account('333333333333')];
    bucket.putJson('results', MANIFEST, {
      DestinationBucket: 'results',
      MapRunArn: mapRun.MapRunArn,
      ResultFiles: {
        FAILED: [{ Key: 'StepEverywhere/_map-results/run-1/FAILED_0.json', Size: 10 }],
        PENDING: [{ Key: 'StepEverywhere/_map-results/run-1/PENDING_0.json', Size: 10 }],
        SUCCEEDED: [{ Key: 'StepEverywhere/_map-results/run-1/SUCCEEDED_0.json', Size: 10 }],
      },
    });
    bucket.putJson('results', 'StepEverywhere/_map-results/run-1/SUCCEEDED_0.json', [writerRecord(a, 'SUCCEEDED', { output: accountResult(a) })]);
    bucket.putJson('results', 'StepEverywhere/_map-results/run-1/FAILED_0.json', [writerRecord(b, 'FAILED', { error: 'E', cause: 'C' })]);
    bucket.putJson('results', 'StepEverywhere/_map-results/run-1/PENDING_0.json', [writerRecord(c, 'PENDING')]);

    // Act
    const children = await readMapResults(bucket.s3, mapRun);

    // Assess
    expect(children.map((ch) => `${ch.AccountId}:${ch.Status}`).sort()).toEqual([
      '111111111111:SUCCEEDED',
      '222222222222:FAILED',
      '333333333333:PENDING',
    ]);
  });

  it('answers no children for a manifest with empty file lists', async () => {
    // Prepare
    bucket.putJson('results', MANIFEST, { ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [] } });

    // Act
    const children = await readMapResults(bucket.s3, mapRun);

    // Assess
    expect(children).toEqual([]);
  });

  it('names the manifest and says what it must be when it is not a ResultWriter manifest', async () => {
    // Prepare
    bucket.putJson('results', MANIFEST, { Files: [] });

    // Act
    const act = readMapResults(bucket.s3, mapRun);

    // Assess
    await expect(act).rejects.toThrow(/s3:\/\/results\/StepEverywhere\/_map-results\/run-1\/manifest\.json: is not a ResultWriter manifest \(ResultFiles: Required\)/);
  });

  it('names a missing result file', async () => {
    // Prepare
    bucket.putJson('results', MANIFEST, { ResultFiles: { SUCCEEDED: [{ Key: 'gone.json', Size: 1 }] } });

    // Act
    const act = readMapResults(bucket.s3, mapRun);

    // Assess
    await expect(act).rejects.toThrow(/s3:\/\/results\/gone\.json: does not exist/);
  });
});

describe('parseRecords', () => {
  it('reads JSON Lines as well as a JSON array', () => {
    // Prepare
    const text = '{"Status":"SUCCEEDED"}\n\n{"Status":"FAILED"}\n';

    // Act
    const records = parseRecords(text, 'b', 'k');

    // Assess
    expect(records).toEqual([{ Status: 'SUCCEEDED' }, { Status: 'FAILED' }]);
  });

  it('names the line that is not JSON', () => {
    // Prepare
    const text = '{"Status":"SUCCEEDED"}\n{oops';

    // Act
    const act = () => parseRecords(text, 'b', 'k');

    // Assess
    expect(act).toThrow('s3://b/k: line 2 is not valid JSON');
  });

  it('rejects a JSON value that is not an array', () => {
    // Prepare
    const text = '[1,';

    // Act
    const act = () => parseRecords(text, 'b', 'k');

    // Assess
    expect(act).toThrow(/s3:\/\/b\/k: is not valid JSON/);
  });
});
