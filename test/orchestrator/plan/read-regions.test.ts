import { AccessDeniedException, ListRegionsCommand } from '@aws-sdk/client-account';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanFailedError } from '../../../orchestrator/contract';
import { needsPerAccountCheck, readEnabledRegions, readRegionCatalogue } from '../../../orchestrator/plan';
import { DEFAULT_REGIONS, HOST, OPT_IN, mockOrganization, treeOrganization } from './org-fixture';

const READER = "the Plan function's own role";
let mocks: ReturnType<typeof mockOrganization> | undefined;

function org(pageSize = 2) {
  mocks = mockOrganization(treeOrganization(), pageSize);
  return mocks;
}

afterEach(() => {
  mocks?.organizationsMock.restore();
  mocks?.accountMock.restore();
  mocks = undefined;
});

describe('readRegionCatalogue', () => {
  it('learns every region and those enabled by default from one paged listing in the caller account', async () => {
    // Prepare
    const { clients, accountMock } = org(2);

    // Act
    const catalogue = await readRegionCatalogue(clients.account, READER);

    // Assess
    expect([...catalogue.enabledByDefault].sort()).toEqual(DEFAULT_REGIONS);
    expect([...catalogue.known].sort()).toEqual(['ap-east-1', ...DEFAULT_REGIONS, OPT_IN].sort());
    const calls = accountMock.commandCalls(ListRegionsCommand);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.args[0].input.AccountId === undefined)).toBe(true);
  });

  it('turns AccessDenied into PlanFailed that says to enable trusted access', async () => {
    // Prepare
    const { clients, accountMock } = org();
    accountMock.on(ListRegionsCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));

    // Act
    const act = readRegionCatalogue(clients.account, READER);

    // Assess
    await expect(act).rejects.toBeInstanceOf(PlanFailedError);
    await expect(act).rejects.toThrow('enable-aws-service-access --service-principal account.amazonaws.com');
  });
});

describe('needsPerAccountCheck', () => {
  const catalogue = { known: new Set([...DEFAULT_REGIONS, OPT_IN]), enabledByDefault: new Set(DEFAULT_REGIONS) };

  it('is false when every requested region is enabled by default', () => {
    // Prepare
    const requested = ['eu-west-1', 'us-east-1'];

    // Act
    const needed = needsPerAccountCheck(requested, catalogue);

    // Assess
    expect(needed).toBe(false);
  });

  it('is true when a requested region is an opt-in one', () => {
    // Prepare
    const requested = ['eu-west-1', OPT_IN];

    // Act
    const needed = needsPerAccountCheck(requested, catalogue);

    // Assess
    expect(needed).toBe(true);
  });

  it('is true when the regions are those enabled in each account', () => {
    // Prepare: no requested regions

    // Act
    const needed = needsPerAccountCheck(undefined, catalogue);

    // Assess
    expect(needed).toBe(true);
  });
});

describe('readEnabledRegions', () => {
  it('lists the enabled regions of each account, following NextToken', async () => {
    // Prepare
    const { clients } = org(1);

    // Act
    const enabled = await readEnabledRegions(clients.account, {
      accountIds: ['111111111111', '222222222222'],
      callerAccountId: HOST.accountId,
      reader: READER,
    });

    // Assess
    expect([...(enabled.get('111111111111') ?? [])].sort()).toEqual(DEFAULT_REGIONS);
    expect([...(enabled.get('222222222222') ?? [])].sort()).toEqual([...DEFAULT_REGIONS, OPT_IN].sort());
  });

  it('asks only for enabled regions, naming the account', async () => {
    // Prepare
    const { clients, accountMock } = org(10);

    // Act
    await readEnabledRegions(clients.account, { accountIds: ['111111111111'], callerAccountId: HOST.accountId, reader: READER });

    // Assess
    expect(accountMock.commandCalls(ListRegionsCommand)[0].args[0].input).toEqual({
      AccountId: '111111111111',
      RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'],
    });
  });

  it("leaves AccountId out for the caller's own account, which the API refuses by id", async () => {
    // Prepare
    const { clients, accountMock } = org(10);

    // Act
    const enabled = await readEnabledRegions(clients.account, {
      accountIds: [HOST.accountId],
      callerAccountId: HOST.accountId,
      reader: READER,
    });

    // Assess
    expect(accountMock.commandCalls(ListRegionsCommand)[0].args[0].input.AccountId).toBeUndefined();
    expect(enabled.get(HOST.accountId)?.size).toBe(3);
  });

  it('keeps at most the given number of calls in flight', async () => {
    // Prepare
    const { clients, accountMock } = org(10);
    let inFlight = 0;
    let peak = 0;
    accountMock.on(ListRegionsCommand).callsFake(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return { Regions: [] };
    });
    const accountIds = Array.from({ length: 30 }, (_, i) => String(100000000000 + i));

    // Act
    await readEnabledRegions(clients.account, { accountIds, callerAccountId: HOST.accountId, reader: READER, concurrency: 8 });

    // Assess
    expect(accountMock.commandCalls(ListRegionsCommand)).toHaveLength(30);
    expect(peak).toBe(8);
  });
});
