import { AccountClient, ListRegionsCommand, type ListRegionsCommandInput } from '@aws-sdk/client-account';
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  ParentNotFoundException,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import type { HostIdentity } from '../../../orchestrator/plan';

export const HOST: HostIdentity = { accountId: '999999999999', region: 'eu-west-1', partition: 'aws' };
export const ROOT = 'r-ab12';
export const PROD = 'ou-ab12-prod0001';
export const PROD_EU = 'ou-ab12-prodeu01';
export const PROD_EU_DE = 'ou-ab12-prodeude';
export const SANDBOX = 'ou-ab12-sandbox1';
export const DEFAULT_REGIONS = ['eu-central-1', 'eu-west-1', 'us-east-1'];
export const OPT_IN = 'eu-south-2';

type RegionStatus = 'ENABLED_BY_DEFAULT' | 'ENABLED' | 'DISABLED';

export interface FixtureAccount {
  readonly Id: string;
  readonly Name: string;
  readonly Parent: string;
  /** The newer field; left out to emulate an older response. */
  readonly State?: string;
  /** The older field. */
  readonly Status?: string;
  /** Opt-in regions this account enabled. */
  readonly optIn?: string[];
}

export interface FixtureOrg {
  readonly rootId: string;
  readonly ous: ReadonlyArray<{ readonly Id: string; readonly Parent: string }>;
  readonly accounts: FixtureAccount[];
}

/**
 * root ── host 999999999999, 666666666666
 *   ├─ Prod ── 111111111111
 *   │   └─ ProdEU ── 222222222222 (eu-south-2 enabled)
 *   │       └─ ProdEU-DE ── 333333333333, 444444444444 (SUSPENDED)
 *   └─ Sandbox ── 555555555555
 */
export function treeOrganization(): FixtureOrg {
  return {
    rootId: ROOT,
    ous: [
      { Id: PROD, Parent: ROOT },
      { Id: PROD_EU, Parent: PROD },
      { Id: PROD_EU_DE, Parent: PROD_EU },
      { Id: SANDBOX, Parent: ROOT },
    ],
    accounts: [
      { Id: HOST.accountId, Name: 'hub', Parent: ROOT, State: 'ACTIVE', Status: 'ACTIVE' },
      { Id: '666666666666', Name: 'shared', Parent: ROOT, State: 'ACTIVE', Status: 'ACTIVE' },
      { Id: '111111111111', Name: 'prod', Parent: PROD, State: 'ACTIVE', Status: 'ACTIVE' },
      { Id: '222222222222', Name: 'prod-eu', Parent: PROD_EU, State: 'ACTIVE', Status: 'ACTIVE', optIn: [OPT_IN] },
      { Id: '333333333333', Name: 'prod-de', Parent: PROD_EU_DE, State: 'ACTIVE', Status: 'ACTIVE' },
      { Id: '444444444444', Name: 'prod-de-old', Parent: PROD_EU_DE, State: 'SUSPENDED', Status: 'SUSPENDED' },
      { Id: '555555555555', Name: 'sandbox', Parent: SANDBOX, State: 'ACTIVE', Status: 'ACTIVE' },
    ],
  };
}

function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(token.replace('page-', '')) : 0;
  const next = start + size < items.length ? `page-${start + size}` : undefined;
  return { items: items.slice(start, start + size), next };
}

function regionsOf(account: FixtureAccount | undefined): Array<{ RegionName: string; RegionOptStatus: RegionStatus }> {
  const optIn = new Set(account?.optIn ?? []);
  return [
    ...DEFAULT_REGIONS.map((RegionName) => ({ RegionName, RegionOptStatus: 'ENABLED_BY_DEFAULT' as const })),
    ...[OPT_IN, 'ap-east-1'].map((RegionName) => ({
      RegionName,
      RegionOptStatus: optIn.has(RegionName) ? ('ENABLED' as const) : ('DISABLED' as const),
    })),
  ];
}

/**
 * Organizations and Account clients answering from the fixture, `pageSize` items per
 * page so a caller that ignores NextToken sees part of the organization only.
 * ListRegions without AccountId answers for `callerAccountId`, as AWS does.
 */
export function mockOrganization(org: FixtureOrg, pageSize = 2, callerAccountId = HOST.accountId) {
  const organizations = new OrganizationsClient({ region: 'us-east-1' });
  const account = new AccountClient({ region: 'us-east-1' });
  const organizationsMock = mockClient(organizations);
  const accountMock = mockClient(account);
  const shape = (a: FixtureAccount) => ({ Id: a.Id, Name: a.Name, State: a.State, Status: a.Status } as never);
  const parents = new Set([org.rootId, ...org.ous.map((o) => o.Id)]);
  const knownParent = (id: string): void => {
    if (!parents.has(id)) throw new ParentNotFoundException({ message: 'We could not find a root or OU with the ParentId that you specified.', $metadata: {} });
  };

  organizationsMock.on(ListRootsCommand).callsFake((input: { NextToken?: string }) => {
    const p = page([{ Id: org.rootId, Name: 'Root' }], input.NextToken, pageSize);
    return { Roots: p.items, NextToken: p.next };
  });
  organizationsMock.on(ListAccountsCommand).callsFake((input: { NextToken?: string }) => {
    const p = page(org.accounts.map(shape), input.NextToken, pageSize);
    return { Accounts: p.items, NextToken: p.next };
  });
  organizationsMock.on(ListAccountsForParentCommand).callsFake((input: { ParentId: string; NextToken?: string }) => {
    knownParent(input.ParentId);
    const p = page(org.accounts.filter((a) => a.Parent === input.ParentId).map(shape), input.NextToken, pageSize);
    return { Accounts: p.items, NextToken: p.next };
  });
  organizationsMock.on(ListOrganizationalUnitsForParentCommand).callsFake((input: { ParentId: string; NextToken?: string }) => {
    knownParent(input.ParentId);
    const p = page(org.ous.filter((o) => o.Parent === input.ParentId).map(({ Id }) => ({ Id })), input.NextToken, pageSize);
    return { OrganizationalUnits: p.items, NextToken: p.next };
  });
  accountMock.on(ListRegionsCommand).callsFake((input: ListRegionsCommandInput) => {
    if (input.AccountId === callerAccountId) {
      throw Object.assign(new Error('The management account can only be managed using the standalone context'), {
        name: 'ValidationException',
        $fault: 'client',
      });
    }
    const owner = org.accounts.find((a) => a.Id === (input.AccountId ?? callerAccountId));
    const wanted = input.RegionOptStatusContains;
    const regions = regionsOf(owner).filter((r) => !wanted || wanted.includes(r.RegionOptStatus));
    const p = page(regions, input.NextToken, pageSize);
    return { Regions: p.items, NextToken: p.next };
  });
  return { clients: { organizations, account }, organizationsMock, accountMock };
}
