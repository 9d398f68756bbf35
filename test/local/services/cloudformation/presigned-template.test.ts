import { CreateChangeSetCommand, DescribeChangeSetCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATOR, type StaticUser } from '../../../../local/server';
import { s3Service } from '../../../../local/services/s3/s3-service';
import { REGION, startCfnWorld, type CfnWorld } from './cfn-fixture';

const MEMBER = '222222222222';
const BUCKET = 'hub-templates';
const KEY = 'templates/topic.template';
const TEMPLATE = JSON.stringify({ Description: 'from S3', Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });

/** A member's deployer: CloudFormation only, no S3 at all. */
const CALLER: StaticUser = {
  accessKeyId: 'AKIAMEMBERCFNONLY001',
  secretAccessKey: 'member-cfn-only-secret-0123456789',
  accountId: MEMBER,
  userName: 'cfn-only',
  policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }] }],
};

/** A hub user that may sign URLs but may not read the object itself. */
const NO_READ_SIGNER: StaticUser = {
  accessKeyId: 'AKIAHUBNOS3READ00001',
  secretAccessKey: 'hub-no-s3-read-secret-0123456789',
  accountId: DEFAULT_OPERATOR.accountId,
  userName: 'no-read',
  policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] }],
};

let world: CfnWorld;

function s3Of(keys: StaticUser, forcePathStyle: boolean, endpoint = world.local.endpoint): S3Client {
  return new S3Client({ endpoint, region: REGION, forcePathStyle, credentials: keys, maxAttempts: 1 });
}

function presign(keys: StaticUser, options: { forcePathStyle?: boolean; endpoint?: string; signingDate?: Date } = {}): Promise<string> {
  const s3 = s3Of(keys, options.forcePathStyle ?? true, options.endpoint);
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: KEY }), { expiresIn: 300, ...(options.signingDate ? { signingDate: options.signingDate } : {}) });
}

async function changeSetFrom(url: string, changeSetName: string): Promise<unknown> {
  const cfn = world.client(CALLER);
  return cfn.send(new CreateChangeSetCommand({ StackName: changeSetName, ChangeSetName: changeSetName, ChangeSetType: 'CREATE', TemplateURL: url }));
}

beforeAll(async () => {
  world = await startCfnWorld({}, [CALLER, NO_READ_SIGNER], [s3Service]);
  const s3 = s3Of(DEFAULT_OPERATOR, true);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: TEMPLATE }));
});

afterAll(async () => {
  await world.close();
});

describe('a presigned TemplateURL is read with the signer’s authority', () => {
  it('a path-style URL signed by the hub reaches a member caller that has no S3 permission', async () => {
    // Prepare
    const url = await presign(DEFAULT_OPERATOR);
    const cfn = world.client(CALLER);

    // Act
    const created = await cfn.send(new CreateChangeSetCommand({ StackName: 'path-style', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateURL: url }));
    const described = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    const template = await cfn.send(new GetTemplateCommand({ ChangeSetName: created.Id }));

    // Assess
    expect(url).toContain(`/${BUCKET}/`);
    expect(url).toContain('X-Amz-Signature=');
    expect(described.Status).toBe('CREATE_COMPLETE');
    expect(template.TemplateBody).toBe(TEMPLATE);
  });

  it('a virtual-hosted URL (<bucket>.localhost) is read too', async () => {
    // Prepare
    const url = await presign(DEFAULT_OPERATOR, { forcePathStyle: false, endpoint: world.local.endpoint.replace('127.0.0.1', 'localhost') });

    // Act
    const created = await changeSetFrom(url, 'virtual-hosted');

    // Assess
    expect(new URL(url).hostname).toBe(`${BUCKET}.localhost`);
    expect(created).toMatchObject({ Id: expect.stringContaining('changeSet/virtual-hosted/') });
  });

  it('refuses an expired URL with the AWS wording', async () => {
    // Prepare
    const url = await presign(DEFAULT_OPERATOR, { signingDate: new Date(Date.now() - 3_600_000) });

    // Act
    const refused = await changeSetFrom(url, 'expired').catch((error: Error) => error);

    // Assess
    expect(refused).toMatchObject({ name: 'ValidationError' });
    expect((refused as Error).message).toMatch(/^TemplateURL must reference a valid S3 object to which you have access\. \(S3 answered 403 AccessDenied/);
  });

  it('refuses a URL whose object key was altered after signing', async () => {
    // Prepare
    const url = new URL(await presign(DEFAULT_OPERATOR));
    url.pathname = url.pathname.replace('topic.template', 'other.template');

    // Act
    const refused = await changeSetFrom(url.toString(), 'altered').catch((error: Error) => error);

    // Assess
    expect((refused as Error).message).toMatch(/^TemplateURL must reference a valid S3 object to which you have access\. \(S3 answered 403 SignatureDoesNotMatch/);
  });

  it('refuses a URL whose signer may not read the object', async () => {
    // Prepare
    const url = await presign(NO_READ_SIGNER);

    // Act
    const refused = await changeSetFrom(url, 'unreadable').catch((error: Error) => error);

    // Assess
    expect((refused as Error).message).toMatch(/^TemplateURL must reference a valid S3 object to which you have access\. \(S3 answered 403 AccessDenied/);
  });

  it('refuses a presigned URL of another endpoint, saying how to sign for the local cloud', async () => {
    // Prepare
    const url = `https://${BUCKET}.s3.${REGION}.amazonaws.com/${KEY}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc`;

    // Act
    const refused = await changeSetFrom(url, 'elsewhere').catch((error: Error) => error);

    // Assess
    expect((refused as Error).message).toContain("is not the local cloud's endpoint");
    expect((refused as Error).message).toContain('sign with the S3 client');
  });
});
