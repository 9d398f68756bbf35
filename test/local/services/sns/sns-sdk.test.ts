import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListSubscriptionsByTopicCommand,
  NotFoundException,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, DEFAULT_OPERATOR, type LocalCloud } from '../../../../local/server';
import { snsService } from '../../../../local/services/sns/sns-service';

let local: LocalCloud;
let dir: string;
let sns: SNSClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'se-sns-'));
  local = await startLocalCloud({ port: 0, stateDir: dir, services: [snsService], log: () => undefined });
  sns = new SNSClient({ endpoint: local.endpoint, region: 'eu-west-1', credentials: DEFAULT_OPERATOR, maxAttempts: 1 });
});

afterAll(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sns over HTTP with the SDK', () => {
  it('creates, subscribes, reads attributes and publishes one .eml per subscription', async () => {
    // Prepare
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'summary', Attributes: { DisplayName: 'Summary' } }));
    const subscribed = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'ops@example.com', ReturnSubscriptionArn: true }));

    // Act
    const attributes = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    const published = await sns.send(new PublishCommand({ TopicArn, Subject: 'Run done', Message: 'All 48 targets succeeded.' }));
    const files = readdirSync(path.join(dir, 'outbox'));

    // Assess
    expect(attributes.Attributes).toMatchObject({ DisplayName: 'Summary', SubscriptionsConfirmed: '1', TopicArn });
    expect(listed.Subscriptions).toEqual([{ SubscriptionArn: subscribed.SubscriptionArn, Owner: '111111111111', Protocol: 'email', Endpoint: 'ops@example.com', TopicArn }]);
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(String(published.MessageId));
    expect(readFileSync(path.join(dir, 'outbox', files[0] ?? ''), 'utf8')).toContain('Subject: Run done\r\n');
  });

  it('answers modelled exceptions for a bad subject and a missing topic', async () => {
    // Prepare
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'errors' }));

    // Act
    const invalid = await sns.send(new PublishCommand({ TopicArn, Subject: 'x'.repeat(101), Message: 'm' })).catch((error: unknown) => error);
    const missing = await sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:111111111111:none', Message: 'm' })).catch((error: unknown) => error);

    // Assess
    expect(invalid).toBeInstanceOf(InvalidParameterException);
    expect(missing).toBeInstanceOf(NotFoundException);
  });
});
