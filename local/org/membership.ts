import { setAccountOrganization } from '../identity/organizations';
import type { Store } from '../store/store';
import type { Organization } from './model';

/**
 * Records every account's organization where the identity layer reads `aws:PrincipalOrgID`, for
 * clouds that look membership up in the store rather than through `organizationLookup`.
 */
export async function recordMembership(store: Store, org: Organization): Promise<void> {
  for (const account of org.accounts) await setAccountOrganization(store, account.id, org.id);
}
