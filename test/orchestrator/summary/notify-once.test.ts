import { PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifyOnce, type NotifyOnceParams } from '../../../orchestrator/summary/notify-once';
import { fakeBucket } from './fake-bucket';

const params: NotifyOnceParams = {
  TopicArn: 'arn:aws:sns:eu-west-1:111111111111:step-everywhere',
  Bucket: 'results',
  MarkerKey: 'StepEverywhere/f/q/exec-1/_run/notified.json',
  Notification: { Subject: 'step-everywhere: 1/1 succeeded (StepEverywhere_x)', Body: 'body' },
  Now: new Date('2026-01-01T11:00:00.000Z'),
};

describe('notifyOnce', () => {
  let bucket = fakeBucket();
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });
  afterEach(() => {
    bucket.mock.restore();
    bucket = fakeBucket();
  });

  it('publishes the subject and body and then writes the marker create-only', async () => {
    // Prepare
    const client = new SNSClient({ region: 'eu-west-1' });

    // Act
    const result = await notifyOnce(bucket.s3, client, params);

    // Assess
    expect(result).toEqual({ Published: true, MessageId: 'm-1' });
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      { TopicArn: params.TopicArn, Subject: params.Notification.Subject, Message: 'body' },
    ]);
    expect(bucket.mock.commandCalls(PutObjectCommand)[0]?.args[0].input.IfNoneMatch).toBe('*');
    expect(bucket.getJson('results', params.MarkerKey)).toEqual({ MessageId: 'm-1', PublishedAt: '2026-01-01T11:00:00.000Z' });
  });

  it('does not publish again once the marker exists', async () => {
    // Prepare
    const client = new SNSClient({ region: 'eu-west-1' });
    bucket.putJson('results', params.MarkerKey, { MessageId: 'm-0' });

    // Act
    const result = await notifyOnce(bucket.s3, client, params);

    // Assess
    expect(result).toEqual({ Published: false });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('accepts losing the marker race to another attempt (PreconditionFailed)', async () => {
    // Prepare
    const client = new SNSClient({ region: 'eu-west-1' });
    bucket.mock.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata: { httpStatusCode: 412 }, message: 'exists' }),
    );

    // Act
    const result = await notifyOnce(bucket.s3, client, params);

    // Assess
    expect(result).toEqual({ Published: true, MessageId: 'm-1' });
  });

  it('fails when the marker cannot be written for another reason, so the task is retried', async () => {
    // Prepare
    const client = new SNSClient({ region: 'eu-west-1' });
    bucket.mock.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' }),
    );

    // Act
    const act = notifyOnce(bucket.s3, client, params);

    // Assess
    await expect(act).rejects.toThrow('Access Denied');
  });

  it('fails without writing the marker when publishing is denied', async () => {
    // Prepare
    const client = new SNSClient({ region: 'eu-west-1' });
    sns.on(PublishCommand).rejects(new Error('AuthorizationError: not authorized to perform SNS:Publish'));

    // Act
    const act = notifyOnce(bucket.s3, client, params);

    // Assess
    await expect(act).rejects.toThrow(/not authorized to perform SNS:Publish/);
    expect(bucket.has('results', params.MarkerKey)).toBe(false);
  });
});
