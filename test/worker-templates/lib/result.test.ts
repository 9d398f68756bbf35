import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_RECORD_CAUSE,
  ResultWriteError,
  failed,
  inProgressRecord,
  resultDocument,
  terminalRecord,
  writeResult,
} from '../../../worker-templates/lib';
import { ACCOUNT_ID, EXECUTION_ARN, RESULT_KEY, workerEvent } from './fixtures';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'eu-west-1' });
const FINISHED = new Date('2030-05-01T12:00:00Z');

afterEach(() => {
  s3Mock.reset();
});

describe('resultDocument', () => {
  it('records the target, outcome, result, execution and finish time', () => {
    // Prepare
    const event = workerEvent();

    // Act
    const document = resultDocument(event, { kind: 'terminal', outcome: 'SUCCEEDED', result: { Count: 1 } }, FINISHED);

    // Assess
    expect(document).toEqual({
      AccountId: ACCOUNT_ID,
      Region: 'eu-west-1',
      Outcome: 'SUCCEEDED',
      Result: { Count: 1 },
      ExecutionId: EXECUTION_ARN,
      FinishedAt: '2030-05-01T12:00:00.000Z',
    });
  });

  it('turns a result with no JSON form into a failure', () => {
    // Prepare
    const result = { big: 10n };

    // Act
    const document = resultDocument(workerEvent(), { kind: 'terminal', outcome: 'SUCCEEDED', result }, FINISHED);

    // Assess
    expect(document).toMatchObject({ Outcome: 'FAILED', Cause: expect.stringMatching(/^Result cannot be written as JSON/) });
    expect(document).not.toHaveProperty('Result');
  });
});

describe('terminalRecord and inProgressRecord', () => {
  it("points the record at the event's result key", () => {
    // Prepare
    const document = resultDocument(workerEvent(), { kind: 'terminal', outcome: 'NO_CHANGE' }, FINISHED);

    // Act
    const record = terminalRecord(workerEvent({ Polling: { Poll: 3 } }), document);

    // Assess
    expect(record).toEqual({ AccountId: ACCOUNT_ID, Region: 'eu-west-1', Outcome: 'NO_CHANGE', ResultKey: RESULT_KEY, Poll: 3 });
  });

  it('shortens a long cause in the record only', () => {
    // Prepare
    const document = resultDocument(workerEvent(), failed('Boom', 'c'.repeat(5000)), FINISHED);

    // Act
    const record = terminalRecord(workerEvent(), document);

    // Assess
    expect(record.Cause?.length).toBe(MAX_RECORD_CAUSE);
    expect(record.Cause).toMatch(/full cause in the result object\)$/);
    expect(document.Cause?.length).toBe(5000);
  });

  it('counts the poll and hands the state back', () => {
    // Prepare
    const event = workerEvent({ Polling: { Poll: 4, State: { old: true } } });

    // Act
    const record = inProgressRecord(event, { kind: 'poll', pollAfterSeconds: 30, state: { ChangeSetId: 'cs-1' } });

    // Assess
    expect(record).toEqual({
      AccountId: ACCOUNT_ID,
      Region: 'eu-west-1',
      Outcome: 'IN_PROGRESS',
      PollAfterSeconds: 30,
      State: { ChangeSetId: 'cs-1' },
      Poll: 5,
    });
  });
});

describe('writeResult', () => {
  it('puts the JSON document at the location as application/json', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});
    const document = resultDocument(workerEvent(), { kind: 'terminal', outcome: 'SUCCEEDED' }, FINISHED);

    // Act
    await writeResult(s3, { Bucket: 'results-bucket', Key: RESULT_KEY }, document);

    // Assess
    const input = s3Mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(input).toMatchObject({ Bucket: 'results-bucket', Key: RESULT_KEY, ContentType: 'application/json' });
    expect(JSON.parse(String(input.Body))).toEqual(document);
  });

  it('throws a named error when S3 refuses, keeping what S3 said', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'no' }));
    const document = resultDocument(workerEvent(), { kind: 'terminal', outcome: 'SUCCEEDED' }, FINISHED);

    // Act
    const write = writeResult(s3, { Bucket: 'results-bucket', Key: RESULT_KEY }, document);

    // Assess
    await expect(write).rejects.toThrow(ResultWriteError);
    await expect(write).rejects.toMatchObject({
      name: 'StepEverywhere.ResultWriteFailed',
      message: `writing s3://results-bucket/${RESULT_KEY} failed with AccessDenied: no`,
    });
  });
});
