import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../../local/protocols/aws-error';
import { XmlMap } from '../../../../local/protocols/xml';
import { quotedPrintable } from '../../../../local/services/sns/email';
import { snsService } from '../../../../local/services/sns/sns-service';
import type { CallerIdentity, LocalService } from '../../../../local/services/service';
import { createTestCloud, requestOf, roleCaller, userCaller, allowAll, type TestCloud } from '../../org/test-cloud';

const OWNER = '111111111111';
const admin = userCaller(OWNER);
const stranger = roleCaller(OWNER, 'NoPermissions');
let testCloud: TestCloud;
let sns: LocalService;

function setUp(): void {
  testCloud = createTestCloud(async () => undefined, () => new Date('2026-03-05T10:00:00Z'));
  testCloud.grant(admin.principalArn, allowAll());
  sns = snsService(testCloud.cloud);
}

async function call(action: string, input: Record<string, unknown>, caller: CallerIdentity = admin): Promise<Record<string, unknown>> {
  return (await sns.handle(requestOf('sns', action, caller, input))).output ?? {};
}

async function failure(action: string, input: Record<string, unknown>, caller: CallerIdentity = admin): Promise<AwsError> {
  const error = await call(action, input, caller).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(error)}`);
  return error;
}

function outbox(): string[] {
  try {
    return readdirSync(path.join(testCloud.dir, 'outbox')).filter((name) => name.endsWith('.eml')).sort();
  } catch {
    return [];
  }
}

async function topicWithSubscribers(...emails: string[]): Promise<string> {
  const { TopicArn } = await call('CreateTopic', { Name: 'runs', Attributes: { DisplayName: 'StepEverywhere' } });
  for (const email of emails) await call('Subscribe', { TopicArn, Protocol: 'email', Endpoint: email });
  return TopicArn as string;
}

afterEach(() => testCloud.cleanup());

describe('sns: topics and subscriptions', () => {
  it('creates a topic idempotently, with attributes and a default policy', async () => {
    // Prepare
    setUp();
    const first = await call('CreateTopic', { Name: 'runs', Attributes: { DisplayName: 'Runs' } });

    // Act
    const again = await call('CreateTopic', { Name: 'runs' });
    const attributes = (await call('GetTopicAttributes', { TopicArn: first.TopicArn })).Attributes as XmlMap;

    // Assess
    expect(first.TopicArn).toBe(`arn:aws:sns:us-east-1:${OWNER}:runs`);
    expect(again.TopicArn).toBe(first.TopicArn);
    expect(attributes.entries).toMatchObject({ TopicArn: first.TopicArn, Owner: OWNER, DisplayName: 'Runs', SubscriptionsConfirmed: '0' });
    expect(JSON.parse(String(attributes.entries.Policy)).Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${OWNER}:root` });
  });

  it('confirms email subscriptions at once, lists them, and unsubscribes', async () => {
    // Prepare
    setUp();
    const topicArn = await topicWithSubscribers('a@example.com', 'b@example.com');

    // Act
    const listed = (await call('ListSubscriptionsByTopic', { TopicArn: topicArn })).Subscriptions as Array<{ SubscriptionArn: string; Endpoint: string }>;
    await call('Unsubscribe', { SubscriptionArn: listed[0]?.SubscriptionArn });
    const after = (await call('ListSubscriptionsByTopic', { TopicArn: topicArn })).Subscriptions as unknown[];

    // Assess
    expect(listed.map((s) => s.Endpoint).sort()).toEqual(['a@example.com', 'b@example.com']);
    expect(listed[0]?.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
    expect(after).toHaveLength(1);
  });

  it('sets attributes, refusing unknown names and malformed policies', async () => {
    // Prepare
    setUp();
    const topicArn = await topicWithSubscribers();

    // Act
    await call('SetTopicAttributes', { TopicArn: topicArn, AttributeName: 'DisplayName', AttributeValue: 'Renamed' });
    const unknown = await failure('SetTopicAttributes', { TopicArn: topicArn, AttributeName: 'Colour', AttributeValue: 'x' });
    const badPolicy = await failure('SetTopicAttributes', { TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: '{}' });
    const attributes = (await call('GetTopicAttributes', { TopicArn: topicArn })).Attributes as XmlMap;

    // Assess
    expect(attributes.entries.DisplayName).toBe('Renamed');
    expect(unknown.message).toContain('Invalid parameter: AttributeName Colour: settable attributes are DisplayName');
    expect(badPolicy.code).toBe('InvalidParameter');
  });

  it('refuses protocols the local cloud cannot deliver, and unknown topics', async () => {
    // Prepare
    setUp();
    const topicArn = await topicWithSubscribers();

    // Act
    const sms = await failure('Subscribe', { TopicArn: topicArn, Protocol: 'sms', Endpoint: '+15555550100' });
    const missing = await failure('Publish', { TopicArn: `arn:aws:sns:us-east-1:${OWNER}:nothing`, Message: 'x' });

    // Assess
    expect(sms.message).toContain('the local cloud delivers email and email-json only');
    expect(missing).toMatchObject({ code: 'NotFound', status: 404 });
  });

  it('denies a caller the topic policy and its own policies do not allow', async () => {
    // Prepare
    setUp();
    const topicArn = await topicWithSubscribers('a@example.com');

    // Act
    const error = await failure('Publish', { TopicArn: topicArn, Message: 'x' }, stranger);

    // Assess
    expect(error).toMatchObject({ code: 'AuthorizationError', status: 403 });
    expect(outbox()).toEqual([]);
  });

  it('deletes a topic with its subscriptions', async () => {
    // Prepare
    setUp();
    const topicArn = await topicWithSubscribers('a@example.com');

    // Act
    await call('DeleteTopic', { TopicArn: topicArn });
    const error = await failure('GetTopicAttributes', { TopicArn: topicArn });

    // Assess
    expect(error.code).toBe('NotFound');
  });
});

