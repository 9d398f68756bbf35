import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../local/server';
import { removeStateDir, signedQuery, startTestCloud, sts, tempStateDir, type Keys, type RawResponse } from '../server/local-cloud-fixture';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] });
const READ_ROLES = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }] });
const DENY_READ = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:GetRole', Resource: '*' }] });
const ROLE_ARN = 'arn:aws:iam::111111111111:role/Reader';

function iam(cloud: LocalCloud, params: Record<string, string>, keys?: Keys): Promise<RawResponse> {
  return signedQuery(cloud, 'iam', { Version: '2010-05-08', ...params }, keys);
}

async function sessionOf(cloud: LocalCloud, name: string): Promise<Keys> {
  const { Credentials: c } = await sts(cloud).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: name }));
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}

describe('cached authorization on the local cloud', () => {
  let dir: string;
  let cloud: LocalCloud;

  beforeEach(async () => {
    dir = tempStateDir();
    cloud = await startTestCloud(dir);
    await iam(cloud, { Action: 'CreateRole', RoleName: 'Reader', AssumeRolePolicyDocument: TRUST });
    await iam(cloud, { Action: 'PutRolePolicy', RoleName: 'Reader', PolicyName: 'Read', PolicyDocument: READ_ROLES });
  });

  afterEach(async () => {
    await cloud.close();
    removeStateDir(dir);
  });

  it('denies the next call at once when the inline policy that allowed it is removed', async () => {
    // Prepare
    const session = await sessionOf(cloud, 'reader');
    const allowed = [await iam(cloud, { Action: 'GetRole', RoleName: 'Reader' }, session), await iam(cloud, { Action: 'GetRole', RoleName: 'Reader' }, session)];

    // Act
    await iam(cloud, { Action: 'DeleteRolePolicy', RoleName: 'Reader', PolicyName: 'Read' });
    const denied = await iam(cloud, { Action: 'GetRole', RoleName: 'Reader' }, session);

    // Assess
    expect(allowed.map((response) => response.status)).toEqual([200, 200]);
    expect(denied.status).toBe(403);
    expect(denied.text).toContain('is not authorized to perform: iam:GetRole');
  });

  it('denies the next call at once when a deny statement is added beside the allow', async () => {
    // Prepare
    const session = await sessionOf(cloud, 'reader');
    const allowed = await iam(cloud, { Action: 'GetRole', RoleName: 'Reader' }, session);

    // Act
    await iam(cloud, { Action: 'PutRolePolicy', RoleName: 'Reader', PolicyName: 'Deny', PolicyDocument: DENY_READ });
    const denied = await iam(cloud, { Action: 'GetRole', RoleName: 'Reader' }, session);

    // Assess
    expect([allowed.status, denied.status]).toEqual([200, 403]);
  });

  it('refuses AssumeRole at once when the trust policy that allowed it changes', async () => {
    // Prepare
    await sessionOf(cloud, 'first');
    const nobody = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] });

    // Act
    await iam(cloud, { Action: 'UpdateAssumeRolePolicy', RoleName: 'Reader', PolicyDocument: nobody });
    const refused = await sessionOf(cloud, 'second').catch((error: Error) => error);

    // Assess
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).name).toBe('AccessDenied');
  });
});
