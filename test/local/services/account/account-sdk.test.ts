import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AccessDeniedException, AccountClient, GetRegionOptStatusCommand, paginateListRegions, ValidationException } from '@aws-sdk/client-account';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOrganization } from '../../../../local/org/generate';
import { organizationLookup } from '../../../../local/org/model';
import { startLocalCloud, DEFAULT_OPERATOR, type LocalCloud } from '../../../../local/server';
import { accountService } from '../../../../local/services/account/account-service';

const org = defaultOrganization();
const MEMBER = { accessKeyId: 'AKIAMEMBERADMIN00002', secretAccessKey: 'member-admin-secret-key-0002', accountId: '200000000001', userName: 'admin', administrator: true };
let local: LocalCloud;
let dir: string;

function client(keys: { accessKeyId: string; secretAccessKey: string } = DEFAULT_OPERATOR): AccountClient {
  return new AccountClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'se-account-'));
  local = await startLocalCloud({ port: 0, stateDir: dir, services: [accountService(org)], users: [MEMBER], orgIdOf: organizationLookup(org), log: () => undefined });
});

afterAll(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('account over HTTP with the SDK', () => {
  it('pages the enabled regions of a member account', async () => {
    // Prepare
    const names: string[] = [];

    // Act
    for await (const page of paginateListRegions({ client: client(), pageSize: 1 }, { AccountId: '200000000012', RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] })) {
      names.push(...(page.Regions ?? []).map((region) => region.RegionName ?? ''));
    }

    // Assess
    expect(names).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('answers one region’s status, and modelled errors for bad calls', async () => {
    // Prepare
    const request = { AccountId: '200000000012', RegionName: 'ap-east-1' };

    // Act
    const answer = await client().send(new GetRegionOptStatusCommand(request));
    const invalid = await client().send(new GetRegionOptStatusCommand({ RegionName: 'nowhere-1' })).catch((error: unknown) => error);
    const denied = await client(MEMBER).send(new GetRegionOptStatusCommand(request)).catch((error: unknown) => error);

    // Assess
    expect(answer.RegionOptStatus).toBe('DISABLED');
    expect(invalid).toBeInstanceOf(ValidationException);
    expect(denied).toBeInstanceOf(AccessDeniedException);
  });
});
