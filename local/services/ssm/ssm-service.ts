import { requireAllowed } from '../../authorize/authorizer';
import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, LocalService, LocalServiceFactory, ServiceRequest, ServiceResponse } from '../service';
import { deleteParameter, getParameter, putParameter, type ParameterRecord } from './parameters';

export const SSM_TARGET_PREFIX = 'AmazonSSM';

type Operation = (request: ServiceRequest, cloud: CloudContext) => Promise<ServiceResponse>;

function nameIn(input: Record<string, unknown>, field = 'Name'): string {
  const name = input[field];
  if (typeof name !== 'string' || name === '') {
    throw new AwsError('ValidationException', `1 validation error detected: Value null at '${field.toLowerCase()}' failed to satisfy constraint: Member must not be null`, 400);
  }
  return name;
}

function arnOf(request: ServiceRequest, name: string): string {
  return `arn:aws:ssm:${request.region}:${request.caller.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

function shape(request: ServiceRequest, record: ParameterRecord): Record<string, unknown> {
  return {
    Name: record.name,
    Type: record.type,
    Value: record.value,
    Version: record.version,
    LastModifiedDate: new Date(record.lastModifiedDate).getTime() / 1000,
    ARN: arnOf(request, record.name),
    DataType: 'text',
  };
}

const operations: Readonly<Record<string, Operation>> = {
  GetParameter: async (request, cloud) => {
    const name = nameIn(request.input);
    await allowed(cloud, request, 'GetParameter', name);
    const record = await getParameter(cloud.store, request.caller.accountId, request.region, name);
    if (!record) throw new AwsError('ParameterNotFound', `Parameter ${name} not found.`, 400);
    return { output: { Parameter: shape(request, record) } };
  },
  GetParameters: async (request, cloud) => {
    const names = Array.isArray(request.input.Names) ? request.input.Names.filter((n): n is string => typeof n === 'string') : [];
    if (names.length === 0) throw new AwsError('ValidationException', 'Names must list 1 to 10 parameter names.', 400);
    const found: Record<string, unknown>[] = [];
    const invalid: string[] = [];
    for (const name of names) {
      await allowed(cloud, request, 'GetParameters', name);
      const record = await getParameter(cloud.store, request.caller.accountId, request.region, name);
      if (record) found.push(shape(request, record));
      else invalid.push(name);
    }
    return { output: { Parameters: found, InvalidParameters: invalid } };
  },
  PutParameter: async (request, cloud) => {
    const name = nameIn(request.input);
    await allowed(cloud, request, 'PutParameter', name);
    const value = request.input.Value;
    if (typeof value !== 'string') throw new AwsError('ValidationException', 'Value is required: give the parameter value as a string.', 400);
    const type = request.input.Type === undefined ? undefined : String(request.input.Type);
    if (type !== undefined && type !== 'String' && type !== 'StringList' && type !== 'SecureString') {
      throw new AwsError('ValidationException', `Type "${type}" must be String, StringList or SecureString.`, 400);
    }
    const record = await putParameter(cloud.store, request.caller.accountId, request.region, { name, value, type, overwrite: request.input.Overwrite === true }, cloud.now());
    return { output: { Version: record.version, Tier: 'Standard' } };
  },
  DeleteParameter: async (request, cloud) => {
    const name = nameIn(request.input);
    await allowed(cloud, request, 'DeleteParameter', name);
    await deleteParameter(cloud.store, request.caller.accountId, request.region, name);
    return { output: {} };
  },
};

function allowed(cloud: CloudContext, request: ServiceRequest, action: string, name: string): Promise<void> {
  return requireAllowed(cloud.authorize, { caller: request.caller, action: `ssm:${action}`, resource: arnOf(request, name), region: request.region }, { code: 'AccessDeniedException' });
}

/** SSM Parameter Store (JSON 1.1): String parameters per account and region, e.g. CDK's bootstrap version. */
export const ssmService: LocalServiceFactory = (cloud: CloudContext): LocalService => ({
  name: 'ssm',
  protocol: 'json-1.1',
  targetPrefix: SSM_TARGET_PREFIX,
  handle: async (request) => {
    const operation = operations[request.action];
    if (!operation) {
      throw new AwsError('UnknownOperationException', `The local SSM does not serve ${request.action}; it serves: ${Object.keys(operations).join(', ')}.`, 400);
    }
    return operation(request, cloud);
  },
});
