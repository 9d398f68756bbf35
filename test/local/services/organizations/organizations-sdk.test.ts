import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  AccessDeniedException,
  AccountNotFoundException,
  DescribeAccountCommand,
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultInjector } from '../../../../local/org/faults';
import { generateOrganization } from '../../../../local/org/generate';
import { organizationLookup } from '../../../../local/org/model';
import { startLocalCloud, DEFAULT_OPERATOR, type LocalCloud } from '../../../../local/server';
import { organizationsService } from '../../../../local/services/organizations/organizations-service';

const org = generateOrganization({ accounts: 50, regions: 2 });
const MEMBER = { accessKeyId: 'AKIAMEMBERADMIN00001', secretAccessKey: 'member-admin-secret-key-0001', accountId: '200000000001', userName: 'admin', administrator: true };
let local: LocalCloud;
let dir: string;

function client(keys: { accessKeyId: string; secretAccessKey: string } = DEFAULT_OPERATOR): OrganizationsClient {
  return new OrganizationsClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'se-orgs-'));
  local = await startLocalCloud({
    port: 0,
    stateDir: dir,
    services: [organizationsService(org)],
    users: [MEMBER],
    orgIdOf: organizationLookup(org),
    faults: createFaultInjector([{ service: 'organizations', action: 'DescribeAccount', account: '111111111111', throttle: 1 }]),
    log: () => undefined,
  });
});

afterAll(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('organizations over HTTP with the SDK', () => {
  it('pages every account with the SDK paginator, timestamps as dates', async () => {
    // Prepare
    const accounts: string[] = [];

    // Act
    for await (const page of paginateListAccounts({ client: client() }, {})) accounts.push(...(page.Accounts ?? []).map((account) => account.Id ?? ''));
    const first = await client().send(new ListAccountsCommand({ MaxResults: 1 }));

    // Assess
    expect(accounts).toEqual(org.accounts.map((account) => account.id));
    expect(first.Accounts?.[0]?.JoinedTimestamp).toBeInstanceOf(Date);
    expect(first.Accounts?.[0]?.State).toBe('ACTIVE');
  });

  it('pages the accounts of one OU', async () => {
    // Prepare
    const ids: string[] = [];

    // Act
    for await (const page of paginateListAccountsForParent({ client: client(), pageSize: 7 }, { ParentId: 'ou-step-sandboxes' })) {
      ids.push(...(page.Accounts ?? []).map((account) => account.Id ?? ''));
    }

    // Assess
    expect(ids).toEqual(org.accounts.filter((account) => account.parentId === 'ou-step-sandboxes').map((account) => account.id));
  });

  it('retries an injected throttle and then answers; unknown accounts raise the modelled exception', async () => {
    // Prepare
    const retrying = new OrganizationsClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: DEFAULT_OPERATOR, maxAttempts: 3 });

    // Act
    const described = await retrying.send(new DescribeAccountCommand({ AccountId: '200000000002' }));
    const missing = await client().send(new DescribeAccountCommand({ AccountId: '999999999999' })).catch((error: unknown) => error);

    // Assess
    expect(described.Account?.Id).toBe('200000000002');
    expect(described.$metadata.attempts).toBe(2);
    expect(missing).toBeInstanceOf(AccountNotFoundException);
  });

  it('refuses a member account with AccessDeniedException', async () => {
    // Prepare
    const member = client(MEMBER);

    // Act
    const error = await member.send(new ListAccountsCommand({})).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(AccessDeniedException);
  });
});
