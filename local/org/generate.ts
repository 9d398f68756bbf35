import { stringify } from 'yaml';
import { FIXTURE_JOINED_TIMESTAMP } from './fixture';
import type { FaultRule, Organization, OrganizationalUnit, OrgAccount, RegionOptStatus } from './model';

/** The hub account: the management account, where the orchestrator runs (matches the local identities). */
export const HUB_ACCOUNT_ID = '111111111111';
export const DEFAULT_ORG_ID = 'o-stepeverywhere';
export const DEFAULT_ROOT_ID = 'r-step';

/** The opt-in region of the default organization, disabled in exactly one account. */
export const DEFAULT_OPT_IN_REGION = 'ap-east-1';

/** Three OUs, one nested, so recursive targeting has something to recurse into. */
export const DEFAULT_UNITS: readonly OrganizationalUnit[] = [
  { id: 'ou-step-workloads', name: 'Workloads', parentId: DEFAULT_ROOT_ID },
  { id: 'ou-step-production', name: 'Production', parentId: 'ou-step-workloads' },
  { id: 'ou-step-sandboxes', name: 'Sandbox', parentId: DEFAULT_ROOT_ID },
];

/**
 * Regions a generated account knows of, in order. The first two are on by default everywhere;
 * the rest are opt-in regions (as in AWS), which generated accounts have enabled.
 */
const REGION_POOL = [
  'us-east-1', 'eu-west-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ca-central-1', 'sa-east-1',
  'ap-east-1', 'me-south-1', 'af-south-1', 'eu-south-1',
] as const;

const OPT_IN_REGIONS = new Set(['ap-east-1', 'me-south-1', 'af-south-1', 'eu-south-1']);

/**
 * The organization `npm start` serves unless given a fixture: the hub plus 24 member accounts in
 * three OUs (8 each, one OU nested), regions us-east-1 and eu-west-1 on by default and the opt-in
 * ap-east-1 enabled everywhere but one account, and one SUSPENDED account.
 */
export function defaultOrganization(): Organization {
  const regions: Record<string, RegionOptStatus> = { 'us-east-1': 'ENABLED_BY_DEFAULT', 'eu-west-1': 'ENABLED_BY_DEFAULT', [DEFAULT_OPT_IN_REGION]: 'ENABLED' };
  const members = Array.from({ length: 24 }, (_, index): OrgAccount => {
    const unit = DEFAULT_UNITS[Math.floor(index / 8)] as OrganizationalUnit;
    const number = index + 1;
    return member(number, `${unit.name.toLowerCase()}-${String((index % 8) + 1).padStart(2, '0')}`, unit.id, {
      // One account per special case, in different OUs, so each shows up alone in a run.
      state: number === 24 ? 'SUSPENDED' : 'ACTIVE',
      regions: number === 12 ? { ...regions, [DEFAULT_OPT_IN_REGION]: 'DISABLED' } : regions,
    });
  });
  return { id: DEFAULT_ORG_ID, managementAccountId: HUB_ACCOUNT_ID, rootId: DEFAULT_ROOT_ID, units: DEFAULT_UNITS, accounts: [hub(regions), ...members], faults: [] };
}

export interface GeneratedShape {
  /** Member accounts besides the hub. */
  readonly accounts: number;
  /** Regions per account, taken in order from a fixed list of real region names. */
  readonly regions: number;
  readonly faults?: readonly FaultRule[];
}

/** An organization of any size, for benchmarks: members spread evenly over the default OUs, all ACTIVE. */
export function generateOrganization(shape: GeneratedShape): Organization {
  if (!Number.isInteger(shape.accounts) || shape.accounts < 0 || shape.accounts > 99_999) {
    throw new Error(`accounts must be a whole number from 0 to 99999, got ${shape.accounts}`);
  }
  if (!Number.isInteger(shape.regions) || shape.regions < 1 || shape.regions > REGION_POOL.length) {
    throw new Error(`regions must be a whole number from 1 to ${REGION_POOL.length}, got ${shape.regions}`);
  }
  const regions: Record<string, RegionOptStatus> = {};
  for (const region of REGION_POOL.slice(0, shape.regions)) regions[region] = OPT_IN_REGIONS.has(region) ? 'ENABLED' : 'ENABLED_BY_DEFAULT';
  const members = Array.from({ length: shape.accounts }, (_, index) => {
    const unit = DEFAULT_UNITS[index % DEFAULT_UNITS.length] as OrganizationalUnit;
    return member(index + 1, `member-${String(index + 1).padStart(5, '0')}`, unit.id, { state: 'ACTIVE', regions });
  });
  return {
    id: DEFAULT_ORG_ID,
    managementAccountId: HUB_ACCOUNT_ID,
    rootId: DEFAULT_ROOT_ID,
    units: DEFAULT_UNITS,
    accounts: [hub(regions), ...members],
    faults: shape.faults ?? [],
  };
}

/** Writes an organization in the fixture format, e.g. to give users a file to edit. */
export function organizationToYaml(org: Organization): string {
  const management = org.accounts.find((account) => account.id === org.managementAccountId);
  if (!management) throw new Error(`organization ${org.id} has no management account ${org.managementAccountId}`);
  const children = (parentId: string): unknown[] =>
    org.units
      .filter((unit) => unit.parentId === parentId)
      .map((unit) => {
        const nested = children(unit.id);
        return { id: unit.id, name: unit.name, ...(nested.length > 0 ? { organizationalUnits: nested } : {}) };
      });
  const defaults = management.regions;
  return stringify({
    organization: { id: org.id, rootId: org.rootId, managementAccount: { id: management.id, name: management.name, email: management.email } },
    regions: defaults,
    organizationalUnits: children(org.rootId),
    accounts: org.accounts
      .filter((account) => account.id !== org.managementAccountId)
      .map((account) => {
        const overrides = Object.fromEntries(Object.entries(account.regions).filter(([region, status]) => defaults[region] !== status));
        return {
          id: account.id,
          name: account.name,
          email: account.email,
          parent: account.parentId,
          ...(account.state === 'ACTIVE' ? {} : { state: account.state }),
          ...(Object.keys(overrides).length > 0 ? { regions: overrides } : {}),
        };
      }),
    ...(org.faults.length > 0 ? { faults: org.faults } : {}),
  });
}

function hub(regions: Record<string, RegionOptStatus>): OrgAccount {
  return {
    id: HUB_ACCOUNT_ID,
    name: 'hub',
    email: 'hub@example.com',
    parentId: DEFAULT_ROOT_ID,
    state: 'ACTIVE',
    joinedMethod: 'INVITED',
    joinedTimestamp: FIXTURE_JOINED_TIMESTAMP,
    regions,
  };
}

function member(number: number, name: string, parentId: string, rest: Pick<OrgAccount, 'state' | 'regions'>): OrgAccount {
  return {
    id: `2${String(number).padStart(11, '0')}`,
    name,
    email: `${name}@example.com`,
    parentId,
    joinedMethod: 'CREATED',
    joinedTimestamp: FIXTURE_JOINED_TIMESTAMP,
    ...rest,
  };
}
