import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorNames, InvalidInputError, PlanFailedError } from '../../../orchestrator/contract';
import { readOrganization, selectAccounts, validateTargets } from '../../../orchestrator/plan';
import { HOST, PROD, PROD_EU, PROD_EU_DE, ROOT, mockOrganization, treeOrganization } from './org-fixture';

const READER = 'the org-reader role arn:aws:iam::111122223333:role/StepEverywhereOrgReader';
let mocks: ReturnType<typeof mockOrganization> | undefined;

function org(pageSize = 2) {
  mocks = mockOrganization(treeOrganization(), pageSize);
  return mocks;
}

afterEach(() => {
  mocks?.organizationsMock.restore();
  mocks?.accountMock.restore();
  mocks = undefined;
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('readOrganization', () => {
  it('follows NextToken through every page of ListAccounts', async () => {
    // Prepare
    const { clients, organizationsMock } = org(2);

    // Act
    const snapshot = await readOrganization(clients.organizations, { targets: validateTargets(undefined), reader: READER });

    // Assess
    expect(snapshot.accounts).toHaveLength(7);
    expect(organizationsMock.commandCalls(ListAccountsCommand)).toHaveLength(4);
  });

  it('reads the older Status field when State is absent', async () => {
    // Prepare
    const fixture = treeOrganization();
    fixture.accounts.push({ Id: '777777777777', Name: 'legacy', Parent: ROOT, Status: 'SUSPENDED' });
    mocks = mockOrganization(fixture, 3);

    // Act
    const snapshot = await readOrganization(mocks.clients.organizations, { targets: validateTargets(undefined), reader: READER });

    // Assess
    expect(snapshot.accounts.find((a) => a.Id === '777777777777')).toEqual({ Id: '777777777777', Name: 'legacy', State: 'SUSPENDED' });
  });

  it('prefers the newer State field over Status', async () => {
    // Prepare
    const fixture = treeOrganization();
    fixture.accounts.push({ Id: '777777777777', Name: 'closing', Parent: ROOT, State: 'PENDING_CLOSURE', Status: 'ACTIVE' });
    mocks = mockOrganization(fixture, 3);

    // Act
    const snapshot = await readOrganization(mocks.clients.organizations, { targets: validateTargets(undefined), reader: READER });

    // Assess
    expect(snapshot.accounts.find((a) => a.Id === '777777777777')?.State).toBe('PENDING_CLOSURE');
  });

  it('walks a named OU three levels deep, paging every child list', async () => {
    // Prepare
    const { clients, organizationsMock } = org(1);
    const targets = validateTargets({ OrganizationalUnits: [PROD] });

    // Act
    const snapshot = await readOrganization(clients.organizations, { targets, reader: READER });

    // Assess
    expect([...snapshot.children.keys()].sort()).toEqual([PROD, PROD_EU, PROD_EU_DE].sort());
    expect(snapshot.children.get(PROD_EU_DE)?.accounts).toEqual(['333333333333', '444444444444']);
    expect(selectAccounts(snapshot, targets, HOST.accountId).map((a) => a.Id)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
      '444444444444',
    ]);
    const deepest = organizationsMock.commandCalls(ListAccountsForParentCommand).filter((c) => c.args[0].input.ParentId === PROD_EU_DE);
    expect(deepest).toHaveLength(2);
  });

  it('asks for the roots only when the input names a root', async () => {
    // Prepare
    const { clients, organizationsMock } = org();

    // Act
    await readOrganization(clients.organizations, { targets: validateTargets({ Accounts: ['111111111111'] }), reader: READER });

    // Assess
    expect(organizationsMock.commandCalls(ListRootsCommand)).toHaveLength(0);
    expect(organizationsMock.commandCalls(ListOrganizationalUnitsForParentCommand)).toHaveLength(0);
  });

  it('records the root ids when a root is named, without walking the tree', async () => {
    // Prepare
    const { clients, organizationsMock } = org();

    // Act
    const snapshot = await readOrganization(clients.organizations, { targets: validateTargets({ OrganizationalUnits: [ROOT] }), reader: READER });

    // Assess
    expect(snapshot.rootIds).toEqual([ROOT]);
    expect(organizationsMock.commandCalls(ListAccountsForParentCommand)).toHaveLength(0);
  });

  it('refuses an OU that Organizations does not know, naming the field', async () => {
    // Prepare
    const { clients } = org();
    const targets = validateTargets({ OrganizationalUnits: [PROD], Exclude: { OrganizationalUnits: ['ou-ab12-missing1'] } });

    // Act
    const error = await failure(readOrganization(clients.organizations, { targets, reader: READER }));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('Targets.Exclude.OrganizationalUnits[0]');
    expect(error.message).toContain("use an id shown by 'aws organizations list-organizational-units-for-parent'");
  });

  it('turns AccessDenied into PlanFailed that names the reader and the actions to allow', async () => {
    // Prepare
    const { clients, organizationsMock } = org();
    organizationsMock.on(ListAccountsCommand).rejects(new AccessDeniedException({ message: 'not authorized', $metadata: {} }));

    // Act
    const error = await failure(readOrganization(clients.organizations, { targets: validateTargets(undefined), reader: READER }));

    // Assess
    expect(error).toBeInstanceOf(PlanFailedError);
    expect(error.name).toBe(ErrorNames.PLAN_FAILED);
    expect(error.message).toContain(`Organizations ListAccounts was refused to ${READER} (AccessDeniedException: not authorized)`);
    expect(error.message).toContain('allows organizations:ListAccounts');
  });

  it('turns AWSOrganizationsNotInUseException into PlanFailed that says where to run', async () => {
    // Prepare
    const { clients, organizationsMock } = org();
    organizationsMock
      .on(ListAccountsCommand)
      .rejects(new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', $metadata: {} }));

    // Act
    const error = await failure(readOrganization(clients.organizations, { targets: validateTargets(undefined), reader: READER }));

    // Assess
    expect(error).toBeInstanceOf(PlanFailedError);
    expect(error.message).toContain('is not in an organization');
    expect(error.message).toContain('management account or a delegated administrator account');
  });

  it('rethrows throttling unchanged so the state machine can retry the plan', async () => {
    // Prepare
    const { clients, organizationsMock } = org();
    const throttled = new TooManyRequestsException({ message: 'slow down', $metadata: {} });
    organizationsMock.on(ListOrganizationalUnitsForParentCommand).rejects(throttled);

    // Act
    const error = await failure(
      readOrganization(clients.organizations, { targets: validateTargets({ OrganizationalUnits: [PROD] }), reader: READER }),
    );

    // Assess
    expect(error).toBe(throttled);
  });
});
