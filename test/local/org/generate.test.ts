import { describe, expect, it } from 'vitest';
import { DEFAULT_OPT_IN_REGION, defaultOrganization, generateOrganization, HUB_ACCOUNT_ID } from '../../../local/org/generate';
import { organizationLookup } from '../../../local/org/model';

describe('defaultOrganization', () => {
  it('has the hub plus 24 member accounts in 3 OUs, one of them nested', () => {
    // Prepare
    const org = defaultOrganization();

    // Act
    const members = org.accounts.filter((account) => account.id !== org.managementAccountId);
    const nested = org.units.filter((unit) => unit.parentId !== org.rootId);

    // Assess
    expect(org.managementAccountId).toBe(HUB_ACCOUNT_ID);
    expect(org.accounts[0]?.id).toBe(HUB_ACCOUNT_ID);
    expect(members).toHaveLength(24);
    expect(org.units).toHaveLength(3);
    expect(nested).toHaveLength(1);
    for (const unit of org.units) expect(members.filter((account) => account.parentId === unit.id)).toHaveLength(8);
  });

  it('has exactly one SUSPENDED account and one account with the opt-in region disabled', () => {
    // Prepare
    const org = defaultOrganization();

    // Act
    const suspended = org.accounts.filter((account) => account.state === 'SUSPENDED');
    const disabled = org.accounts.filter((account) => account.regions[DEFAULT_OPT_IN_REGION] === 'DISABLED');

    // Assess
    expect(suspended).toHaveLength(1);
    expect(disabled).toHaveLength(1);
    expect(disabled[0]?.id).not.toBe(suspended[0]?.id);
    expect(org.accounts[5]?.regions).toEqual({ 'us-east-1': 'ENABLED_BY_DEFAULT', 'eu-west-1': 'ENABLED_BY_DEFAULT', 'ap-east-1': 'ENABLED' });
  });
});

describe('generateOrganization', () => {
  it('builds 1,000 accounts with 17 distinct regions each', () => {
    // Prepare
    const shape = { accounts: 1000, regions: 17 };

    // Act
    const org = generateOrganization(shape);

    // Assess
    expect(org.accounts).toHaveLength(1001);
    expect(new Set(org.accounts.map((account) => account.id)).size).toBe(1001);
    expect(Object.keys(org.accounts[1000]?.regions ?? {})).toHaveLength(17);
    expect(Object.values(org.accounts[1000]?.regions ?? {})).not.toContain('DISABLED');
  });

  it('refuses more regions than it knows names for, saying the limit', () => {
    // Prepare
    const shape = { accounts: 1, regions: 99 };

    // Act
    const act = () => generateOrganization(shape);

    // Assess
    expect(act).toThrow('regions must be a whole number from 1 to 20, got 99');
  });
});

describe('organizationLookup', () => {
  it('names the organization of members and nothing for strangers', async () => {
    // Prepare
    const lookup = organizationLookup(defaultOrganization());

    // Act
    const member = await lookup('200000000001');
    const stranger = await lookup('999999999999');

    // Assess
    expect(member).toBe('o-stepeverywhere');
    expect(stranger).toBeUndefined();
  });
});
