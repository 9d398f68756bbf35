import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, LocalService, LocalServiceFactory, ServiceRequest, ServiceResponse } from '../service';
import { assumeRole, assumeRoleOutput } from './assume-role';

export const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

type Operation = (request: ServiceRequest, cloud: CloudContext) => Promise<ServiceResponse>;

const operations: Readonly<Record<string, Operation>> = {
  // Needs no permission in AWS either: anyone may ask who they are.
  GetCallerIdentity: async ({ caller }) => ({
    output: { UserId: caller.userId ?? caller.accountId, Account: caller.accountId, Arn: caller.arn },
  }),
  AssumeRole: async ({ caller, input, region }, cloud) => ({
    output: assumeRoleOutput(await assumeRole(cloud, caller, input, region)),
  }),
};

export const stsService: LocalServiceFactory = (cloud: CloudContext): LocalService => ({
  name: 'sts',
  protocol: 'query',
  xmlNamespace: STS_XML_NAMESPACE,
  handle: async (request) => {
    const operation = operations[request.action];
    if (!operation) {
      throw new AwsError('InvalidAction', `Could not find operation ${request.action} for version 2011-06-15 (the local STS serves: ${Object.keys(operations).join(', ')}).`, 400);
    }
    return operation(request, cloud);
  },
});
