import { ListRegionsCommand } from '@aws-sdk/client-account';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError, Outcomes, PlanFailedError, runKeys, type AccountItem, type SkippedTarget } from '../../../orchestrator/contract';
import { planExecution, preparePlan, readPlanSettings, type PlanSettings } from '../../../orchestrator/plan';
import { HOST, OPT_IN, PROD, PROD_EU, PROD_EU_DE, ROOT, SANDBOX, mockOrganization, treeOrganization } from './org-fixture';

const BUCKET = 'results';
const EXECUTION = { Id: 'arn:aws:states:eu-west-1:999999999999:execution:StepEverywhere:deploy-7', Name: 'deploy-7' };
const PREFIX = 'StepEverywhere/StepEverywhere_Inventory/$LATEST/deploy-7';
const FUNCTION_ARN = `arn:aws:lambda:${HOST.region}:${HOST.accountId}:function:Orchestrator-Plan`;

const s3 = new S3Client({ region: 'eu-west-1' });
const s3Mock = mockClient(s3);
let org: ReturnType<typeof mockOrganization> | undefined;

afterEach(() => {
  s3Mock.reset();
  org?.organizationsMock.restore();
  org?.accountMock.restore();
  org = undefined;
});

function settings(env: Record<string, string> = {}): PlanSettings {
  return readPlanSettings({ RESULTS_BUCKET: BUCKET, ...env }, FUNCTION_ARN);
}

async function plan(input: unknown, planSettings = settings()) {
  org = mockOrganization(treeOrganization(), 2);
  s3Mock.on(PutObjectCommand).resolves({});
  const services = { ...org.clients, s3 };
  return planExecution(services, planSettings, preparePlan({ Input: input, Execution: EXECUTION }, planSettings));
}

function written(key: string): unknown {
  const call = s3Mock.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === key);
  if (!call) throw new Error(`nothing written at ${key}`);
  expect(call.args[0].input.Bucket).toBe(BUCKET);
  return JSON.parse(String(call.args[0].input.Body));
}

