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

/** Seventeen commercial regions that are enabled by default, for runs at scale. */
export const DEFAULT_ENABLED_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'sa-east-1',
];

/** `count` ACTIVE member accounts in one OU (plus the host), every given region enabled by default. */
export function simpleOrganization(count: number, hostAccountId: string, regionNames: readonly string[] = TEST_REGIONS): FakeOrganization {
  const regions = Object.fromEntries(regionNames.map((r) => [r, 'ENABLED_BY_DEFAULT' as const]));
  const accounts: FakeAccount[] = [
    { Id: hostAccountId, Name: 'hub', Status: 'ACTIVE', Parent: 'r-root', Regions: regions },
  ];
  for (let i = 1; i <= count; i++) {
    accounts.push({
      Id: String(200000000000 + i),
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
