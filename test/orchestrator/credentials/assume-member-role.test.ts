import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { assumeMemberRole, stsClientConfig, type AssumeMemberRoleRequest } from '../../../orchestrator/credentials';
import { ACCOUNT_ID, issuedCredentials, stsError } from './fixtures';

const stsMock = mockClient(STSClient);
const sts = new STSClient({ region: 'eu-west-1' });

const request: AssumeMemberRoleRequest = {
  accountId: ACCOUNT_ID,
  roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/StepEverywhereMember`,
  sessionName: 'StepEverywhere-run-42',
  durationSeconds: 900,
};

afterEach(() => {
  stsMock.reset();
});

describe('assumeMemberRole', () => {
  it('asks STS for the role, session name and duration', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).resolves({ Credentials: issuedCredentials() });

    // Act
    const result = await assumeMemberRole(sts, request);

    // Assess
    expect(result).toEqual({ ok: true, credentials: issuedCredentials() });
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
      RoleArn: request.roleArn,
      RoleSessionName: 'StepEverywhere-run-42',
      DurationSeconds: 900,
    });
  });

  it('passes the session policy and external id when configured', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).resolves({ Credentials: issuedCredentials() });
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudformation:*","Resource":"*"}]}';

    // Act
    await assumeMemberRole(sts, { ...request, sessionPolicy: policy, externalId: 'o-abc123' });

    // Assess
    const input = stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(input.Policy).toBe(policy);
    expect(input.ExternalId).toBe('o-abc123');
  });

  it('returns AccessDenied as the account outcome, with what to check', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(stsError('AccessDenied', 'client', 'User is not authorized to perform: sts:AssumeRole'));

    // Act
    const result = await assumeMemberRole(sts, request);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBe('AccessDenied');
    expect(result.cause).toContain('User is not authorized to perform: sts:AssumeRole');
    expect(result.cause).toContain(`exists in account ${ACCOUNT_ID}`);
    expect(result.cause).toContain('stepeverywhere:assumable=true');
    expect(result.cause).toContain("trusts the orchestrator's credentials role");
  });

  it('returns RegionDisabledException with the region to enable', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(stsError('RegionDisabledException', 'client'));

    // Act
    const result = await assumeMemberRole(sts, request);

    // Assess
    expect(result).toMatchObject({ ok: false, error: 'RegionDisabledException' });
    expect(!result.ok && result.cause).toMatch(/in eu-west-1 .* region is enabled/);
  });

  it('returns a refused session policy as the account outcome, pointing at the setting', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(stsError('PackedPolicyTooLarge', 'client'));

    // Act
    const result = await assumeMemberRole(sts, { ...request, sessionPolicy: '{"Statement":[]}' });

    // Assess
    expect(result).toMatchObject({ ok: false, error: 'PackedPolicyTooLarge' });
    expect(!result.ok && result.cause).toContain('SESSION_POLICY');
  });

  it('rethrows throttling that outlasted the retries', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(stsError('Throttling', 'client', 'Rate exceeded'));

    // Act
    const assume = assumeMemberRole(sts, request);

    // Assess
    await expect(assume).rejects.toMatchObject({ name: 'Throttling' });
  });

  it('rethrows a server fault', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(stsError('InternalFailure', 'server'));

    // Act
    const assume = assumeMemberRole(sts, request);

    // Assess
    await expect(assume).rejects.toMatchObject({ name: 'InternalFailure' });
  });

  it('rethrows a network failure', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    // Act
    const assume = assumeMemberRole(sts, request);

    // Assess
    await expect(assume).rejects.toThrow('socket hang up');
  });

  it('throws when STS answers without a complete session', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).resolves({ Credentials: { ...issuedCredentials(), SessionToken: undefined } as never });

    // Act
    const assume = assumeMemberRole(sts, request);

    // Assess
    await expect(assume).rejects.toThrow(/answered without complete credentials/);
  });
});

describe('stsClientConfig', () => {
  it('retries generously in adaptive mode', async () => {
    // Prepare
    const client = new STSClient({ region: 'eu-west-1', ...stsClientConfig() });

    // Act
    const maxAttempts = await client.config.maxAttempts();
    const strategy = await client.config.retryStrategy();

    // Assess
    expect(maxAttempts).toBe(8);
    expect(client.config.retryMode).toBe('adaptive');
    expect(strategy.constructor.name).toBe('AdaptiveRetryStrategy');
  });
});
