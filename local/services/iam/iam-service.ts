import { requireAllowed } from '../../authorize/authorizer';
import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, LocalService, LocalServiceFactory } from '../service';
import { operations, resourceOf } from './operations';

export const IAM_XML_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

/**
 * IAM over the query protocol: the role and policy operations our stacks and the CloudFormation
 * engine use. Every call is authorized as `iam:<Action>` on the role or policy it touches, in the
 * caller's own account.
 */
export const iamService: LocalServiceFactory = (cloud: CloudContext): LocalService => ({
  name: 'iam',
  protocol: 'query',
  xmlNamespace: IAM_XML_NAMESPACE,
  handle: async (request) => {
    const operation = operations[request.action];
    if (!operation) {
      throw new AwsError('InvalidAction', `Could not find operation ${request.action} for version 2010-05-08 (the local IAM serves: ${Object.keys(operations).join(', ')}).`, 400);
    }
    await requireAllowed(cloud.authorize, {
      caller: request.caller,
      action: `iam:${request.action}`,
      resource: resourceOf(request.action, request),
      resourceAccount: request.caller.accountId,
      region: request.region,
    });
    return operation(request, cloud);
  },
});
