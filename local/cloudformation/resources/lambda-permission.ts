import { changeFunction, getFunction } from '../../services/lambda/functions';
import { requiredText, optionalText, generatedName, type Properties, type ProviderContext, type ResourceProvider } from '../provider';
import { validationError } from '../errors';

const TYPE = 'AWS::Lambda::Permission';

/** FunctionName may be a name, an ARN or a partial ARN; the function is in the stack's account and region. */
function addressOf(properties: Properties, context: ProviderContext) {
  const given = requiredText(properties, 'FunctionName', TYPE);
  const match = /^(?:arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:)?([a-zA-Z0-9_-]{1,64})(?::[^:]+)?$/.exec(given);
  if (!match) throw validationError(`${context.logicalId}.FunctionName "${given}" must be a function name or ARN.`);
  return { region: match[1] ?? context.region, accountId: match[2] ?? context.accountId, name: match[3] as string };
}

function statementOf(properties: Properties, sid: string, functionArn: string): Record<string, unknown> {
  const principal = requiredText(properties, 'Principal', TYPE);
  const principalBlock = principal === '*' ? '*' : principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal };
  const condition: Record<string, Record<string, string>> = {};
  const sourceArn = optionalText(properties, 'SourceArn', TYPE);
  const sourceAccount = optionalText(properties, 'SourceAccount', TYPE);
  const orgId = optionalText(properties, 'PrincipalOrgID', TYPE);
  if (sourceArn !== undefined) condition.ArnLike = { 'AWS:SourceArn': sourceArn };
  if (sourceAccount !== undefined) condition.StringEquals = { 'AWS:SourceAccount': sourceAccount };
  if (orgId !== undefined) condition.StringEquals = { ...(condition.StringEquals ?? {}), 'aws:PrincipalOrgID': orgId };
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: principalBlock,
    Action: requiredText(properties, 'Action', TYPE),
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/** AWS::Lambda::Permission: a statement of the function's resource policy; Ref is its statement id. */
export const lambdaPermissionProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: '*',
  create: async (properties, context) => {
    const address = addressOf(properties, context);
    const functionArn = `arn:aws:lambda:${address.region}:${address.accountId}:function:${address.name}`;
    await context.authorize('lambda:AddPermission', functionArn);
    const sid = generatedName(context, 100).replace(/[^a-zA-Z0-9_-]/g, '-');
    const statement = statementOf(properties, sid, functionArn);
    await changeFunction(context.cloud, address, (record) => ({ ...record, policyStatements: [...record.policyStatements, statement] }));
    return { physicalId: sid, attributes: { Id: sid } };
  },
  delete: async (existing, context) => {
    const address = addressOf(existing.properties, context);
    await context.authorize('lambda:RemovePermission', `arn:aws:lambda:${address.region}:${address.accountId}:function:${address.name}`);
    if (!(await getFunction(context.cloud, address))) return;
    await changeFunction(context.cloud, address, (record) => ({ ...record, policyStatements: record.policyStatements.filter((s) => s.Sid !== existing.physicalId) }));
  },
};