describe('planExecution', () => {
  it('cuts waves by membership, in order, each account once, the rest in a last wave', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: ['eu-west-1'], Waves: [{ Accounts: ['555555555555'] }, { OrganizationalUnits: [PROD] }] };

    // Act
    const result = await plan(input);

    // Assess
    const ids = (wave: number) => (written(runKeys.manifest(PREFIX, wave)) as AccountItem[]).map((i) => i.AccountId);
    expect(result.Plan.WaveCount).toBe(3);
    expect(ids(0)).toEqual(['555555555555']);
    expect(ids(1)).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(ids(2)).toEqual(['666666666666']);
  });

  it('refuses a wave naming an OU of another organization before writing anything', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: ['eu-west-1'], Waves: [{ OrganizationalUnits: ['ou-zz99-notours1'] }] };

    // Act
    const error = await plan(input).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('Waves[0].OrganizationalUnits[0]');
    expect((error as Error).message).toContain('list-organizational-units-for-parent');
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('places every account in its OUs, innermost first, when asked', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: ['eu-west-1'], IncludeOrganizationalUnitIds: true };

    // Act
    await plan(input);

    // Assess
    const items = written(runKeys.manifest(PREFIX, 0)) as AccountItem[];
    const pathOf = (id: string) => items.find((i) => i.AccountId === id)?.OrganizationalUnitIds;
    expect(pathOf('333333333333')).toEqual([PROD_EU_DE, PROD_EU, PROD, ROOT]);
    expect(pathOf('555555555555')).toEqual([SANDBOX, ROOT]);
    expect(pathOf('666666666666')).toEqual([ROOT]);
  });

  it('writes each wave manifest and the skipped list at the run keys and returns the plan', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: ['eu-west-1', 'us-east-1'], Waves: [1], Payload: { a: 1 } };

    // Act
    const result = await plan(input);

    // Assess
    const wave0 = written(runKeys.manifest(PREFIX, 0)) as AccountItem[];
    const wave1 = written(runKeys.manifest(PREFIX, 1)) as AccountItem[];
    const skipped = written(runKeys.skipped(PREFIX)) as SkippedTarget[];
    expect(wave0.map((i) => i.AccountId)).toEqual(['111111111111']);
    expect(wave1.map((i) => i.AccountId)).toEqual(['222222222222', '333333333333', '555555555555', '666666666666']);
    expect(wave1[0]).toEqual({ AccountId: '222222222222', AccountName: 'prod-eu', Regions: ['eu-west-1', 'us-east-1'], OrganizationalUnitIds: [] });
    expect(skipped.map((s) => [s.AccountId, s.Region, s.Outcome])).toEqual([
      ['444444444444', 'eu-west-1', Outcomes.SKIPPED],
      ['444444444444', 'us-east-1', Outcomes.SKIPPED],
    ]);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(3);
    expect(result.Plan).toEqual({
      Context: {
        ExecutionId: EXECUTION.Id,
        ExecutionName: 'deploy-7',
        FunctionName: 'StepEverywhere_Inventory',
        Qualifier: '$LATEST',
        FunctionTarget: 'StepEverywhere_Inventory',
        RoleName: 'StepEverywhereMember',
        Payload: { a: 1 },
        Bucket: BUCKET,
        Prefix: PREFIX,
        MaxPolls: 60,
      },
      Waves: [
        { Index: 0, ManifestKey: runKeys.manifest(PREFIX, 0), AccountCount: 1, TargetCount: 2 },
        { Index: 1, ManifestKey: runKeys.manifest(PREFIX, 1), AccountCount: 4, TargetCount: 8 },
      ],
      WaveCount: 2,
      MaxConcurrency: 100,
      Tolerance: { Count: 0 },
      TargetCount: 12,
      SkippedKey: runKeys.skipped(PREFIX),
    });
    expect(result.Progress).toEqual({ NextWave: 0, ManifestKey: runKeys.manifest(PREFIX, 0), Attempted: 0, Failed: 0, Stop: false });
  });

  it('prefers the input over the settings for role, tolerance and concurrency', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', RoleName: 'Custom', FailureTolerance: { Percentage: 5 }, MaxConcurrency: 7 };

    // Act
    const result = await plan(input, settings({ FAILURE_TOLERANCE: 'count:2', MAX_CONCURRENCY: '40', MEMBER_ROLE_NAME: 'Member' }));

    // Assess
    expect(result.Plan.Context.RoleName).toBe('Custom');
    expect(result.Plan.Tolerance).toEqual({ Percentage: 5 });
    expect(result.Plan.MaxConcurrency).toBe(7);
  });

  it('falls back to the settings for role, tolerance, concurrency and polls', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: ['eu-west-1'] };

    // Act
    const result = await plan(input, settings({ FAILURE_TOLERANCE: 'count:2', MAX_CONCURRENCY: '40', MEMBER_ROLE_NAME: 'Member', MAX_POLLS: '5' }));

    // Assess
    expect(result.Plan.Context.RoleName).toBe('Member');
    expect(result.Plan.Context.MaxPolls).toBe(5);
    expect(result.Plan.Tolerance).toEqual({ Count: 2 });
    expect(result.Plan.MaxConcurrency).toBe(40);
  });

  it('makes one region listing and no per-account call when every requested region is enabled by default', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: ['eu-west-1', 'eu-central-1'] };

    // Act
    await plan(input);

    // Assess
    const calls = org!.accountMock.commandCalls(ListRegionsCommand);
    expect(calls.every((c) => c.args[0].input.AccountId === undefined)).toBe(true);
    expect(calls).toHaveLength(3); // the caller's 5 regions, 2 per page
  });

  it('checks an opt-in region in each ACTIVE account only, and skips it only where it is disabled', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: [OPT_IN], Targets: { OrganizationalUnits: [PROD] } };

    // Act
    const result = await plan(input);

    // Assess
    const asked = org!.accountMock.commandCalls(ListRegionsCommand).map((c) => c.args[0].input.AccountId).filter(Boolean);
    expect([...new Set(asked)].sort()).toEqual(['111111111111', '222222222222', '333333333333']);
    const wave0 = written(runKeys.manifest(PREFIX, 0)) as AccountItem[];
    expect(wave0).toEqual([{ AccountId: '222222222222', AccountName: 'prod-eu', Regions: [OPT_IN], OrganizationalUnitIds: [] }]);
    const skipped = written(runKeys.skipped(PREFIX)) as SkippedTarget[];
    expect(skipped.map((s) => [s.AccountId, s.Reason.split(':')[0]])).toEqual([
      ['111111111111', `region ${OPT_IN} is not enabled in account 111111111111`],
      ['333333333333', `region ${OPT_IN} is not enabled in account 333333333333`],
      ['444444444444', 'account is SUSPENDED in AWS Organizations, not ACTIVE'],
    ]);
    expect(result.Plan.TargetCount).toBe(4);
  });

  it('uses DEFAULT_REGIONS when the input names no regions', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Targets: { Accounts: ['111111111111'] } };

    // Act
    await plan(input, settings({ DEFAULT_REGIONS: 'us-east-1' }));

    // Assess
    expect(written(runKeys.manifest(PREFIX, 0))).toEqual([{ AccountId: '111111111111', AccountName: 'prod', Regions: ['us-east-1'], OrganizationalUnitIds: [] }]);
  });

  it('uses the qualifier in the results prefix', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory:live', Regions: ['eu-west-1'] };

    // Act
    const result = await plan(input);

    // Assess
    expect(result.Plan.Context.Prefix).toBe('StepEverywhere/StepEverywhere_Inventory/live/deploy-7');
    expect(result.Plan.Context.FunctionTarget).toBe('StepEverywhere_Inventory:live');
  });

  it('plans no wave, stops at once and still writes the skipped list when nothing can run', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: ['eu-west-1'], Targets: { Accounts: ['444444444444'] } };

    // Act
    const result = await plan(input);

    // Assess
    expect(result.Plan.WaveCount).toBe(0);
    expect(result.Plan.TargetCount).toBe(1);
    expect(result.Progress).toEqual({ NextWave: 0, ManifestKey: '', Attempted: 0, Failed: 0, Stop: true });
    expect(written(runKeys.skipped(PREFIX))).toHaveLength(1);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('refuses a region AWS does not list, naming the field, and writes nothing', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: ['eu-west-1', 'eu-wset-1'] };

    // Act
    const act = plan(input);

    // Assess
    await expect(act).rejects.toBeInstanceOf(InvalidInputError);
    await expect(act).rejects.toThrow('Regions[1]: "eu-wset-1" is not a region AWS lists here');
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('fails the plan on an unknown DEFAULT_REGIONS entry', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory' };

    // Act
    const act = plan(input, settings({ DEFAULT_REGIONS: 'eu-west-1,xx-west-9' }));

    // Assess
    await expect(act).rejects.toBeInstanceOf(PlanFailedError);
    await expect(act).rejects.toThrow('DEFAULT_REGIONS: "xx-west-9"');
  });

  it('refuses a named account outside the organization and writes nothing', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Targets: { Accounts: ['123456789012'] } };

    // Act
    const act = plan(input);

    // Assess
    await expect(act).rejects.toThrow('Targets.Accounts[0]: account 123456789012 is not in this organization');
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('fails the plan with what to check when S3 refuses a manifest', async () => {
    // Prepare
    const input = { Function: 'StepEverywhere_Inventory', Regions: ['eu-west-1'] };
    org = mockOrganization(treeOrganization(), 2);
    s3Mock.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $fault: 'client' }));
    const planSettings = settings();

    // Act
    const act = planExecution({ ...org.clients, s3 }, planSettings, preparePlan({ Input: input, Execution: EXECUTION }, planSettings));

    // Assess
    await expect(act).rejects.toBeInstanceOf(PlanFailedError);
    await expect(act).rejects.toThrow(`may s3:PutObject under ${PREFIX}/`);
  });
});

describe('preparePlan', () => {
  it('fails the plan when the state machine did not pass the execution', () => {
    // Prepare
    const event = { Input: { Function: 'StepEverywhere_Inventory' } };

    // Act
    const act = () => preparePlan(event, settings());

    // Assess
    expect(act).toThrow(PlanFailedError);
    expect(act).toThrow('Execution.Id is missing from the Plan event');
  });

  it('refuses a missing Input as an invalid input', () => {
    // Prepare
    const event = { Execution: EXECUTION };

    // Act
    const act = () => preparePlan(event, settings());

    // Assess
    expect(act).toThrow('Input: must be an object');
  });
});
