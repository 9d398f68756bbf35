import { afterEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../../local/protocols/aws-error';
import { defaultOrganization } from '../../../../local/org/generate';
import { accountService } from '../../../../local/services/account/account-service';
import type { CallerIdentity } from '../../../../local/services/service';
import { allowAll, createTestCloud, requestOf, roleCaller, userCaller, type TestCloud } from '../../org/test-cloud';

const HUB = '111111111111';
const org = defaultOrganization();
let testCloud: TestCloud | undefined;

async function call(path: string, body: Record<string, unknown>, caller: CallerIdentity = userCaller(HUB)) {
  testCloud = createTestCloud();
  testCloud.grant(userCaller(HUB).principalArn, allowAll());
  testCloud.grant(userCaller('200000000001').principalArn, allowAll());
  const service = accountService(org)(testCloud.cloud);
  const request = requestOf('account', '', caller, {}, { method: 'POST', path, body: Buffer.from(JSON.stringify(body)) });
  return (await service.handle({ ...request, action: service.operationOf?.(request) ?? '' })).output ?? {};
}

async function failure(path: string, body: Record<string, unknown>, caller?: CallerIdentity): Promise<AwsError> {
  const error = await call(path, body, caller).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(error)}`);
  return error;
}

afterEach(() => testCloud?.cleanup());

describe('account service', () => {
  it('lists a member account’s regions for the management account, including the disabled opt-in region', async () => {
    // Prepare
    const body = { AccountId: '200000000012' };

    // Act
    const output = await call('/listRegions', body);

    // Assess
    expect(output.Regions).toEqual([
      { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
      { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
      { RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' },
    ]);
  });

  it('filters by RegionOptStatusContains and pages with MaxResults', async () => {
    // Prepare
    const body = { AccountId: '200000000001', RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], MaxResults: 2 };
    const first = await call('/listRegions', body);

    // Act
    const second = await call('/listRegions', { ...body, NextToken: first.NextToken });

    // Assess
    expect((first.Regions as unknown[]).length).toBe(2);
    expect(second).toEqual({ Regions: [{ RegionName: 'ap-east-1', RegionOptStatus: 'ENABLED' }] });
  });

  it('answers the caller’s own account without AccountId', async () => {
    // Prepare
    const member = userCaller('200000000001');

    // Act
    const output = await call('/getRegionOptStatus', { RegionName: 'ap-east-1' }, member);

    // Assess
    expect(output).toEqual({ RegionName: 'ap-east-1', RegionOptStatus: 'ENABLED' });
  });

  it('refuses a member account naming another account', async () => {
    // Prepare
    const member = userCaller('200000000001');

    // Act
    const error = await failure('/listRegions', { AccountId: '200000000002' }, member);

    // Assess
    expect(error.code).toBe('AccessDeniedException');
    expect(error.status).toBe(403);
    expect(error.message).toContain('only the management account 111111111111 may name another account');
  });

  it('refuses the management account naming itself, as AWS does', async () => {
    // Prepare
    const body = { AccountId: HUB };

    // Act
    const error = await failure('/listRegions', body);

    // Assess
    expect(error.code).toBe('AccessDeniedException');
    expect(error.message).toContain('leave AccountId out');
  });

  it('refuses a caller whose policies do not allow account:ListRegions', async () => {
    // Prepare
    const role = roleCaller(HUB, 'Planner');

    // Act
    const error = await failure('/listRegions', { AccountId: '200000000001' }, role);

    // Assess
    expect(error.code).toBe('AccessDeniedException');
    expect(error.message).toContain('is not authorized to perform: account:ListRegions');
  });

  it('names the allowed statuses for a bad filter and the regions for an unknown region', async () => {
    // Prepare
    const badFilter = { RegionOptStatusContains: ['ON'] };
    const badRegion = { RegionName: 'me-central-1' };

    // Act
    const filterError = await failure('/listRegions', badFilter);
    const regionError = await failure('/getRegionOptStatus', badRegion);

    // Assess
    expect(filterError.code).toBe('ValidationException');
    expect(filterError.message).toContain('RegionOptStatusContains must be a list of: ENABLED, ENABLING');
    expect(regionError.code).toBe('ValidationException');
    expect(regionError.message).toContain('me-central-1 is not a region of account 111111111111; its regions are us-east-1, eu-west-1, ap-east-1');
  });

  it('refuses MaxResults above 50', async () => {
    // Prepare
    const body = { MaxResults: 51 };

    // Act
    const error = await failure('/listRegions', body);

    // Assess
    expect(error.code).toBe('ValidationException');
    expect(error.message).toContain('from 1 to 50');
  });
});
