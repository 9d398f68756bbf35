import { AwsError } from '../../protocols/aws-error';
import type { Store } from '../../store/store';

export interface TopicRecord {
  readonly arn: string;
  readonly name: string;
  readonly owner: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface SubscriptionRecord {
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly owner: string;
}

export function topicsOf(store: Store) {
  return store.namespace<TopicRecord>('sns-topics');
}

export function subscriptionsOf(store: Store) {
  return store.namespace<SubscriptionRecord>('sns-subscriptions');
}

/** What SNS gives a new topic: its owner's account may do everything with it. */
export function defaultTopicPolicy(topicArn: string, owner: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${owner}:root` },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: topicArn,
      },
    ],
  });
}

export async function requireTopic(store: Store, topicArn: unknown): Promise<TopicRecord> {
  if (typeof topicArn !== 'string' || !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(topicArn)) {
    throw invalidParameter(`TopicArn ${JSON.stringify(topicArn ?? null)} must be a topic ARN such as arn:aws:sns:us-east-1:111111111111:name`);
  }
  const topic = await topicsOf(store).get(topicArn);
  if (!topic) throw new AwsError('NotFound', `Topic does not exist: ${topicArn}`, 404);
  return topic;
}

export function invalidParameter(detail: string): AwsError {
  return new AwsError('InvalidParameter', `Invalid parameter: ${detail}`, 400);
}
