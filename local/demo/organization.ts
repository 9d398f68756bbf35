import type { Store } from '../store/store';
import { defaultOrganization } from '../org/generate';
import type { Organization } from '../org/model';
import { provisionRole } from '../services/iam/roles';

/** The role AWS Organizations creates in every account it creates, trusted by the management account. */
export const ACCOUNT_ACCESS_ROLE = 'OrganizationAccountAccessRole';

/** The member whose inventory call the demo fails on purpose, and where. */
export const DEMO_FAULT = { account: '200000000005', region: 'eu-west-1' } as const;

/**
 * The default organization with one injected fault: in one account and region, the worker's
 * CloudFormation ListStacks call is denied, so a run shows exactly one failure and its cause.
 */
export function demoOrganization(): Organization {
  const org = defaultOrganization();
  return {
    ...org,
    faults: [
      ...org.faults,
      {
        account: DEMO_FAULT.account,
        region: DEMO_FAULT.region,
        service: 'cloudformation',
        action: 'ListStacks',
        error: {
          code: 'AccessDenied',
          status: 403,
          message: 'injected by the demo organization: a service control policy denies cloudformation:ListStacks in this account and region',
        },
      },
    ],
  };
}

/**
 * Gives every member account the role AWS Organizations creates in the accounts it creates:
 * administrator access, trusted by the management account. Bootstrap deploys through it.
 */
export async function provisionAccountAccessRoles(store: Store, org: Organization): Promise<void> {
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${org.managementAccountId}:root` }, Action: 'sts:AssumeRole' }],
  };
  for (const account of org.accounts) {
    if (account.id === org.managementAccountId) continue;
    await provisionRole(store, account.id, {
      roleName: ACCOUNT_ACCESS_ROLE,
      assumeRolePolicyDocument: trust,
      managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
  }
}
