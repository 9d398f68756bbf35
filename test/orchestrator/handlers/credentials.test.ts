import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorNames } from '../../../orchestrator/contract';
import { makeCredentialsHandler } from '../../../orchestrator/handlers/credentials';
import {
  ACCOUNT_ID,
  EXECUTION_ARN,
  SECRET,
  SESSION_TOKEN,
  WORKER_ROLE_ARN,
  credentialsEvent,
  issuedCredentials,
  stsError,
} from '../credentials/fixtures';

const KEY_ARN = 'arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const stsMock = mockClient(STSClient);
const kmsMock = mockClient(KMSClient);
const lambdaMock = mockClient(LambdaClient);

function newHandler() {
  return makeCredentialsHandler({
    sts: new STSClient({ region: 'eu-west-1' }),
    kms: new KMSClient({ region: 'eu-west-1' }),
    lambda: new LambdaClient({ region: 'eu-west-1' }),
  });
}

beforeEach(() => {
  vi.stubEnv('KMS_KEY_ID', KEY_ARN);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Role: WORKER_ROLE_ARN });
  stsMock.on(AssumeRoleCommand).resolves({ Credentials: issuedCredentials() });
  kmsMock.on(EncryptCommand).resolves({ CiphertextBlob: Uint8Array.from([9, 9, 9]), KeyId: KEY_ARN });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  stsMock.reset();
  kmsMock.reset();
  lambdaMock.reset();
});

describe('credentials handler', () => {
  it('assumes the member role exactly once and answers the encrypted session', async () => {
    // Prepare
    const handler = newHandler();

    // Act
    const answer = await handler(credentialsEvent());

    // Assess
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
      RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/StepEverywhereMember`,
      RoleSessionName: 'StepEverywhere-run-42',
      DurationSeconds: 3600,
    });
    expect(answer).toEqual({
      Status: 'OK',
      Credentials: {
        Ciphertext: Buffer.from([9, 9, 9]).toString('base64'),
        KeyId: KEY_ARN,
        EncryptionContext: expect.any(Object),
        Expiration: '2030-01-01T01:00:00.000Z',
      },
    });
  });

  it('encrypts with the key and the exact context: execution, account, recipient role', async () => {
    // Prepare
    const handler = newHandler();

    // Act
    await handler(credentialsEvent());

    // Assess
    const input = kmsMock.commandCalls(EncryptCommand)[0].args[0].input;
    expect(input.KeyId).toBe(KEY_ARN);
    expect(input.EncryptionContext).toEqual({
      'stepeverywhere:execution': EXECUTION_ARN,
      'stepeverywhere:account': ACCOUNT_ID,
      'stepeverywhere:recipient': WORKER_ROLE_ARN,
    });
  });

  it('never puts the secret key or session token in its answer', async () => {
    // Prepare
    const handler = newHandler();

    // Act
    const answer = await handler(credentialsEvent());

    // Assess
    const text = JSON.stringify(answer);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SESSION_TOKEN);
    expect(text).not.toContain('ASIAEXAMPLEKEY');
  });

  it('applies the duration, session policy and external id from the environment', async () => {
    // Prepare
    vi.stubEnv('SESSION_DURATION_SECONDS', '900');
    vi.stubEnv('SESSION_POLICY', '{ "Version": "2012-10-17", "Statement": [] }');
    vi.stubEnv('EXTERNAL_ID', 'o-abc123');
    const handler = newHandler();

    // Act
    await handler(credentialsEvent());

    // Assess
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({
      DurationSeconds: 900,
      Policy: '{"Version":"2012-10-17","Statement":[]}',
      ExternalId: 'o-abc123',
    });
  });

  it('keeps the session name within 64 characters for an 80-character execution name', async () => {
    // Prepare
    const handler = newHandler();

    // Act
    await handler(credentialsEvent({ Context: { ExecutionName: 'e'.repeat(80) } }));

    // Assess
    const name = stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleSessionName ?? '';
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^[\w+=,.@-]+$/);
  });

  it('returns ASSUME_ROLE_FAILED with a cause when STS denies, and encrypts nothing', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(stsError('AccessDenied', 'client', 'not authorized to perform sts:AssumeRole'));
    const handler = newHandler();

    // Act
    const answer = await handler(credentialsEvent());

    // Assess
    expect(answer).toEqual({ Status: 'ASSUME_ROLE_FAILED', Error: 'AccessDenied', Cause: expect.stringContaining('stepeverywhere:assumable=true') });
    expect(kmsMock.commandCalls(EncryptCommand)).toHaveLength(0);
  });

  it('throws when throttling outlasts the retries, so the state machine retries', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(stsError('Throttling', 'client', 'Rate exceeded'));
    const handler = newHandler();

    // Act
    const call = handler(credentialsEvent());

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'Throttling' });
  });

  it('refuses a worker without the prefix before assuming anything', async () => {
    // Prepare
    const handler = newHandler();
    const event = credentialsEvent({ Context: { FunctionName: 'AdminTool', FunctionTarget: 'AdminTool' } });

    // Act
    const call = handler(event);

    // Assess
    await expect(call).rejects.toMatchObject({ name: ErrorNames.WORKER_NOT_ALLOWED });
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(0);
  });

  it('honours a WORKER_PREFIX override', async () => {
    // Prepare
    vi.stubEnv('WORKER_PREFIX', 'Fleet_');
    const handler = newHandler();

    // Act
    const call = handler(credentialsEvent());

    // Assess
    await expect(call).rejects.toThrow(/only functions named "Fleet_\.\.\."/);
  });

  it("looks the worker's role up once for two accounts", async () => {
    // Prepare
    const handler = newHandler();

    // Act
    await handler(credentialsEvent());
    await handler(credentialsEvent({ Account: { AccountId: '444455556666' } }));

    // Assess
    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(1);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('fails with a clear error when the session duration is out of bounds', async () => {
    // Prepare
    vi.stubEnv('SESSION_DURATION_SECONDS', '43200');
    const handler = newHandler();

    // Act
    const call = handler(credentialsEvent());

    // Assess
    await expect(call).rejects.toThrow(/^SESSION_DURATION_SECONDS: "43200" is not a whole number of seconds from 900 to 3600/);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('fails with a clear error when the key is not configured', async () => {
    // Prepare
    vi.stubEnv('KMS_KEY_ID', '');
    const handler = newHandler();

    // Act
    const call = handler(credentialsEvent());

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'StepEverywhere.InvalidConfiguration', variable: 'KMS_KEY_ID' });
  });

  it('assumes a role under a path in the partition of the worker role', async () => {
    // Prepare
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Role: 'arn:aws-cn:iam::999988887777:role/StepEverywhere_W' });
    const handler = newHandler();

    // Act
    await handler(credentialsEvent({ Context: { RoleName: 'platform/StepEverywhereMember' } }));

    // Assess
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe(
      `arn:aws-cn:iam::${ACCOUNT_ID}:role/platform/StepEverywhereMember`,
    );
  });

  it('logs a refusal without any secret', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).rejects(stsError('AccessDenied', 'client'));
    const handler = newHandler();

    // Act
    await handler(credentialsEvent());

    // Assess
    const logged = vi.mocked(console.warn).mock.calls.flat().join(' ');
    expect(logged).toContain('AccessDenied');
    expect(logged).not.toContain(SECRET);
  });
});
