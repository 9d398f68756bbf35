import type { Store } from '../store/store';

const NAMESPACE = 'principal-orgs';

/**
 * Which organization each account belongs to, for `aws:PrincipalOrgID`. The organization fixture
 * records membership here; a cloud may instead be given its own lookup.
 */
export async function setAccountOrganization(store: Store, accountId: string, orgId: string | undefined): Promise<void> {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`accountId "${accountId}" must be 12 digits`);
  if (orgId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(orgId)) {
    throw new Error(`orgId "${orgId}" must look like o-exampleorgid (o- then 10 to 32 lowercase letters or digits)`);
  }
  const orgs = store.namespace<string>(NAMESPACE);
  if (orgId === undefined) await orgs.delete(accountId);
  else await orgs.put(accountId, orgId);
}

export function storedOrganizationOf(store: Store): (accountId: string) => Promise<string | undefined> {
  const orgs = store.namespace<string>(NAMESPACE);
  return (accountId) => orgs.get(accountId);
}
