import { AwsError } from '../../protocols/aws-error';
import { accountArn, ID_PATTERNS, managementAccountOf, rootArn, unitArn, type Organization } from '../../org/model';
import { paginate, type PageLimits } from './pages';
import { accountShape, organizationShape, rootShape, unitShape } from './shapes';

/** Organizations pages hold at most 20 items (the API's MaxResults range is 1 to 20). */
export const PAGE_LIMITS: PageLimits = { max: 20, default: 20, invalidCode: 'InvalidInputException' };

type Input = Record<string, unknown>;

export interface Operation {
  /** The resource IAM authorizes the call against (`*` for actions without one). */
  readonly resource: (org: Organization, input: Input) => string;
  /** Member accounts may call it too (DescribeOrganization); everything else is management-only. */
  readonly membersMayCall?: boolean;
  readonly run: (org: Organization, input: Input) => Record<string, unknown>;
}

export const operations: Readonly<Record<string, Operation>> = {
  DescribeOrganization: {
    resource: () => '*',
    membersMayCall: true,
    run: (org) => ({ Organization: organizationShape(org, managementAccountOf(org).email) }),
  },
  ListRoots: {
    resource: () => '*',
    run: (org, input) => {
      const page = paginate([org], pageOf('ListRoots', input), PAGE_LIMITS);
      return { Roots: page.items.map(rootShape), NextToken: page.nextToken };
    },
  },
  ListOrganizationalUnitsForParent: {
    resource: (org, input) => parentArn(org, idIn(input, 'ParentId', 'parent')),
    run: (org, input) => {
      const parentId = requireParent(org, idIn(input, 'ParentId', 'parent'));
      const units = org.units.filter((unit) => unit.parentId === parentId);
      const page = paginate(units, pageOf(`ListOrganizationalUnitsForParent ${parentId}`, input), PAGE_LIMITS);
      return { OrganizationalUnits: page.items.map((unit) => unitShape(org, unit)), NextToken: page.nextToken };
    },
  },
  ListAccounts: {
    resource: () => '*',
    run: (org, input) => {
      const page = paginate(org.accounts, pageOf('ListAccounts', input), PAGE_LIMITS);
      return { Accounts: page.items.map((account) => accountShape(org, account)), NextToken: page.nextToken };
    },
  },
  ListAccountsForParent: {
    resource: (org, input) => parentArn(org, idIn(input, 'ParentId', 'parent')),
    run: (org, input) => {
      const parentId = requireParent(org, idIn(input, 'ParentId', 'parent'));
      const accounts = org.accounts.filter((account) => account.parentId === parentId);
      const page = paginate(accounts, pageOf(`ListAccountsForParent ${parentId}`, input), PAGE_LIMITS);
      return { Accounts: page.items.map((account) => accountShape(org, account)), NextToken: page.nextToken };
    },
  },
  DescribeAccount: {
    resource: (org, input) => accountArn(org, idIn(input, 'AccountId', 'account')),
    run: (org, input) => {
      const id = idIn(input, 'AccountId', 'account');
      const account = org.accounts.find((candidate) => candidate.id === id);
      if (!account) throw new AwsError('AccountNotFoundException', `You specified an account that doesn't exist: ${id} is not in organization ${org.id}.`);
      return { Account: accountShape(org, account) };
    },
  },
  ListParents: {
    resource: (org, input) => {
      const id = idIn(input, 'ChildId', 'child');
      return ID_PATTERNS.account.test(id) ? accountArn(org, id) : unitArn(org, id);
    },
    run: (org, input) => {
      const id = idIn(input, 'ChildId', 'child');
      const parentId = org.accounts.find((account) => account.id === id)?.parentId ?? org.units.find((unit) => unit.id === id)?.parentId;
      if (parentId === undefined) {
        throw new AwsError('ChildNotFoundException', `We can't find an organizational unit (OU) or account with the ChildId ${id} in organization ${org.id}.`);
      }
      const parents = [{ Id: parentId, Type: parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }];
      const page = paginate(parents, pageOf(`ListParents ${id}`, input), PAGE_LIMITS);
      return { Parents: page.items, NextToken: page.nextToken };
    },
  },
  DescribeOrganizationalUnit: {
    resource: (org, input) => unitArn(org, idIn(input, 'OrganizationalUnitId', 'organizationalUnit')),
    run: (org, input) => {
      const id = idIn(input, 'OrganizationalUnitId', 'organizationalUnit');
      const unit = org.units.find((candidate) => candidate.id === id);
      if (!unit) throw new AwsError('OrganizationalUnitNotFoundException', `We can't find an organizational unit (OU) with the ID ${id} in organization ${org.id}.`);
      return { OrganizationalUnit: unitShape(org, unit) };
    },
  },
};

type IdKind = 'account' | 'parent' | 'child' | 'organizationalUnit';

const ID_RULES: Record<IdKind, { test: (id: string) => boolean; shape: string }> = {
  account: { test: (id) => ID_PATTERNS.account.test(id), shape: '12 digits' },
  parent: { test: (id) => ID_PATTERNS.root.test(id) || ID_PATTERNS.organizationalUnit.test(id), shape: 'a root id (r-…) or an OU id (ou-…-…)' },
  child: { test: (id) => ID_PATTERNS.account.test(id) || ID_PATTERNS.organizationalUnit.test(id), shape: 'an account id (12 digits) or an OU id (ou-…-…); not a root' },
  organizationalUnit: { test: (id) => ID_PATTERNS.organizationalUnit.test(id), shape: 'an OU id (ou-…-…)' },
};

/** Reads a required id and checks its pattern, as the API validates before looking anything up. */
function idIn(input: Input, field: string, kind: IdKind): string {
  const value = input[field];
  if (value === undefined || value === null || value === '') {
    throw new AwsError('InvalidInputException', `${field} is required: give ${ID_RULES[kind].shape}.`);
  }
  if (typeof value !== 'string' || !ID_RULES[kind].test(value)) {
    throw new AwsError('InvalidInputException', `${field} ${JSON.stringify(value)} does not match the required pattern: give ${ID_RULES[kind].shape}.`);
  }
  return value;
}

function requireParent(org: Organization, id: string): string {
  if (id === org.rootId || org.units.some((unit) => unit.id === id)) return id;
  throw new AwsError('ParentNotFoundException', `We can't find a root or organizational unit (OU) with the ParentId ${id} in organization ${org.id}.`);
}

function parentArn(org: Organization, id: string): string {
  return ID_PATTERNS.root.test(id) ? rootArn(org) : unitArn(org, id);
}

function pageOf(scope: string, input: Input): { scope: string; maxResults: unknown; nextToken: unknown } {
  return { scope, maxResults: input.MaxResults, nextToken: input.NextToken };
}
