import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { ASSUMABLE_TAG_KEY, ASSUMABLE_TAG_VALUE } from '../../../../orchestrator/contract';
import { setAccountOrganization } from '../../../../local/identity/organizations';
import { provisionRole } from '../../../../local/services/iam/roles';
import type { LocalCloud } from '../../../../local/server';
import type { Keys } from '../../server/local-cloud-fixture';

export const HUB = '111111111111';
export const MEMBER = '222222222222';
export const ORG_ID = 'o-exampleorg1';
export const CREDENTIALS_ROLE_ARN = `arn:aws:iam::${HUB}:role/Credentials`;
export const MEMBER_ROLE_ARN = `arn:aws:iam::${MEMBER}:role/Member`;
export const UNTAGGED_ROLE_ARN = `arn:aws:iam::${MEMBER}:role/Untagged`;

/**
 * The trust chain of the product in miniature: the hub's credentials role may assume only tagged
 * roles; member roles trust only the credentials role, and only from inside the organization.
 */
export async function provisionTrustChain(cloud: LocalCloud, options: { orgOfHub?: string } = {}): Promise<void> {
  const now = cloud.cloud.now();
  await setAccountOrganization(cloud.store, HUB, options.orgOfHub ?? ORG_ID);
  await provisionRole(
    cloud.store,
    HUB,
    {
      roleName: 'Credentials',
      assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HUB}:root` }, Action: 'sts:AssumeRole' }] },
      inlinePolicies: {
        AssumeTagged: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: 'arn:aws:iam::*:role/*',
              Condition: { StringEquals: { [`aws:ResourceTag/${ASSUMABLE_TAG_KEY}`]: ASSUMABLE_TAG_VALUE } },
            },
          ],
        },
      },
    },
    now,
  );
  const memberTrust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: CREDENTIALS_ROLE_ARN },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
      },
    ],
  };
  await provisionRole(cloud.store, MEMBER, { roleName: 'Member', assumeRolePolicyDocument: memberTrust, tags: [{ Key: ASSUMABLE_TAG_KEY, Value: ASSUMABLE_TAG_VALUE }] }, now);
  await provisionRole(cloud.store, MEMBER, { roleName: 'Untagged', assumeRolePolicyDocument: memberTrust }, now);
}

export async function assume(client: STSClient, roleArn: string, extra: { DurationSeconds?: number; Policy?: string } = {}): Promise<Keys> {
  const answer = await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'test-session', ...extra }));
  const credentials = answer.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    throw new Error('AssumeRole answered without complete credentials');
  }
  return { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken };
}

/** The error a promise rejects with, so a test can assert on its name, status and message. */
export async function failureOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
