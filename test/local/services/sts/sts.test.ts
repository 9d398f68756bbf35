import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../../local/server';
import { OPERATOR_KEYS, removeStateDir, startTestCloud, sts, tempStateDir, TestClock } from '../../server/local-cloud-fixture';
import { ASSUMABLE_TAG_KEY, ASSUMABLE_TAG_VALUE } from '../../../../orchestrator/contract';
import { provisionRole } from '../../../../local/services/iam/roles';
import { assume, CREDENTIALS_ROLE_ARN, failureOf, HUB, MEMBER, MEMBER_ROLE_ARN, provisionTrustChain, UNTAGGED_ROLE_ARN } from './sts-fixture';

describe('local STS over the wire', () => {
  let dir: string;
  let cloud: LocalCloud;
  let clock: TestClock;

  beforeEach(async () => {
    dir = tempStateDir();
    clock = new TestClock();
    cloud = await startTestCloud(dir, { now: clock.now });
    await provisionTrustChain(cloud);
  });

  afterEach(async () => {
    await cloud.close();
    removeStateDir(dir);
  });

  it('answers GetCallerIdentity for the operator', async () => {
    // Prepare
    const client = sts(cloud);
    // Act
    const identity = await client.send(new GetCallerIdentityCommand({}));
    // Assess
    expect(identity).toMatchObject({ Account: HUB, Arn: `arn:aws:iam::${HUB}:user/operator` });
    expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('refuses a request signed with the wrong secret with SignatureDoesNotMatch', async () => {
    // Prepare
    const client = sts(cloud, { ...OPERATOR_KEYS, secretAccessKey: 'not-the-operator-secret-at-all' });
    // Act
    const failure = await failureOf(client.send(new GetCallerIdentityCommand({})));
    // Assess
    expect(failure).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('refuses an unknown access key with InvalidClientTokenId', async () => {
    // Prepare
    const client = sts(cloud, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'whatever-secret-value' });
    // Act
    const failure = await failureOf(client.send(new GetCallerIdentityCommand({})));
    // Assess
    expect(failure).toMatchObject({ name: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
  });

  it('issues credentials that act as the assumed role', async () => {
    // Prepare
    const credentials = await assume(sts(cloud), CREDENTIALS_ROLE_ARN);
    const member = await assume(sts(cloud, credentials), MEMBER_ROLE_ARN);
    // Act
    const identity = await sts(cloud, member).send(new GetCallerIdentityCommand({}));
    // Assess
    expect(identity).toMatchObject({ Account: MEMBER, Arn: `arn:aws:sts::${MEMBER}:assumed-role/Member/test-session` });
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:test-session$/);
  });

  it('denies AssumeRole of a role without the tag the caller policy requires', async () => {
    // Prepare
    const credentials = await assume(sts(cloud), CREDENTIALS_ROLE_ARN);
    // Act
    const failure = await failureOf(assume(sts(cloud, credentials), UNTAGGED_ROLE_ARN));
    // Assess
    expect(failure).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:sts::${HUB}:assumed-role/Credentials/test-session is not authorized to perform: sts:AssumeRole on resource: ${UNTAGGED_ROLE_ARN}`,
    });
  });

  it('matches the role\'s tags under iam:ResourceTag too, as AWS does (CDK\'s bootstrap roles are matched so)', async () => {
    // Prepare
    const trustHub = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HUB}:root` }, Action: 'sts:AssumeRole' }] };
    const byIamTag = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { [`iam:ResourceTag/${ASSUMABLE_TAG_KEY}`]: ASSUMABLE_TAG_VALUE } } }],
    };
    await provisionRole(cloud.store, HUB, { roleName: 'IamTagCaller', assumeRolePolicyDocument: trustHub, inlinePolicies: { ByIamTag: byIamTag } }, cloud.cloud.now());
    const memberTrustsCaller = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HUB}:root` }, Action: 'sts:AssumeRole' }] };
    await provisionRole(cloud.store, MEMBER, { roleName: 'TaggedOpen', assumeRolePolicyDocument: memberTrustsCaller, tags: [{ Key: ASSUMABLE_TAG_KEY, Value: ASSUMABLE_TAG_VALUE }] }, cloud.cloud.now());
    await provisionRole(cloud.store, MEMBER, { roleName: 'UntaggedOpen', assumeRolePolicyDocument: memberTrustsCaller }, cloud.cloud.now());
    const caller = await assume(sts(cloud), `arn:aws:iam::${HUB}:role/IamTagCaller`);

    // Act
    const tagged = await assume(sts(cloud, caller), `arn:aws:iam::${MEMBER}:role/TaggedOpen`);
    const untagged = await failureOf(assume(sts(cloud, caller), `arn:aws:iam::${MEMBER}:role/UntaggedOpen`));

    // Assess
    expect(tagged.accessKeyId).toBeTruthy();
    expect(untagged).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('denies AssumeRole by a principal the trust policy does not name', async () => {
    // Prepare: the operator is an administrator, but the member role trusts only the credentials role
    const client = sts(cloud);
    // Act
    const failure = await failureOf(assume(client, MEMBER_ROLE_ARN));
    // Assess
    expect(failure).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(failure.message).toContain(`User: arn:aws:iam::${HUB}:user/operator is not authorized`);
  });

  it('denies AssumeRole when the caller is outside the organization the trust policy requires', async () => {
    // Prepare
    await provisionTrustChain(cloud, { orgOfHub: 'o-otherorg000' });
    const credentials = await assume(sts(cloud), CREDENTIALS_ROLE_ARN);
    // Act
    const failure = await failureOf(assume(sts(cloud, credentials), MEMBER_ROLE_ARN));
    // Assess
    expect(failure.name).toBe('AccessDenied');
  });

  it('denies AssumeRole of a role that does not exist with the same AccessDenied', async () => {
    // Prepare
    const credentials = await assume(sts(cloud), CREDENTIALS_ROLE_ARN);
    // Act
    const failure = await failureOf(assume(sts(cloud, credentials), `arn:aws:iam::${MEMBER}:role/Missing`));
    // Assess
    expect(failure).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('rejects a 65-character session name with ValidationError naming roleSessionName', async () => {
    // Prepare
    const command = new AssumeRoleCommand({ RoleArn: CREDENTIALS_ROLE_ARN, RoleSessionName: 'a'.repeat(65) });
    // Act
    const failure = await failureOf(sts(cloud).send(command));
    // Assess
    expect(failure).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(failure.message).toContain("at 'roleSessionName'");
  });

  it('rejects a chained session longer than one hour', async () => {
    // Prepare
    const credentials = await assume(sts(cloud), CREDENTIALS_ROLE_ARN);
    // Act
    const failure = await failureOf(assume(sts(cloud, credentials), MEMBER_ROLE_ARN, { DurationSeconds: 7200 }));
    // Assess
    expect(failure.name).toBe('ValidationError');
    expect(failure.message).toContain('1 hour session limit for roles assumed by role chaining');
  });

  it('rejects a duration shorter than 900 seconds', async () => {
    // Prepare
    const client = sts(cloud);
    // Act
    const failure = await failureOf(assume(client, CREDENTIALS_ROLE_ARN, { DurationSeconds: 899 }));
    // Assess
    expect(failure.name).toBe('ValidationError');
    expect(failure.message).toContain("at 'durationSeconds'");
  });

  it('applies the session policy to later calls of the session', async () => {
    // Prepare: a session policy that leaves out sts:AssumeRole
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const narrowed = await assume(sts(cloud), CREDENTIALS_ROLE_ARN, { Policy: policy });
    // Act
    const failure = await failureOf(assume(sts(cloud, narrowed), MEMBER_ROLE_ARN));
    // Assess
    expect(failure.name).toBe('AccessDenied');
  });

  it('refuses calls signed with a session once it expired, with ExpiredToken', async () => {
    // Prepare
    const credentials = await assume(sts(cloud), CREDENTIALS_ROLE_ARN, { DurationSeconds: 900 });
    clock.advanceSeconds(901);
    // Act: the client corrects its clock from the Date header of the skew error, then retries
    const failure = await failureOf(sts(cloud, credentials, 3).send(new GetCallerIdentityCommand({})));
    // Assess
    expect(failure).toMatchObject({ name: 'ExpiredToken', status: 400 });
  });

  it('keeps working with a session just before it expires', async () => {
    // Prepare
    const credentials = await assume(sts(cloud), CREDENTIALS_ROLE_ARN, { DurationSeconds: 900 });
    clock.advanceSeconds(850);
    // Act
    const identity = await sts(cloud, credentials).send(new GetCallerIdentityCommand({}));
    // Assess
    expect(identity.Arn).toBe(`arn:aws:sts::${HUB}:assumed-role/Credentials/test-session`);
  });
});
