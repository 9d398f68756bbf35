export { startLocalCloud, DEFAULT_PORT, DEFAULT_HOST, type LocalCloud, type LocalCloudOptions } from './start';
export type { Fault, FaultInjector } from './faults';
export { DEFAULT_OPERATOR, DEFAULT_HUB_ACCOUNT_ID, type StaticUser } from '../identity/users';
export { setAccountOrganization } from '../identity/organizations';
export { provisionRole } from '../services/iam/roles';
