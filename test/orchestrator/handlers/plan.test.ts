import { ListRegionsCommand } from '@aws-sdk/client-account';
import { AccessDeniedException, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorNames } from '../../../orchestrator/contract';
import { makePlanHandler } from '../../../orchestrator/handlers/plan';
import type { ReaderCredentials } from '../../../orchestrator/plan';
import { HOST, mockOrganization, treeOrganization } from '../plan/org-fixture';

const ORG_READER = 'arn:aws:iam::111122223333:role/StepEverywhereOrgReader';
const CONTEXT = { invokedFunctionArn: `arn:aws:lambda:${HOST.region}:${HOST.accountId}:function:Orchestrator-Plan` };
const EXECUTION = { Id: 'arn:aws:states:eu-west-1:999999999999:execution:StepEverywhere:run-1', Name: 'run-1' };

const s3 = new S3Client({ region: 'eu-west-1' });
const sts = new STSClient({ region: 'eu-west-1' });
const s3Mock = mockClient(s3);
const stsMock = mockClient(sts);
let org: ReturnType<typeof mockOrganization>;
let given: Array<ReaderCredentials | undefined>;

function newHandler() {
  return makePlanHandler({
    s3,
    sts,
    orgClients: (credentials) => {
      given.push(credentials);
      return org.clients;
    },
  });
}

function event(input: unknown) {
  return { Input: input, Execution: EXECUTION };
}

beforeEach(() => {
  vi.stubEnv('RESULTS_BUCKET', 'results');
  vi.stubEnv('HOST_ACCOUNT_ID', '');
  vi.stubEnv('ORG_READER_ROLE_ARN', '');
  vi.stubEnv('DEFAULT_REGIONS', '');
  vi.stubEnv('MAX_CONCURRENCY', '');
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  org = mockOrganization(treeOrganization(), 2);
  given = [];
  s3Mock.on(PutObjectCommand).resolves({});
  stsMock.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIAREADER', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date('2030-01-01') },
  });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  s3Mock.reset();
  stsMock.reset();
  org.organizationsMock.restore();
  org.accountMock.restore();
});

describe('plan handler', () => {
  it('fails a bad input with InvalidInput before any role is assumed, anything read or written', async () => {
    // Prepare
    vi.stubEnv('ORG_READER_ROLE_ARN', ORG_READER);
    const handler = newHandler();

    // Act
    const act = handler(event({ Function: 'StepEverywhere_x', Targets: { Accounts: ['12345'] } }), CONTEXT);

    // Assess
    await expect(act).rejects.toMatchObject({ name: ErrorNames.INVALID_INPUT, field: 'Targets.Accounts[0]' });
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(org.organizationsMock.calls()).toHaveLength(0);
    expect(org.accountMock.calls()).toHaveLength(0);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('writes nothing when a target turns out to be outside the organization', async () => {
    // Prepare
    const handler = newHandler();

    // Act
    const act = handler(event({ Function: 'StepEverywhere_x', Targets: { Accounts: ['123456789012'] } }), CONTEXT);

    // Assess
    await expect(act).rejects.toMatchObject({ name: ErrorNames.INVALID_INPUT });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('assumes the org-reader role once and reads the organization with its credentials', async () => {
    // Prepare
    vi.stubEnv('ORG_READER_ROLE_ARN', ORG_READER);
    const handler = newHandler();

    // Act
    const result = await handler(event({ Function: 'StepEverywhere_x', Regions: ['eu-west-1'] }), CONTEXT);

    // Assess
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({
      RoleArn: ORG_READER,
      RoleSessionName: 'StepEverywhere-Plan-run-1',
    });
    expect(given).toEqual([expect.objectContaining({ accessKeyId: 'ASIAREADER', sessionToken: 'token' })]);
    expect(result.Plan.WaveCount).toBe(1);
  });

  it("uses the function's own credentials when no org-reader role is configured", async () => {
    // Prepare
    const handler = newHandler();

    // Act
    await handler(event({ Function: 'StepEverywhere_x', Regions: ['eu-west-1'] }), CONTEXT);

    // Assess
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(given).toEqual([undefined]);
  });

  it("leaves out the host account named by the function's ARN when HOST_ACCOUNT_ID is unset", async () => {
    // Prepare
    const handler = newHandler();

    // Act
    await handler(event({ Function: 'StepEverywhere_x', Regions: ['eu-west-1'] }), CONTEXT);

    // Assess
    const manifest = JSON.parse(String(s3Mock.commandCalls(PutObjectCommand)[0].args[0].input.Body)) as Array<{ AccountId: string }>;
    expect(manifest.map((i) => i.AccountId)).not.toContain(HOST.accountId);
    expect(manifest).toHaveLength(5);
  });

  it('runs in the host account when the input asks for it', async () => {
    // Prepare
    const handler = newHandler();

    // Act
    const result = await handler(
      event({ Function: 'StepEverywhere_x', Regions: ['eu-west-1'], Targets: { IncludeHostAccount: true } }),
      CONTEXT,
    );

    // Assess
    expect(result.Plan.Waves[0].AccountCount).toBe(6);
    expect(org.accountMock.commandCalls(ListRegionsCommand)).toHaveLength(3);
  });

  it('reads its environment on every call, not once', async () => {
    // Prepare
    const handler = newHandler();
    vi.stubEnv('MAX_CONCURRENCY', '5');
    const first = await handler(event({ Function: 'StepEverywhere_x', Regions: ['eu-west-1'] }), CONTEXT);
    vi.stubEnv('MAX_CONCURRENCY', '9');

    // Act
    const second = await handler(event({ Function: 'StepEverywhere_x', Regions: ['eu-west-1'] }), CONTEXT);

    // Assess
    expect(first.Plan.MaxConcurrency).toBe(5);
    expect(second.Plan.MaxConcurrency).toBe(9);
  });

  it('fails with PlanFailed, naming what to check, when Organizations refuses the reader', async () => {
    // Prepare
    vi.stubEnv('ORG_READER_ROLE_ARN', ORG_READER);
    org.organizationsMock.on(ListAccountsCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));
    const handler = newHandler();

    // Act
    const act = handler(event({ Function: 'StepEverywhere_x' }), CONTEXT);

    // Assess
    await expect(act).rejects.toMatchObject({ name: ErrorNames.PLAN_FAILED });
    await expect(act).rejects.toThrow(`refused to the org-reader role ${ORG_READER}`);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
