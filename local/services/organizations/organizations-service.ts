import { requireAllowed } from '../../authorize/authorizer';
import { AwsError } from '../../protocols/aws-error';
import type { Organization } from '../../org/model';
import type { CloudContext, LocalService, LocalServiceFactory } from '../service';
import { operations } from './operations';

export const ORGANIZATIONS_TARGET_PREFIX = 'AWSOrganizationsV20161128';

/**
 * AWS Organizations (JSON 1.1) over the simulated organization, read-only. As in AWS, only the
 * management account may read the tree (members may only describe the organization), and the
 * caller's IAM policies must allow `organizations:<Action>`.
 */
export function organizationsService(org: Organization): LocalServiceFactory {
  return (cloud: CloudContext): LocalService => ({
    name: 'organizations',
    protocol: 'json-1.1',
    targetPrefix: ORGANIZATIONS_TARGET_PREFIX,
    handle: async (request) => {
      const operation = operations[request.action];
      if (!operation) {
        throw new AwsError('UnknownOperationException', `The local Organizations does not serve ${request.action}; it serves: ${Object.keys(operations).join(', ')}.`);
      }
      const callerAccount = request.caller.accountId;
      if (!org.accounts.some((account) => account.id === callerAccount)) {
        throw new AwsError('AWSOrganizationsNotInUseException', `Your account (${callerAccount}) is not a member of an organization.`);
      }
      if (callerAccount !== org.managementAccountId && !operation.membersMayCall) {
        throw new AwsError(
          'AccessDeniedException',
          `You don't have permissions to access this resource: ${request.action} may be called only from the management account ${org.managementAccountId}, not from member account ${callerAccount}.`,
        );
      }
      const resource = operation.resource(org, request.input);
      await requireAllowed(
        cloud.authorize,
        {
          caller: request.caller,
          action: `organizations:${request.action}`,
          resource,
          // An action on no particular resource is the caller's own request, not a cross-account one.
          resourceAccount: resource === '*' ? callerAccount : org.managementAccountId,
          region: request.region,
        },
        { code: 'AccessDeniedException', status: 400 },
      );
      return { output: operation.run(org, request.input) };
    },
  });
}
