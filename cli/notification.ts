import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { runKeys } from '../orchestrator/contract';

/**
 * Where the execution's one message went, from the marker the summary step writes after
 * publishing. Undefined marker: nothing was published (no topic, or no summary yet).
 */
export async function notificationText(s3: S3Client, bucket: string, prefix: string, topicArn: string | undefined): Promise<string> {
  const topic = topicArn ?? "the orchestrator's topic";
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: runKeys.notified(prefix) }));
    const marker = JSON.parse((await answer.Body?.transformToString('utf-8')) ?? '{}') as { MessageId?: string };
    return `one message published to ${topic}${marker.MessageId ? ` (message id ${marker.MessageId})` : ''}; its email subscribers receive it`;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) {
      return 'none published (the orchestrator has no topic, or the execution stopped before its summary)';
    }
    return `unknown (the marker could not be read: ${e.name ?? 'error'})`;
  }
}
