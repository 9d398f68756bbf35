import { accessDeniedMessage, requireAllowed } from '../../authorize/authorizer';
import { AwsError } from '../../protocols/aws-error';
import { decodeJsonBody } from '../../protocols/json';
import { ID_PATTERNS, type Organization, type OrgAccount } from '../../org/model';
import { paginate, type PageLimits } from '../organizations/pages';
import type { CallerIdentity, CloudContext, LocalService, LocalServiceFactory, ServiceRequest } from '../service';

/** ListRegions answers at most 50 regions a page (its MaxResults range is 1 to 50). */
export const REGION_PAGE_LIMITS: PageLimits = { max: 50, default: 50, invalidCode: 'ValidationException' };

/** Every status the Account API reports; a fixture only uses the three stable ones. */
const OPT_STATUSES = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT'];

const PATHS: Readonly<Record<string, string>> = { '/listRegions': 'ListRegions', '/getRegionOptStatus': 'GetRegionOptStatus' };

/**
 * AWS Account Management (rest-json): the regions of an account and their opt-in status, read
 * from the simulated organization. Without AccountId a caller asks about its own account; with
 * it, only the management account may ask about a member, as in AWS.
 */
export function accountService(org: Organization): LocalServiceFactory {
  return (cloud: CloudContext): LocalService => ({
    name: 'account',
    protocol: 'rest-json',
    operationOf: (request) => (request.method === 'POST' ? PATHS[request.path] : undefined) ?? `${request.method} ${request.path}`,
    handle: async (request) => {
      const operation = request.method === 'POST' ? PATHS[request.path] : undefined;
      if (!operation) {
        throw new AwsError('UnknownOperationException', `The local Account service has no operation at ${request.method} ${request.path}; it serves POST /listRegions and POST /getRegionOptStatus.`, 404);
      }
      const input = Object.keys(request.input).length > 0 ? request.input : decodeJsonBody(request.body);
      const account = await targetAccount(cloud, org, request, operation, input.AccountId);
      if (operation === 'GetRegionOptStatus') {
        const regionName = input.RegionName;
        if (typeof regionName !== 'string' || !ID_PATTERNS.region.test(regionName)) {
          throw validation(`RegionName ${JSON.stringify(regionName ?? null)} is required and must be a region name such as us-east-1.`);
        }
        const status = account.regions[regionName];
        if (status === undefined) throw validation(`RegionName ${regionName} is not a region of account ${account.id}; its regions are ${Object.keys(account.regions).join(', ')}.`);
        return { output: { RegionName: regionName, RegionOptStatus: status } };
      }
      const wanted = statusFilter(input.RegionOptStatusContains);
      const regions = Object.entries(account.regions)
        .filter(([, status]) => wanted === undefined || wanted.includes(status))
        .map(([RegionName, RegionOptStatus]) => ({ RegionName, RegionOptStatus }));
      const scope = `ListRegions ${account.id} ${(wanted ?? []).join(',')}`;
      const page = paginate(regions, { scope, maxResults: input.MaxResults, nextToken: input.NextToken }, REGION_PAGE_LIMITS);
      return { output: { Regions: page.items, NextToken: page.nextToken } };
    },
  });
}

async function targetAccount(cloud: CloudContext, org: Organization, request: ServiceRequest, operation: string, accountId: unknown): Promise<OrgAccount> {
  const caller = request.caller;
  const action = `account:${operation}`;
  if (accountId !== undefined && accountId !== null && (typeof accountId !== 'string' || !ID_PATTERNS.account.test(accountId))) {
    throw validation(`AccountId ${JSON.stringify(accountId)} must be 12 digits, or left out to mean the caller's own account.`);
  }
  const own = accountId === undefined || accountId === null || accountId === caller.accountId;
  if (own && accountId !== undefined && accountId !== null && caller.accountId === org.managementAccountId) {
    throw denied(caller, action, `arn:aws:account::${caller.accountId}:account`, 'The management account can only be managed using the standalone context from the management account: leave AccountId out');
  }
  const id = own ? caller.accountId : (accountId as string);
  const resource = own ? `arn:aws:account::${id}:account` : `arn:aws:account::${org.managementAccountId}:account/${org.id}/${id}`;
  if (!own && caller.accountId !== org.managementAccountId) {
    throw denied(caller, action, resource, `only the management account ${org.managementAccountId} may name another account in AccountId`);
  }
  await requireAllowed(
    cloud.authorize,
    { caller, action, resource, resourceAccount: own ? id : org.managementAccountId, region: request.region },
    { code: 'AccessDeniedException', status: 403 },
  );
  const account = org.accounts.find((candidate) => candidate.id === id);
  if (!account) {
    // An account outside the simulated organization has no region data to answer with.
    throw denied(caller, action, resource, `account ${id} is not a member of organization ${org.id}`);
  }
  return account;
}

function statusFilter(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((status) => typeof status !== 'string' || !OPT_STATUSES.includes(status))) {
    throw validation(`RegionOptStatusContains must be a list of: ${OPT_STATUSES.join(', ')}.`);
  }
  return value as string[];
}

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

function denied(caller: CallerIdentity, action: string, resource: string, reason: string): AwsError {
  return new AwsError('AccessDeniedException', `${accessDeniedMessage(caller, action, resource)} (${reason})`, 403);
}
