import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { isNotFound } from './s3-json';
import type { Notification } from './render-notification';

export interface NotifyOnceParams {
  readonly TopicArn: string;
  readonly Bucket: string;
  /** The marker object that records "this execution has been notified". */
  readonly MarkerKey: string;
  readonly Notification: Notification;
  readonly Now: Date;
}

export type NotifyResult = { readonly Published: true; readonly MessageId: string } | { readonly Published: false };

/**
 * Publishes the execution's one message unless the marker says an earlier attempt did. The
 * marker is written after publishing, create-only: if the Lambda dies between the two, a
 * retry sends the message again, which beats sending none.
 */
export async function notifyOnce(s3: S3Client, sns: SNSClient, params: NotifyOnceParams): Promise<NotifyResult> {
  if (await markerExists(s3, params.Bucket, params.MarkerKey)) {
    return { Published: false };
  }
  const answer = await sns.send(
    new PublishCommand({
      TopicArn: params.TopicArn,
      Subject: params.Notification.Subject,
      Message: params.Notification.Body,
    }),
  );
  const messageId = answer.MessageId ?? '';
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: params.Bucket,
        Key: params.MarkerKey,
        Body: JSON.stringify({ MessageId: messageId, PublishedAt: params.Now.toISOString() }),
        ContentType: 'application/json',
        IfNoneMatch: '*',
      }),
    );
  } catch (error) {
    // Another attempt wrote the marker first (412), or is writing it now (409): either way
    // the execution is notified and the marker will exist.
    if (!isConditionalWriteLost(error)) {
      throw error;
    }
  }
  return { Published: true, MessageId: messageId };
}

async function markerExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (isNotFound(error)) {
      return false;
    }
    throw error;
  }
}

function isConditionalWriteLost(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return (
    e?.name === 'PreconditionFailed' ||
    e?.name === 'ConditionalRequestConflict' ||
    e?.$metadata?.httpStatusCode === 412 ||
    e?.$metadata?.httpStatusCode === 409
  );
}
