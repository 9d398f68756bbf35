import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStateDir, startTestCloud, sts, tempStateDir } from './local-cloud-fixture';
import { assume, CREDENTIALS_ROLE_ARN, HUB, MEMBER_ROLE_ARN, provisionTrustChain } from '../services/sts/sts-fixture';

describe('a local cloud restarted on the same state folder', () => {
  let dir: string;

  beforeEach(() => {
    dir = tempStateDir();
  });

  afterEach(() => {
    removeStateDir(dir);
  });

  it('keeps the sessions it issued', async () => {
    // Prepare
    const first = await startTestCloud(dir);
    await provisionTrustChain(first);
    const credentials = await assume(sts(first), CREDENTIALS_ROLE_ARN);
    await first.close();
    // Act
    const second = await startTestCloud(dir);
    const identity = await sts(second, credentials).send(new GetCallerIdentityCommand({}));
    await second.close();
    // Assess
    expect(identity.Arn).toBe(`arn:aws:sts::${HUB}:assumed-role/Credentials/test-session`);
  });

  it('keeps roles, their tags and policies, and the organization membership', async () => {
    // Prepare
    const first = await startTestCloud(dir);
    await provisionTrustChain(first);
    await first.close();
    // Act: the whole trust chain must still hold after the restart
    const second = await startTestCloud(dir);
    const credentials = await assume(sts(second), CREDENTIALS_ROLE_ARN);
    const member = await assume(sts(second, credentials), MEMBER_ROLE_ARN);
    const identity = await sts(second, member).send(new GetCallerIdentityCommand({}));
    await second.close();
    // Assess
    expect(identity.Arn).toBe('arn:aws:sts::222222222222:assumed-role/Member/test-session');
  });
});
