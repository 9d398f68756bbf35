import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorNames } from '../../../orchestrator/contract';
import { handler } from '../../../worker-templates/inventory/handler';
import { RESULT_KEY, sessionPlaintext, workerEvent } from '../lib/fixtures';

const kmsMock = mockClient(KMSClient);
const s3Mock = mockClient(S3Client);
const cfnMock = mockClient(CloudFormationClient);
const created = new Date('2030-01-01T00:00:00Z');

function writtenDocument(): Record<string, unknown> {
  return JSON.parse(String(s3Mock.commandCalls(PutObjectCommand)[0].args[0].input.Body)) as Record<string, unknown>;
}

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  kmsMock.on(DecryptCommand).resolves({ Plaintext: sessionPlaintext() });
  s3Mock.on(PutObjectCommand).resolves({});
  cfnMock
    .on(ListStacksCommand)
    .resolvesOnce({
      StackSummaries: [{ StackName: 'StepEverywhere-network', StackStatus: 'UPDATE_ROLLBACK_COMPLETE', CreationTime: created }],
      NextToken: 'next',
    })
    .resolvesOnce({
      StackSummaries: [
        { StackName: 'StepEverywhere-baseline', StackStatus: 'CREATE_COMPLETE', CreationTime: created },
        { StackName: 'team-app', StackStatus: 'CREATE_COMPLETE', CreationTime: created },
      ],
    });
});

afterEach(() => {
  vi.restoreAllMocks();
  kmsMock.reset();
  s3Mock.reset();
  cfnMock.reset();
});

describe('inventory worker', () => {
  it('answers SUCCEEDED and writes the stacks with their count', async () => {
    // Prepare
    const event = workerEvent({ Payload: { StackNamePrefix: 'StepEverywhere-' } });

    // Act
    const record = await handler(event);

    // Assess
    expect(record).toMatchObject({ Outcome: 'SUCCEEDED', ResultKey: RESULT_KEY });
    expect(writtenDocument().Result).toEqual({
      Stacks: [
        { StackName: 'StepEverywhere-baseline', StackStatus: 'CREATE_COMPLETE', LastChanged: '2030-01-01T00:00:00.000Z' },
        { StackName: 'StepEverywhere-network', StackStatus: 'UPDATE_ROLLBACK_COMPLETE', LastChanged: '2030-01-01T00:00:00.000Z' },
      ],
      Count: 2,
    });
  });

  it('lists every stack when no payload is given', async () => {
    // Prepare
    const event = workerEvent({ Payload: undefined });

    // Act
    await handler(event);

    // Assess
    expect(writtenDocument().Result).toMatchObject({ Count: 3 });
  });

  it("asks CloudFormation in the member account's region with the member session", async () => {
    // Prepare
    const event = workerEvent({ Region: 'ap-southeast-2', ResultLocation: { Bucket: 'results-bucket', Key: 'p/111122223333/ap-southeast-2.json' } });

    // Act
    await handler(event);

    // Assess
    const client = cfnMock.send.getCall(0).thisValue as CloudFormationClient;
    expect(await client.config.region()).toBe('ap-southeast-2');
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'ASIAMEMBERKEY', sessionToken: 'member-token' });
  });

  it('fails a wrongly typed prefix with a message naming Payload.StackNamePrefix, listing nothing', async () => {
    // Prepare
    const event = workerEvent({ Payload: { StackNamePrefix: ['StepEverywhere-'] } });

    // Act
    const record = await handler(event);

    // Assess
    expect(record).toMatchObject({ Outcome: 'FAILED', Error: ErrorNames.INVALID_INPUT });
    expect(record.Cause).toMatch(/^Payload\.StackNamePrefix: must be a string/);
    expect(cfnMock.commandCalls(ListStacksCommand)).toHaveLength(0);
    expect(writtenDocument()).toMatchObject({ Outcome: 'FAILED', Error: ErrorNames.INVALID_INPUT });
  });

  it('records a CloudFormation denial as FAILED with its name', async () => {
    // Prepare
    cfnMock.on(ListStacksCommand).rejects(Object.assign(new Error('not authorized to perform cloudformation:ListStacks'), { name: 'AccessDenied' }));

    // Act
    const record = await handler(workerEvent());

    // Assess
    expect(record).toMatchObject({ Outcome: 'FAILED', Error: 'AccessDenied', Cause: 'not authorized to perform cloudformation:ListStacks' });
  });
});
