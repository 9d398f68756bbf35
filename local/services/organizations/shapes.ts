import { accountArn, organizationArn, rootArn, unitArn, type Organization, type OrganizationalUnit, type OrgAccount } from '../../org/model';

/** Output shapes of the Organizations API, built from the simulated organization. */

export function accountShape(org: Organization, account: OrgAccount): Record<string, unknown> {
  return {
    Id: account.id,
    Arn: accountArn(org, account.id),
    Email: account.email,
    Name: account.name,
    // Both: `Status` is being retired in favour of `State`, and callers read either.
    Status: account.state,
    State: account.state,
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: account.joinedTimestamp,
  };
}

export function unitShape(org: Organization, unit: OrganizationalUnit): Record<string, unknown> {
  return { Id: unit.id, Arn: unitArn(org, unit.id), Name: unit.name };
}

export function rootShape(org: Organization): Record<string, unknown> {
  return { Id: org.rootId, Arn: rootArn(org), Name: 'Root', PolicyTypes: [] };
}

export function organizationShape(org: Organization, managementEmail: string): Record<string, unknown> {
  return {
    Id: org.id,
    Arn: organizationArn(org),
    FeatureSet: 'ALL',
    MasterAccountArn: accountArn(org, org.managementAccountId),
    MasterAccountId: org.managementAccountId,
    MasterAccountEmail: managementEmail,
    AvailablePolicyTypes: [],
  };
}
