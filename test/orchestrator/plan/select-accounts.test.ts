import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../orchestrator/contract';
import { selectAccounts, validateTargets, type OrgChildren, type OrgSnapshot } from '../../../orchestrator/plan';
import { HOST, PROD, PROD_EU, PROD_EU_DE, ROOT, SANDBOX, treeOrganization } from './org-fixture';

/** The whole fixture tree as the reader would record it after walking from the root. */
function snapshot(): OrgSnapshot {
  const org = treeOrganization();
  const children = new Map<string, OrgChildren>();
  for (const parent of [ROOT, ...org.ous.map((o) => o.Id)]) {
    children.set(parent, {
      ous: org.ous.filter((o) => o.Parent === parent).map((o) => o.Id),
      accounts: org.accounts.filter((a) => a.Parent === parent).map((a) => a.Id),
    });
  }
  return {
    accounts: org.accounts.map((a) => ({ Id: a.Id, Name: a.Name, State: a.State ?? 'ACTIVE' })),
    rootIds: [ROOT],
    children,
  };
}

function ids(targets: unknown): string[] {
  return selectAccounts(snapshot(), validateTargets(targets), HOST.accountId).map((a) => a.Id);
}

function refusal(targets: unknown): InvalidInputError {
  try {
    ids(targets);
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  throw new Error('expected the targets to be refused');
}

describe('selectAccounts', () => {
  it('takes every account but the host when no targets are given, sorted by id', () => {
    // Prepare: no Targets

    // Act
    const selected = ids(undefined);

    // Assess
    expect(selected).toEqual(['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666']);
  });

  it('includes accounts three levels under a named OU', () => {
    // Prepare
    const targets = { OrganizationalUnits: [PROD] };

    // Act
    const selected = ids(targets);

    // Assess
    expect(selected).toEqual(['111111111111', '222222222222', '333333333333', '444444444444']);
  });

  it('treats the root id as the whole organization', () => {
    // Prepare
    const targets = { OrganizationalUnits: [ROOT] };

    // Act
    const selected = ids(targets);

    // Assess
    expect(selected).toEqual(ids(undefined));
  });

  it('joins named accounts and named OUs without repeating an account', () => {
    // Prepare
    const targets = { Accounts: ['555555555555', '333333333333'], OrganizationalUnits: [PROD_EU_DE] };

    // Act
    const selected = ids(targets);

    // Assess
    expect(selected).toEqual(['333333333333', '444444444444', '555555555555']);
  });

  it('applies account exclusions last, even over a named account', () => {
    // Prepare
    const targets = { Accounts: ['111111111111'], OrganizationalUnits: [SANDBOX], Exclude: { Accounts: ['111111111111'] } };

    // Act
    const selected = ids(targets);

    // Assess
    expect(selected).toEqual(['555555555555']);
  });

  it('excludes every account under an excluded OU, however deep', () => {
    // Prepare
    const targets = { OrganizationalUnits: [PROD], Exclude: { OrganizationalUnits: [PROD_EU] } };

    // Act
    const selected = ids(targets);

    // Assess
    expect(selected).toEqual(['111111111111']);
  });

  it('leaves the host account out silently when it is only reached through an OU', () => {
    // Prepare
    const targets = { OrganizationalUnits: [ROOT] };

    // Act
    const selected = ids(targets);

    // Assess
    expect(selected).not.toContain(HOST.accountId);
  });

  it('includes the host account when IncludeHostAccount is true', () => {
    // Prepare
    const targets = { IncludeHostAccount: true };

    // Act
    const selected = ids(targets);

    // Assess
    expect(selected).toContain(HOST.accountId);
    expect(selected).toHaveLength(7);
  });

  it('refuses the host account named without IncludeHostAccount, saying how to include it', () => {
    // Prepare
    const targets = { Accounts: ['111111111111', HOST.accountId] };

    // Act
    const error = refusal(targets);

    // Assess
    expect(error.field).toBe('Targets.Accounts[1]');
    expect(error.message).toContain('set Targets.IncludeHostAccount to true');
  });

  it('refuses a named account that is not in the organization', () => {
    // Prepare
    const targets = { Accounts: ['111111111111', '123456789012'] };

    // Act
    const error = refusal(targets);

    // Assess
    expect(error.field).toBe('Targets.Accounts[1]');
    expect(error.message).toBe(
      "Targets.Accounts[1]: account 123456789012 is not in this organization; check the id with 'aws organizations list-accounts'",
    );
  });

  it('refuses an excluded account that is not in the organization, as it is likely a typo', () => {
    // Prepare
    const targets = { Exclude: { Accounts: ['123456789012'] } };

    // Act
    const error = refusal(targets);

    // Assess
    expect(error.field).toBe('Targets.Exclude.Accounts[0]');
  });

  it('refuses a root id that is not the root of this organization', () => {
    // Prepare
    const targets = { OrganizationalUnits: ['r-zz99'] };

    // Act
    const error = refusal(targets);

    // Assess
    expect(error.field).toBe('Targets.OrganizationalUnits[0]');
    expect(error.message).toContain(`its root is ${ROOT}`);
  });

  it('refuses an OU the reader did not find', () => {
    // Prepare
    const targets = { Exclude: { OrganizationalUnits: ['ou-ab12-missing1'] } };

    // Act
    const error = refusal(targets);

    // Assess
    expect(error.field).toBe('Targets.Exclude.OrganizationalUnits[0]');
    expect(error.message).toContain('is not an OU of this organization');
  });
});
