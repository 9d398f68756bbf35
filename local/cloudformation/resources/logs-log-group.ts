import { generatedName, optionalText, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';
import { validationError } from '../errors';
import { AwsError } from '../../protocols/aws-error';

const TYPE = 'AWS::Logs::LogGroup';
/** The retention periods CloudWatch Logs accepts. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export interface LogGroupRecord {
  readonly name: string;
  readonly arn: string;
  readonly retentionInDays?: number;
  readonly kmsKeyId?: string;
  readonly creationTime: string;
}

export function logGroupsOf(context: Pick<ProviderContext, 'cloud'>) {
  return context.cloud.store.namespace<LogGroupRecord>('logs-groups');
}

function recordOf(properties: Properties, context: ProviderContext, name: string): LogGroupRecord {
  const retention = optionalText(properties, 'RetentionInDays', TYPE);
  if (retention !== undefined && !RETENTION_DAYS.includes(Number(retention))) {
    throw validationError(`${context.logicalId}.RetentionInDays ${retention} must be one of ${RETENTION_DAYS.join(', ')}.`);
  }
  const kmsKeyId = optionalText(properties, 'KmsKeyId', TYPE);
  return {
    name,
    arn: `arn:aws:logs:${context.region}:${context.accountId}:log-group:${name}:*`,
    ...(retention === undefined ? {} : { retentionInDays: Number(retention) }),
    ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
    creationTime: context.cloud.now().toISOString(),
  };
}

function key(context: ProviderContext, name: string): string {
  return `${context.accountId}/${context.region}/${name}`;
}

function stateOf(record: LogGroupRecord): ResourceState {
  return { physicalId: record.name, attributes: { Arn: record.arn } };
}

/** AWS::Logs::LogGroup, kept as a record (the local cloud has no log service): Ref is the name; GetAtt Arn. */
export const logGroupProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['LogGroupName'],
  create: async (properties, context) => {
    const name = optionalText(properties, 'LogGroupName', TYPE) ?? generatedName(context, 512);
    const record = recordOf(properties, context, name);
    await context.authorize('logs:CreateLogGroup', record.arn);
    if (!(await logGroupsOf(context).create(key(context, name), record))) throw new AwsError('ResourceAlreadyExistsException', `The specified log group already exists: ${name}`, 400);
    return stateOf(record);
  },
  update: async (properties, previous, context) => {
    const record = recordOf(properties, context, previous.physicalId);
    await context.authorize('logs:PutRetentionPolicy', record.arn);
    await logGroupsOf(context).update(key(context, previous.physicalId), (current) => ({ ...record, creationTime: current?.creationTime ?? record.creationTime }));
    return stateOf(record);
  },
  delete: async (existing, context) => {
    await context.authorize('logs:DeleteLogGroup', String(existing.attributes.Arn));
    await logGroupsOf(context).delete(key(context, existing.physicalId));
  },
};
