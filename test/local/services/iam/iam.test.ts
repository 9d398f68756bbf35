import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../../local/server';
import type { StaticUser } from '../../../../local/identity/users';
import { removeStateDir, signedQuery, startTestCloud, sts, tempStateDir, type RawResponse } from '../../server/local-cloud-fixture';
import { failureOf } from '../sts/sts-fixture';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] });
const INLINE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::results/*' }] });

/** A user allowed to read roles only, to check that IAM calls are authorized. */
const READER: StaticUser = {
  accessKeyId: 'AKIAREADERLOCAL00000',
  secretAccessKey: 'reader-secret-key-value',
  accountId: '111111111111',
  userName: 'reader',
  policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListRoleTags'], Resource: '*' }] }],
};

function iam(cloud: LocalCloud, params: Record<string, string>, keys?: { accessKeyId: string; secretAccessKey: string }): Promise<RawResponse> {
  return signedQuery(cloud, 'iam', { Version: '2010-05-08', ...params }, keys);
}

function result(response: RawResponse, action: string): Record<string, unknown> {
  const envelope = response.xml[`${action}Response`] as Record<string, unknown> | undefined;
  return (envelope?.[`${action}Result`] ?? {}) as Record<string, unknown>;
}

describe('local IAM roles', () => {
  let dir: string;
  let cloud: LocalCloud;

  beforeEach(async () => {
    dir = tempStateDir();
    cloud = await startTestCloud(dir, { users: [READER] });
  });

  afterEach(async () => {
    await cloud.close();
    removeStateDir(dir);
  });

  it('creates a role with tags and reads it back with its trust policy URL-encoded', async () => {
    // Prepare
    await iam(cloud, { Action: 'CreateRole', RoleName: 'Worker', Path: '/se/', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: '7200', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'platform' });
    // Act
    const got = result(await iam(cloud, { Action: 'GetRole', RoleName: 'Worker' }), 'GetRole');
    // Assess
    expect(got.Role).toMatchObject({
      RoleName: 'Worker',
      Path: '/se/',
      Arn: 'arn:aws:iam::111111111111:role/se/Worker',
      MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: encodeURIComponent(TRUST),
      Tags: { member: [{ Key: 'team', Value: 'platform' }] },
    });
  });

  it('keeps inline policies: put, list, get, delete', async () => {
    // Prepare
    await iam(cloud, { Action: 'CreateRole', RoleName: 'Worker', AssumeRolePolicyDocument: TRUST });
    await iam(cloud, { Action: 'PutRolePolicy', RoleName: 'Worker', PolicyName: 'Read', PolicyDocument: INLINE });
    // Act
    const listed = result(await iam(cloud, { Action: 'ListRolePolicies', RoleName: 'Worker' }), 'ListRolePolicies');
    const got = result(await iam(cloud, { Action: 'GetRolePolicy', RoleName: 'Worker', PolicyName: 'Read' }), 'GetRolePolicy');
    const deleted = await iam(cloud, { Action: 'DeleteRolePolicy', RoleName: 'Worker', PolicyName: 'Read' });
    const gone = await iam(cloud, { Action: 'GetRolePolicy', RoleName: 'Worker', PolicyName: 'Read' });
    // Assess
    expect(listed.PolicyNames).toEqual({ member: ['Read'] });
    expect(decodeURIComponent(String(got.PolicyDocument))).toBe(INLINE);
    expect(deleted.status).toBe(200);
    expect(gone.status).toBe(404);
    expect(gone.text).toContain('<Code>NoSuchEntity</Code>');
  });

  it('adds tags with TagRole and lists them', async () => {
    // Prepare
    await iam(cloud, { Action: 'CreateRole', RoleName: 'Worker', AssumeRolePolicyDocument: TRUST, 'Tags.member.1.Key': 'a', 'Tags.member.1.Value': '1' });
    await iam(cloud, { Action: 'TagRole', RoleName: 'Worker', 'Tags.member.1.Key': 'stepeverywhere:assumable', 'Tags.member.1.Value': 'true' });
    // Act
    const tags = result(await iam(cloud, { Action: 'ListRoleTags', RoleName: 'Worker' }), 'ListRoleTags');
    // Assess
    expect(tags.Tags).toEqual({ member: [{ Key: 'a', Value: 1 }, { Key: 'stepeverywhere:assumable', Value: true }] });
  });

  it('attaches a customer managed policy whose permissions then apply to the role', async () => {
    // Prepare
    const created = result(await iam(cloud, { Action: 'CreatePolicy', PolicyName: 'Assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }), 'CreatePolicy');
    const arn = String((created.Policy as Record<string, unknown>).Arn);
    await iam(cloud, { Action: 'CreateRole', RoleName: 'Worker', AssumeRolePolicyDocument: TRUST });
    await iam(cloud, { Action: 'AttachRolePolicy', RoleName: 'Worker', PolicyArn: arn });
    // Act
    const attached = result(await iam(cloud, { Action: 'ListAttachedRolePolicies', RoleName: 'Worker' }), 'ListAttachedRolePolicies');
    const deleteWhileAttached = await iam(cloud, { Action: 'DeletePolicy', PolicyArn: arn });
    // Assess
    expect(attached.AttachedPolicies).toEqual({ member: [{ PolicyName: 'Assume', PolicyArn: 'arn:aws:iam::111111111111:policy/Assume' }] });
    expect(deleteWhileAttached.status).toBe(409);
    expect(deleteWhileAttached.text).toContain('<Code>DeleteConflict</Code>');
  });

  it('refuses a second role of the same name with EntityAlreadyExists', async () => {
    // Prepare
    await iam(cloud, { Action: 'CreateRole', RoleName: 'Worker', AssumeRolePolicyDocument: TRUST });
    // Act
    const again = await iam(cloud, { Action: 'CreateRole', RoleName: 'worker', AssumeRolePolicyDocument: TRUST });
    // Assess
    expect(again.status).toBe(409);
    expect(again.text).toContain('<Code>EntityAlreadyExists</Code>');
  });

  it('refuses a trust policy without a Principal with MalformedPolicyDocument naming the statement', async () => {
    // Prepare
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
    // Act
    const response = await iam(cloud, { Action: 'CreateRole', RoleName: 'Worker', AssumeRolePolicyDocument: noPrincipal });
    // Assess
    expect(response.status).toBe(400);
    expect(response.text).toContain('<Code>MalformedPolicyDocument</Code>');
    expect(response.text).toContain('AssumeRolePolicyDocument.Statement[0] needs a Principal');
  });

  it('refuses a role that still has inline policies with DeleteConflict', async () => {
    // Prepare
    await iam(cloud, { Action: 'CreateRole', RoleName: 'Worker', AssumeRolePolicyDocument: TRUST });
    await iam(cloud, { Action: 'PutRolePolicy', RoleName: 'Worker', PolicyName: 'Read', PolicyDocument: INLINE });
    // Act
    const response = await iam(cloud, { Action: 'DeleteRole', RoleName: 'Worker' });
    // Assess
    expect(response.status).toBe(409);
    expect(response.text).toContain('must delete policies first');
  });

  it('replaces the trust policy with UpdateAssumeRolePolicy, which then decides AssumeRole', async () => {
    // Prepare
    await iam(cloud, { Action: 'CreateRole', RoleName: 'Worker', AssumeRolePolicyDocument: TRUST });
    const nobody = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] });
    await iam(cloud, { Action: 'UpdateAssumeRolePolicy', RoleName: 'Worker', PolicyDocument: nobody });
    // Act
    const failure = await failureOf(sts(cloud).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111111111111:role/Worker', RoleSessionName: 'op' })));
    // Assess
    expect(failure.name).toBe('AccessDenied');
  });

  it('denies IAM calls the caller has no permission for', async () => {
    // Prepare
    const keys = { accessKeyId: READER.accessKeyId, secretAccessKey: READER.secretAccessKey };
    // Act
    const response = await iam(cloud, { Action: 'CreateRole', RoleName: 'Sneaky', AssumeRolePolicyDocument: TRUST }, keys);
    // Assess
    expect(response.status).toBe(403);
    expect(response.text).toContain('User: arn:aws:iam::111111111111:user/reader is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111111111111:role/Sneaky');
  });

  it('answers GetRole of a missing role with NoSuchEntity', async () => {
    // Prepare
    const params = { Action: 'GetRole', RoleName: 'Nobody' };
    // Act
    const response = await iam(cloud, params);
    // Assess
    expect(response.status).toBe(404);
    expect(response.text).toContain('The role with name Nobody cannot be found.');
  });
});
