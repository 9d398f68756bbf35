import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { requireAllowed } from '../../authorize/authorizer';
import { parsePolicyDocument } from '../../authorize/policy';
import { AwsError } from '../../protocols/aws-error';
import { XmlMap } from '../../protocols/xml';
import { paginate } from '../organizations/pages';
import type { CloudContext, ServiceRequest, ServiceResponse } from '../service';
import { renderEml, writeToOutbox } from './email';
import { defaultTopicPolicy, invalidParameter, requireTopic, subscriptionsOf, topicsOf, type SubscriptionRecord, type TopicRecord } from './topics';

type Operation = (request: ServiceRequest, cloud: CloudContext) => Promise<ServiceResponse>;

const MAX_MESSAGE_BYTES = 256 * 1024;
const SETTABLE = ['DisplayName', 'Policy', 'DeliveryPolicy', 'KmsMasterKeyId', 'TracingConfig', 'SignatureVersion', 'DataProtectionPolicy'];
/** Only email reaches anyone from a local cloud; email-json carries the notification as JSON. */
const PROTOCOLS = ['email', 'email-json'];

export const operations: Readonly<Record<string, Operation>> = {
  CreateTopic: async (request, cloud) => {
    const { caller, input, region } = request;
    const name = stringIn(input, 'Name');
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) {
      throw invalidParameter('Topic Name: use 1 to 256 letters, digits, hyphens or underscores (FIFO topics are not served locally)');
    }
    const arn = `arn:aws:sns:${region}:${caller.accountId}:${name}`;
    await allowed(cloud, request, 'CreateTopic', arn);
    const attributes = attributesIn(input.Attributes);
    const topic: TopicRecord = { arn, name, owner: caller.accountId, attributes: { Policy: defaultTopicPolicy(arn, caller.accountId), ...attributes } };
    // Creating an existing topic is a no-op that answers its ARN, as in SNS.
    await topicsOf(cloud.store).update(arn, (current) => current ?? topic);
    return { output: { TopicArn: arn } };
  },
  DeleteTopic: async (request, cloud) => {
    const arn = stringIn(request.input, 'TopicArn');
    const topic = await topicsOf(cloud.store).get(arn);
    await allowed(cloud, request, 'DeleteTopic', arn, topic);
    if (topic) {
      for (const subscription of await subscriptionsFor(cloud, arn)) await subscriptionsOf(cloud.store).delete(subscription.arn);
      await topicsOf(cloud.store).delete(arn);
    }
    return {};
  },
  GetTopicAttributes: async (request, cloud) => {
    const topic = await onTopic(cloud, request, 'GetTopicAttributes');
    const confirmed = (await subscriptionsFor(cloud, topic.arn)).length;
    const attributes = {
      TopicArn: topic.arn,
      Owner: topic.owner,
      SubscriptionsConfirmed: String(confirmed),
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      ...topic.attributes,
    };
    return { output: { Attributes: new XmlMap(attributes) } };
  },
  SetTopicAttributes: async (request, cloud) => {
    const topic = await onTopic(cloud, request, 'SetTopicAttributes');
    const name = stringIn(request.input, 'AttributeName');
    if (!SETTABLE.includes(name)) throw invalidParameter(`AttributeName ${name}: settable attributes are ${SETTABLE.join(', ')}`);
    const value = typeof request.input.AttributeValue === 'string' ? request.input.AttributeValue : '';
    checkAttribute(name, value);
    await topicsOf(cloud.store).update(topic.arn, (current) => current && { ...current, attributes: { ...current.attributes, [name]: value } });
    return {};
  },
  Subscribe: async (request, cloud) => {
    const topic = await onTopic(cloud, request, 'Subscribe');
    const protocol = stringIn(request.input, 'Protocol').toLowerCase();
    if (!PROTOCOLS.includes(protocol)) throw invalidParameter(`Protocol ${protocol}: the local cloud delivers ${PROTOCOLS.join(' and ')} only`);
    const endpoint = stringIn(request.input, 'Endpoint');
    if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(endpoint)) throw invalidParameter(`Email address ${endpoint}: give one address such as ops@example.com`);
    const existing = (await subscriptionsFor(cloud, topic.arn)).find((s) => s.protocol === protocol && s.endpoint === endpoint);
    if (existing) return { output: { SubscriptionArn: existing.arn } };
    // No one can click a confirmation link in a local cloud: email subscriptions start confirmed.
    const subscription: SubscriptionRecord = { arn: `${topic.arn}:${randomUUID()}`, topicArn: topic.arn, protocol, endpoint, owner: request.caller.accountId };
    await subscriptionsOf(cloud.store).put(subscription.arn, subscription);
    return { output: { SubscriptionArn: subscription.arn } };
  },
  ListSubscriptionsByTopic: async (request, cloud) => {
    const topic = await onTopic(cloud, request, 'ListSubscriptionsByTopic');
    const all = (await subscriptionsFor(cloud, topic.arn)).map((s) => ({ SubscriptionArn: s.arn, Owner: s.owner, Protocol: s.protocol, Endpoint: s.endpoint, TopicArn: s.topicArn }));
    const page = paginate(all, { scope: `ListSubscriptionsByTopic ${topic.arn}`, maxResults: undefined, nextToken: request.input.NextToken }, { max: 100, default: 100, invalidCode: 'InvalidParameter' });
    return { output: { Subscriptions: page.items, NextToken: page.nextToken } };
  },
  Unsubscribe: async (request, cloud) => {
    const arn = stringIn(request.input, 'SubscriptionArn');
    const subscription = await subscriptionsOf(cloud.store).get(arn);
    if (!subscription) throw new AwsError('NotFound', `Subscription does not exist: ${arn}`, 404);
    const topic = await topicsOf(cloud.store).get(subscription.topicArn);
    await allowed(cloud, request, 'Unsubscribe', subscription.topicArn, topic);
    await subscriptionsOf(cloud.store).delete(arn);
    return {};
  },
  Publish: async (request, cloud) => {
    const input = request.input;
    const topicArn = input.TopicArn ?? input.TargetArn;
    const topic = await onTopic(cloud, { ...request, input: { ...input, TopicArn: topicArn } }, 'Publish');
    const message = typeof input.Message === 'string' ? input.Message : '';
    if (message === '') throw invalidParameter('Empty message');
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw invalidParameter(`Message too long: ${Buffer.byteLength(message)} bytes, the most is ${MAX_MESSAGE_BYTES}`);
    const subject = input.Subject === undefined ? undefined : String(input.Subject);
    if (subject !== undefined && !/^[\x21-\x7e][\x20-\x7e]{0,99}$/.test(subject)) {
      throw invalidParameter('Subject: up to 100 printable ASCII characters, starting with a letter, digit or punctuation, without line breaks');
    }
    const messageId = randomUUID();
    await deliver(cloud, topic, messageId, message, subject);
    return { output: { MessageId: messageId } };
  },
};

