import { afterEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../../local/protocols/aws-error';
import { defaultOrganization, generateOrganization } from '../../../../local/org/generate';
import { organizationsService } from '../../../../local/services/organizations/organizations-service';
import type { CallerIdentity } from '../../../../local/services/service';
import { allowAll, createTestCloud, requestOf, roleCaller, userCaller, type TestCloud } from '../../org/test-cloud';

const HUB = '111111111111';
const org = defaultOrganization();
let testCloud: TestCloud | undefined;

function serviceWith(organization = org) {
  testCloud = createTestCloud();
  testCloud.grant(userCaller(HUB).principalArn, allowAll());
  testCloud.grant(userCaller('200000000001').principalArn, allowAll());
  return organizationsService(organization)(testCloud.cloud);
}

async function call(action: string, input: Record<string, unknown> = {}, caller: CallerIdentity = userCaller(HUB), organization = org) {
  return (await serviceWith(organization).handle(requestOf('organizations', action, caller, input))).output ?? {};
}

async function failure(action: string, input: Record<string, unknown> = {}, caller: CallerIdentity = userCaller(HUB)): Promise<AwsError> {
  const error = await call(action, input, caller).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(error)}`);
  return error;
}

afterEach(() => testCloud?.cleanup());

describe('organizations service: reading the tree', () => {
  it('describes the organization with the management account', async () => {
    // Prepare
    const input = {};

    // Act
    const output = await call('DescribeOrganization', input);

    // Assess
    expect(output.Organization).toMatchObject({
      Id: 'o-stepeverywhere',
      Arn: `arn:aws:organizations::${HUB}:organization/o-stepeverywhere`,
      MasterAccountId: HUB,
      FeatureSet: 'ALL',
    });
  });

  it('lists the root', async () => {
    // Prepare
    const input = {};

    // Act
    const output = await call('ListRoots', input);

    // Assess
    expect(output).toEqual({ Roots: [{ Id: 'r-step', Arn: `arn:aws:organizations::${HUB}:root/o-stepeverywhere/r-step`, Name: 'Root', PolicyTypes: [] }] });
  });

  it('lists OUs under the root and under a nested parent', async () => {
    // Prepare
    const root = { ParentId: 'r-step' };
    const nested = { ParentId: 'ou-step-workloads' };

    // Act
    const top = await call('ListOrganizationalUnitsForParent', root);
    const inner = await call('ListOrganizationalUnitsForParent', nested);

    // Assess
    expect((top.OrganizationalUnits as Array<{ Id: string }>).map((unit) => unit.Id)).toEqual(['ou-step-workloads', 'ou-step-sandboxes']);
    expect((inner.OrganizationalUnits as Array<{ Name: string }>).map((unit) => unit.Name)).toEqual(['Production']);
  });

  it('describes an account with both Status and State', async () => {
    // Prepare
    const input = { AccountId: '200000000024' };

    // Act
    const output = await call('DescribeAccount', input);

    // Assess
    expect(output.Account).toMatchObject({ Id: '200000000024', Status: 'SUSPENDED', State: 'SUSPENDED', JoinedMethod: 'CREATED' });
    expect((output.Account as { JoinedTimestamp: unknown }).JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('lists the parent of an account and of a nested OU', async () => {
    // Prepare
    const account = { ChildId: '200000000009' };
    const unit = { ChildId: 'ou-step-production' };

    // Act
    const ofAccount = await call('ListParents', account);
    const ofUnit = await call('ListParents', unit);

    // Assess
    expect(ofAccount.Parents).toEqual([{ Id: 'ou-step-production', Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(ofUnit.Parents).toEqual([{ Id: 'ou-step-workloads', Type: 'ORGANIZATIONAL_UNIT' }]);
  });

  it('describes an OU', async () => {
    // Prepare
    const input = { OrganizationalUnitId: 'ou-step-sandboxes' };

    // Act
    const output = await call('DescribeOrganizationalUnit', input);

    // Assess
    expect(output.OrganizationalUnit).toEqual({ Id: 'ou-step-sandboxes', Arn: `arn:aws:organizations::${HUB}:ou/o-stepeverywhere/ou-step-sandboxes`, Name: 'Sandbox' });
  });
});

describe('organizations service: pagination', () => {
  it('pages ListAccounts 20 at a time and ends without a NextToken', async () => {
    // Prepare
    const big = generateOrganization({ accounts: 44, regions: 1 });
    const seen: string[] = [];
    const sizes: number[] = [];
    let token: unknown;

    // Act
    do {
      const page = await call('ListAccounts', token === undefined ? {} : { NextToken: token }, userCaller(HUB), big);
      const accounts = page.Accounts as Array<{ Id: string }>;
      sizes.push(accounts.length);
      seen.push(...accounts.map((account) => account.Id));
      token = page.NextToken;
    } while (token !== undefined);

    // Assess
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual(big.accounts.map((account) => account.id));
  });

  it('honours MaxResults for ListAccountsForParent', async () => {
    // Prepare
    const first = await call('ListAccountsForParent', { ParentId: 'ou-step-sandboxes', MaxResults: 5 });

    // Act
    const second = await call('ListAccountsForParent', { ParentId: 'ou-step-sandboxes', MaxResults: 5, NextToken: first.NextToken });

    // Assess
    expect((first.Accounts as unknown[]).length).toBe(5);
    expect((second.Accounts as unknown[]).length).toBe(3);
    expect(second.NextToken).toBeUndefined();
  });

  it('refuses MaxResults above 20, naming the range', async () => {
    // Prepare
    const input = { MaxResults: 21 };

    // Act
    const error = await failure('ListAccounts', input);

    // Assess
    expect(error.code).toBe('InvalidInputException');
    expect(error.message).toContain('MaxResults 21 is out of range: give a whole number from 1 to 20');
  });

  it('refuses a NextToken from another listing', async () => {
    // Prepare
    const other = await call('ListAccountsForParent', { ParentId: 'ou-step-sandboxes', MaxResults: 1 });

    // Act
    const error = await failure('ListAccounts', { NextToken: other.NextToken });

    // Assess
    expect(error.code).toBe('InvalidInputException');
    expect(error.message).toContain('NextToken is not valid for this request');
  });
});

describe('organizations service: errors and access', () => {
  it('answers AccountNotFoundException for an account outside the organization', async () => {
    // Prepare
    const input = { AccountId: '999999999999' };

    // Act
    const error = await failure('DescribeAccount', input);

    // Assess
    expect(error.code).toBe('AccountNotFoundException');
  });

  it('answers ParentNotFoundException for an unknown OU', async () => {
    // Prepare
    const input = { ParentId: 'ou-step-missing1' };

    // Act
    const error = await failure('ListAccountsForParent', input);

    // Assess
    expect(error.code).toBe('ParentNotFoundException');
  });

  it('answers InvalidInputException naming the field for a malformed id', async () => {
    // Prepare
    const input = { ChildId: 'r-step' };

    // Act
    const error = await failure('ListParents', input);

    // Assess
    expect(error.code).toBe('InvalidInputException');
    expect(error.message).toContain('ChildId "r-step" does not match the required pattern');
  });

  it('refuses member accounts with AccessDeniedException, but lets them describe the organization', async () => {
    // Prepare
    const member = userCaller('200000000001');

    // Act
    const error = await failure('ListAccounts', {}, member);
    const described = await call('DescribeOrganization', {}, member);

    // Assess
    expect(error.code).toBe('AccessDeniedException');
    expect(error.message).toContain('only from the management account 111111111111');
    expect(described.Organization).toMatchObject({ Id: 'o-stepeverywhere' });
  });

  it('answers AWSOrganizationsNotInUseException to an account outside any organization', async () => {
    // Prepare
    const stranger = userCaller('999999999999');

    // Act
    const error = await failure('DescribeOrganization', {}, stranger);

    // Assess
    expect(error.code).toBe('AWSOrganizationsNotInUseException');
  });

  it('refuses a management-account role whose policies do not allow the action', async () => {
    // Prepare
    const reader = roleCaller(HUB, 'StepEverywhereOrgReader');

    // Act
    const error = await failure('ListAccounts', {}, reader);

    // Assess
    expect(error.code).toBe('AccessDeniedException');
    expect(error.message).toBe(`User: ${reader.arn} is not authorized to perform: organizations:ListAccounts on resource: *`);
  });

  it('lets a management-account role whose policy allows the listing call it', async () => {
    // Prepare
    const reader = roleCaller(HUB, 'StepEverywhereOrgReader');
    const service = serviceWith();
    testCloud?.grant(reader.principalArn, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['organizations:List*'], Resource: '*' }] });

    // Act
    const answer = await service.handle(requestOf('organizations', 'ListAccountsForParent', reader, { ParentId: 'r-step' }));

    // Assess
    expect((answer.output?.Accounts as Array<{ Id: string }>).map((account) => account.Id)).toEqual([HUB]);
  });

  it('names the operations it serves when asked for another', async () => {
    // Prepare
    const action = 'CreateAccount';

    // Act
    const error = await failure(action);

    // Assess
    expect(error.code).toBe('UnknownOperationException');
    expect(error.message).toContain('ListAccounts');
  });
});
