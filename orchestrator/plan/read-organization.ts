import {
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { InvalidInputError } from '../contract';
import { asServiceError } from '../credentials/sdk-errors';
import { mapBounded } from './bounded';
import { ROOT_ID_PATTERN } from './input-fields';
import type { OrgAccount, OrgChildren, OrgSnapshot } from './org-snapshot';
import { organizationsAdvice, callFailure } from './call-errors';
import type { FieldValue, ValidatedTargets } from './validate-targets';

/**
 * Organizations allows only a few requests per second per account; a few calls in flight
 * walk a wide tree quickly without spending the SDK's retries on throttling.
 */
export const ORGANIZATIONS_CONCURRENCY = 4;

export interface ReadOrganizationRequest {
  readonly targets: ValidatedTargets;
  /** Who reads, for error messages. */
  readonly reader: string;
  /** More OUs whose subtrees are needed (e.g. those naming waves). @default none */
  readonly moreOrganizationalUnits?: readonly FieldValue[];
  /** Walk the whole tree from the root, to place every account in its OUs. @default false */
  readonly wholeTree?: boolean;
}

async function listAccounts(client: OrganizationsClient): Promise<OrgAccount[]> {
  const accounts: OrgAccount[] = [];
  for await (const page of paginateListAccounts({ client }, {})) {
    for (const a of page.Accounts ?? []) {
      if (!a.Id) continue;
      // `Status` is being retired in favour of `State`; older responses carry only `Status`.
      accounts.push({ Id: a.Id, Name: a.Name ?? a.Id, State: a.State ?? a.Status ?? 'UNKNOWN' });
    }
  }
  return accounts;
}

async function listRoots(client: OrganizationsClient): Promise<string[]> {
  const roots: string[] = [];
  for await (const page of paginateListRoots({ client }, {})) {
    for (const root of page.Roots ?? []) if (root.Id) roots.push(root.Id);
  }
  return roots;
}

async function childrenOf(client: OrganizationsClient, parentId: string): Promise<OrgChildren> {
  const ous: string[] = [];
  for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId })) {
    for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) ous.push(ou.Id);
  }
  const accounts: string[] = [];
  for await (const page of paginateListAccountsForParent({ client }, { ParentId: parentId })) {
    for (const a of page.Accounts ?? []) if (a.Id) accounts.push(a.Id);
  }
  return { ous, accounts };
}

/** Reads the subtree under each named OU, level by level, into `children`. */
async function walk(
  client: OrganizationsClient,
  named: readonly FieldValue[],
  children: Map<string, OrgChildren>,
  reader: string,
): Promise<void> {
  const fieldOf = new Map(named.map((ou) => [ou.value, ou.field]));
  let level = [...fieldOf.keys()];
  while (level.length > 0) {
    const fresh = level.filter((id) => !children.has(id));
    const read = await mapBounded(fresh, ORGANIZATIONS_CONCURRENCY, async (parentId) => {
      try {
        return await childrenOf(client, parentId);
      } catch (err) {
        const field = fieldOf.get(parentId);
        if (field !== undefined && asServiceError(err).name === 'ParentNotFoundException') {
          throw new InvalidInputError(
            field,
            `"${parentId}" is not an OU of this organization; use an id shown by 'aws organizations list-organizational-units-for-parent'`,
          );
        }
        throw callFailure(err, `Organizations ListOrganizationalUnitsForParent/ListAccountsForParent(${parentId})`, reader, organizationsAdvice(reader));
      }
    });
    fresh.forEach((id, i) => children.set(id, read[i]));
    level = read.flatMap((node) => node.ous);
  }
}

/**
 * Reads what the targets need: every account (names, states, and the check that named
 * accounts exist), the root ids when a root is named, and the subtrees under named OUs.
 * Every list follows NextToken to the last page.
 */
export async function readOrganization(client: OrganizationsClient, request: ReadOrganizationRequest): Promise<OrgSnapshot> {
  const { targets, reader } = request;
  const named = [...targets.organizationalUnits, ...targets.excludeOrganizationalUnits, ...(request.moreOrganizationalUnits ?? [])];
  const ous = named.filter((ou) => !ROOT_ID_PATTERN.test(ou.value));
  const advice = organizationsAdvice(reader);

  let accounts: OrgAccount[];
  try {
    accounts = await listAccounts(client);
  } catch (err) {
    throw callFailure(err, 'Organizations ListAccounts', reader, advice);
  }
  let rootIds: string[] = [];
  if (ous.length < named.length || request.wholeTree === true) {
    try {
      rootIds = await listRoots(client);
    } catch (err) {
      throw callFailure(err, 'Organizations ListRoots', reader, advice);
    }
  }
  const children = new Map<string, OrgChildren>();
  const roots = request.wholeTree === true ? rootIds.map((value) => ({ value, field: 'IncludeOrganizationalUnitIds' })) : [];
  await walk(client, [...roots, ...ous], children, reader);
  return { accounts, rootIds, children };
}