/** One `.eml` per email subscription, written before Publish answers so a reader finds it at once. */
async function deliver(cloud: CloudContext, topic: TopicRecord, messageId: string, message: string, subject: string | undefined): Promise<void> {
  const now = cloud.now();
  const outbox = path.join(cloud.store.dir, 'outbox');
  const subscriptions = await subscriptionsFor(cloud, topic.arn);
  for (const [index, subscription] of subscriptions.entries()) {
    const body =
      subscription.protocol === 'email-json'
        ? JSON.stringify({ Type: 'Notification', MessageId: messageId, TopicArn: topic.arn, Subject: subject, Message: message, Timestamp: now.toISOString(), UnsubscribeURL: subscription.arn })
        : `${message}\n\n--\nYou receive this because ${subscription.endpoint} is subscribed to ${topic.arn} (${subscription.arn}).`;
    const eml = renderEml({
      from: `${topic.attributes.DisplayName || 'AWS Notifications'} <no-reply@sns.amazonaws.com>`,
      to: subscription.endpoint,
      subject: subject ?? 'AWS Notification Message',
      date: now,
      messageId: `${messageId}.${index}@sns.local`,
      body,
    });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    await writeToOutbox(outbox, `${stamp}-${messageId}-${index + 1}.eml`, eml);
  }
}

async function subscriptionsFor(cloud: CloudContext, topicArn: string): Promise<SubscriptionRecord[]> {
  return (await subscriptionsOf(cloud.store).entries()).map(([, s]) => s).filter((s) => s.topicArn === topicArn).sort((a, b) => (a.arn < b.arn ? -1 : 1));
}

async function onTopic(cloud: CloudContext, request: ServiceRequest, action: string): Promise<TopicRecord> {
  const topic = await requireTopic(cloud.store, request.input.TopicArn);
  await allowed(cloud, request, action, topic.arn, topic);
  return topic;
}

async function allowed(cloud: CloudContext, request: ServiceRequest, action: string, topicArn: string, topic?: TopicRecord): Promise<void> {
  const policy = topic?.attributes.Policy;
  await requireAllowed(
    cloud.authorize,
    {
      caller: request.caller,
      action: `sns:${action}`,
      resource: topicArn,
      resourceAccount: topic?.owner ?? request.caller.accountId,
      resourcePolicy: policy === undefined ? undefined : (JSON.parse(policy) as Record<string, unknown>),
      region: request.region,
    },
    { code: 'AuthorizationError', status: 403 },
  );
}

function attributesIn(value: unknown): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParameter('Attributes: send Attributes.entry.N.key and Attributes.entry.N.value');
  const attributes = value as Record<string, unknown>;
  for (const [name, attribute] of Object.entries(attributes)) {
    if (!SETTABLE.includes(name)) throw invalidParameter(`Attributes ${name}: settable attributes are ${SETTABLE.join(', ')}`);
    checkAttribute(name, String(attribute));
  }
  return Object.fromEntries(Object.entries(attributes).map(([name, attribute]) => [name, String(attribute)]));
}

function checkAttribute(name: string, value: string): void {
  if (name !== 'Policy') return;
  try {
    parsePolicyDocument(value, 'resource', 'Policy');
  } catch (error) {
    if (error instanceof AwsError) throw invalidParameter(`Policy: ${error.message}`);
    throw error;
  }
}

function stringIn(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') throw invalidParameter(`${field} is required`);
  return value;
}
