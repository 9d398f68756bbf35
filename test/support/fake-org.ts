/** A small organization for tests that mock the Organizations and Account clients. */
export interface FakeAccount {
  readonly Id: string;
  readonly Name: string;
  readonly Status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** Parent OU or root id. */
  readonly Parent: string;
  /** Region name → opt-in status. */
  readonly Regions: Record<string, 'ENABLED_BY_DEFAULT' | 'ENABLED' | 'DISABLED'>;
}

export interface FakeOrganization {
  readonly id: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  readonly ous: ReadonlyArray<{ readonly Id: string; readonly Name: string; readonly Parent: string }>;
  readonly accounts: FakeAccount[];
}

export const TEST_REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1'];

/** `count` ACTIVE member accounts in one OU (plus the host), every test region enabled by default. */
export function simpleOrganization(count: number, hostAccountId: string): FakeOrganization {
  const regions = Object.fromEntries(TEST_REGIONS.map((r) => [r, 'ENABLED_BY_DEFAULT' as const]));
  const accounts: FakeAccount[] = [
    { Id: hostAccountId, Name: 'hub', Status: 'ACTIVE', Parent: 'r-root', Regions: regions },
  ];
  for (let i = 1; i <= count; i++) {
    accounts.push({
      Id: `2000000000${String(i).padStart(2, '0')}`,
      Name: `workload-${i}`,
      Status: 'ACTIVE',
      Parent: 'ou-root-workloads',
      Regions: regions,
    });
  }
  return {
    id: 'o-testorg1234',
    rootId: 'r-root',
    managementAccountId: hostAccountId,
    ous: [{ Id: 'ou-root-workloads', Name: 'Workloads', Parent: 'r-root' }],
    accounts,
  };
}
