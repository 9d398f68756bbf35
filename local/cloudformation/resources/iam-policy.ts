import { AwsError } from '../../protocols/aws-error';
import { changeRole, checkPolicyName, getRole, policyText } from '../../services/iam/roles';
import { documentText, generatedName, optionalList, requiredText, type ExistingResource, type Properties, type ProviderContext, type ResourceProvider } from '../provider';
import { validationError } from '../errors';

const TYPE = 'AWS::IAM::Policy';

function rolesIn(properties: Properties): string[] {
  if (optionalList(properties, 'Users', TYPE).length > 0 || optionalList(properties, 'Groups', TYPE).length > 0) {
    throw validationError(`Properties validation failed for resource of type ${TYPE}: the local cloud has no IAM users or groups; attach the policy to Roles only.`);
  }
  const roles = optionalList(properties, 'Roles', TYPE).map(String);
  if (roles.length === 0) throw validationError(`Properties validation failed for resource of type ${TYPE}: at least one of Roles, Users or Groups must be given.`);
  return roles;
}

async function put(context: ProviderContext, roleName: string, policyName: string, text: string): Promise<void> {
  const role = await getRole(context.cloud.store, context.accountId, roleName);
  if (!role) throw new AwsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
  await context.authorize('iam:PutRolePolicy', role.arn);
  await changeRole(context.cloud.store, context.accountId, roleName, (current) => ({ ...current, inlinePolicies: { ...current.inlinePolicies, [policyName]: text } }));
}

async function remove(context: ProviderContext, roleName: string, policyName: string): Promise<void> {
  const role = await getRole(context.cloud.store, context.accountId, roleName);
  if (!role || role.inlinePolicies[policyName] === undefined) return;
  await context.authorize('iam:DeleteRolePolicy', role.arn);
  await changeRole(context.cloud.store, context.accountId, roleName, (current) => {
    const { [policyName]: _removed, ...rest } = current.inlinePolicies;
    return { ...current, inlinePolicies: rest };
  });
}

async function attach(properties: Properties, context: ProviderContext): Promise<void> {
  const policyName = checkPolicyName(requiredText(properties, 'PolicyName', TYPE));
  const text = policyText(documentText(properties.PolicyDocument, 'PolicyDocument', TYPE), 'identity', `${context.logicalId}.PolicyDocument`);
  for (const roleName of rolesIn(properties)) await put(context, roleName, policyName, text);
}

async function detach(existing: ExistingResource, context: ProviderContext, keep: ReadonlySet<string> = new Set()): Promise<void> {
  const policyName = String(existing.properties.PolicyName);
  for (const roleName of optionalList(existing.properties, 'Roles', TYPE).map(String)) {
    if (!keep.has(roleName)) await remove(context, roleName, policyName);
  }
}

/** AWS::IAM::Policy: an inline policy put on each of its roles. Ref is a generated id. */
export const iamPolicyProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['PolicyName'],
  iam: {},
  create: async (properties, context) => {
    await attach(properties, context);
    return { physicalId: generatedName({ stackName: context.stackName.slice(0, 5), logicalId: context.logicalId.slice(0, 5) }, 24), attributes: { Id: context.logicalId } };
  },
  update: async (properties, previous, context) => {
    await attach(properties, context);
    await detach(previous, context, new Set(rolesIn(properties)));
    return { physicalId: previous.physicalId, attributes: previous.attributes };
  },
  delete: (existing, context) => detach(existing, context),
};
