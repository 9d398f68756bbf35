import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanFailedError } from '../../../orchestrator/contract';
import { assumeOrgReader, callerAccount } from '../../../orchestrator/plan';

const ROLE = 'arn:aws:iam::111122223333:role/StepEverywhereOrgReader';
const sts = new STSClient({ region: 'eu-west-1' });
const stsMock = mockClient(sts);
const EXPIRATION = new Date('2030-01-01T00:00:00Z');

afterEach(() => {
  stsMock.reset();
});

function issued() {
  return { Credentials: { AccessKeyId: 'ASIAREADER', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: EXPIRATION } };
}

describe('assumeOrgReader', () => {
  it('assumes the org-reader role with a session named after the execution', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).resolves(issued());

    // Act
    const credentials = await assumeOrgReader(sts, ROLE, 'deploy-42');

    // Assess
    expect(credentials).toEqual({ accessKeyId: 'ASIAREADER', secretAccessKey: 'secret', sessionToken: 'token', expiration: EXPIRATION });
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'StepEverywhere-Plan-deploy-42',
      DurationSeconds: 900,
    });
  });

  it('keeps the session name within the 64 characters STS accepts for a long execution name', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).resolves(issued());

    // Act
    await assumeOrgReader(sts, ROLE, 'x'.repeat(80));

    // Assess
    const name = stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleSessionName ?? '';
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^StepEverywhere-Plan-x+-[0-9a-f]{8}$/);
  });

  it('turns a refusal into PlanFailed that says to check the trust policy', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied', $fault: 'client' }));

    // Act
    const act = assumeOrgReader(sts, ROLE, 'deploy-42');

    // Assess
    await expect(act).rejects.toBeInstanceOf(PlanFailedError);
    await expect(act).rejects.toThrow(`STS AssumeRole(${ROLE}) was refused`);
    await expect(act).rejects.toThrow("its trust policy allows the Plan function's role");
  });

  it('fails the plan when STS answers without credentials', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).resolves({});

    // Act
    const act = assumeOrgReader(sts, ROLE, 'deploy-42');

    // Assess
    await expect(act).rejects.toBeInstanceOf(PlanFailedError);
  });
});

describe('callerAccount', () => {
  it("is the org-reader role's account when there is one", () => {
    // Prepare
    const host = '999999999999';

    // Act
    const caller = callerAccount(ROLE, host);

    // Assess
    expect(caller).toBe('111122223333');
  });

  it("is the host's account otherwise", () => {
    // Prepare
    const host = '999999999999';

    // Act
    const caller = callerAccount(undefined, host);

    // Assess
    expect(caller).toBe(host);
  });
});