describe('sns: publishing to email', () => {
  it('writes one .eml per email subscription with the subject and the message', async () => {
    // Prepare
    setUp();
    const topicArn = await topicWithSubscribers('a@example.com', 'b@example.com');

    // Act
    const { MessageId } = await call('Publish', { TopicArn: topicArn, Subject: 'Run finished: 2 failed', Message: 'Summary: é ok' });
    const files = outbox();
    const first = readFileSync(path.join(testCloud.dir, 'outbox', files[0] ?? ''), 'utf8');

    // Assess
    expect(files).toHaveLength(2);
    expect(files.every((name) => name.includes(String(MessageId)))).toBe(true);
    expect(first).toContain('From: StepEverywhere <no-reply@sns.amazonaws.com>\r\n');
    expect(first).toMatch(/\r\nTo: [ab]@example\.com\r\n/);
    expect(first).toContain('\r\nSubject: Run finished: 2 failed\r\n');
    expect(first).toContain('\r\nDate: Thu, 05 Mar 2026 10:00:00 +0000\r\n');
    expect(first).toMatch(/\r\nMessage-ID: <[0-9a-f-]{36}\.\d@sns\.local>\r\n/);
    expect(first).toContain('Content-Type: text/plain; charset=UTF-8');
    expect(first).toContain('\r\n\r\nSummary: =C3=A9 ok\r\n');
  });

  it('writes again for each publish', async () => {
    // Prepare
    setUp();
    const topicArn = await topicWithSubscribers('a@example.com');

    // Act
    await call('Publish', { TopicArn: topicArn, Message: 'one' });
    await call('Publish', { TopicArn: topicArn, Message: 'two' });

    // Assess
    expect(outbox()).toHaveLength(2);
  });

  it('refuses a subject over 100 characters or with a line break, and an oversized or empty message', async () => {
    // Prepare
    setUp();
    const topicArn = await topicWithSubscribers('a@example.com');

    // Act
    const longSubject = await failure('Publish', { TopicArn: topicArn, Subject: 'x'.repeat(101), Message: 'm' });
    const newline = await failure('Publish', { TopicArn: topicArn, Subject: 'a\nBcc: evil@example.com', Message: 'm' });
    const big = await failure('Publish', { TopicArn: topicArn, Message: 'm'.repeat(256 * 1024 + 1) });
    const empty = await failure('Publish', { TopicArn: topicArn, Message: '' });
    const exactly100 = await call('Publish', { TopicArn: topicArn, Subject: 's'.repeat(100), Message: 'm' });

    // Assess
    expect(longSubject.message).toContain('Invalid parameter: Subject');
    expect(newline.code).toBe('InvalidParameter');
    expect(big.message).toContain('Invalid parameter: Message too long');
    expect(empty.message).toBe('Invalid parameter: Empty message');
    expect(exactly100.MessageId).toBeDefined();
    expect(outbox()).toHaveLength(1);
  });
});

describe('quotedPrintable', () => {
  it('keeps lines within 76 characters and encodes trailing spaces and equals signs', () => {
    // Prepare
    const text = `${'a'.repeat(100)}\nx = y \nlast`;

    // Act
    const encoded = quotedPrintable(text);

    // Assess
    expect(encoded.split('\r\n').every((line) => line.length <= 76)).toBe(true);
    expect(encoded).toContain('x =3D y=20\r\nlast');
  });
});
