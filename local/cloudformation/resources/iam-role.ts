import { AwsError } from '../../protocols/aws-error';
import { isAwsManaged, requireManagedPolicy } from '../../services/iam/managed-policies';
import { changeRole, createRole, getRole, provisionRole, rolesOf, type RoleDefinition } from '../../services/iam/roles';
import { validationError } from '../errors';
import { documentText, generatedName, optionalList, optionalText, tagsOf, type Properties, type ProviderContext, type ResourceProvider, type ResourceState } from '../provider';

const TYPE = 'AWS::IAM::Role';

function definitionOf(properties: Properties, roleName: string): RoleDefinition {
  const inlinePolicies: Record<string, string> = {};
  optionalList(properties, 'Policies', TYPE).forEach((entry, index) => {
    const policy = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof policy.PolicyName !== 'string') throw validationError(`Properties validation failed for resource of type ${TYPE}: Policies[${index}].PolicyName is required.`);
    inlinePolicies[policy.PolicyName] = documentText(policy.PolicyDocument, `Policies[${index}].PolicyDocument`, TYPE);
  });
  const maxSession = optionalText(properties, 'MaxSessionDuration', TYPE);
  return {
    roleName,
    assumeRolePolicyDocument: documentText(properties.AssumeRolePolicyDocument, 'AssumeRolePolicyDocument', TYPE),
    path: optionalText(properties, 'Path', TYPE),
    description: optionalText(properties, 'Description', TYPE),
    ...(maxSession === undefined ? {} : { maxSessionDuration: Number(maxSession) }),
    tags: tagsOf(properties, TYPE),
    inlinePolicies,
    managedPolicyArns: optionalList(properties, 'ManagedPolicyArns', TYPE).map(String),
  };
}

async function checkManagedPolicies(context: ProviderContext, definition: RoleDefinition): Promise<void> {
  for (const arn of definition.managedPolicyArns ?? []) {
    if (!isAwsManaged(arn)) await requireManagedPolicy(context.cloud.store, arn);
  }
}

function stateOf(role: { roleName: string; arn: string; roleId: string }): ResourceState {
  return { physicalId: role.roleName, attributes: { Arn: role.arn, RoleId: role.roleId } };
}

function roleArn(context: ProviderContext, definition: RoleDefinition): string {
  return `arn:aws:iam::${context.accountId}:role${definition.path ?? '/'}${definition.roleName}`;
}

/** AWS::IAM::Role: Ref is the role name; GetAtt Arn and RoleId. */
export const iamRoleProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['RoleName', 'Path'],
  iam: { nameProperty: 'RoleName' },
  create: async (properties, context) => {
    const definition = definitionOf(properties, optionalText(properties, 'RoleName', TYPE) ?? generatedName(context, 64));
    await context.authorize('iam:CreateRole', roleArn(context, definition));
    await checkManagedPolicies(context, definition);
    return stateOf(await createRole(context.cloud.store, context.accountId, definition, context.cloud.now()));
  },
  update: async (properties, previous, context) => {
    const definition = definitionOf(properties, previous.physicalId);
    await context.authorize('iam:UpdateRole', roleArn(context, definition));
    await checkManagedPolicies(context, definition);
    const current = await getRole(context.cloud.store, context.accountId, previous.physicalId);
    if (!current) throw new AwsError('NoSuchEntity', `The role with name ${previous.physicalId} cannot be found.`, 404);
    // Policies attached by AWS::IAM::Policy resources belong to those resources: keep them.
    const ownBefore = new Set((optionalList(previous.properties, 'Policies', TYPE) as Array<{ PolicyName?: string }>).map((p) => p.PolicyName));
    const foreign = Object.fromEntries(Object.entries(current.inlinePolicies).filter(([name]) => !ownBefore.has(name)));
    const managedBefore = new Set(optionalList(previous.properties, 'ManagedPolicyArns', TYPE).map(String));
    const foreignManaged = current.attachedPolicyArns.filter((arn) => !managedBefore.has(arn));
    return stateOf(
      await provisionRole(
        context.cloud.store,
        context.accountId,
        {
          ...definition,
          inlinePolicies: { ...foreign, ...definition.inlinePolicies },
          managedPolicyArns: [...(definition.managedPolicyArns ?? []), ...foreignManaged],
        },
        context.cloud.now(),
      ),
    );
  },
  delete: async (existing, context) => {
    await context.authorize('iam:DeleteRole', String(existing.attributes.Arn ?? `arn:aws:iam::${context.accountId}:role/${existing.physicalId}`));
    const role = await getRole(context.cloud.store, context.accountId, existing.physicalId);
    if (!role) return;
    // CloudFormation removes the role's own policies with it; one still attached by another resource blocks the delete.
    const ownInline = new Set((optionalList(existing.properties, 'Policies', TYPE) as Array<{ PolicyName?: string }>).map((p) => p.PolicyName));
    const ownManaged = new Set(optionalList(existing.properties, 'ManagedPolicyArns', TYPE).map(String));
    const remaining = await changeRole(context.cloud.store, context.accountId, role.roleName, (current) => ({
      ...current,
      inlinePolicies: Object.fromEntries(Object.entries(current.inlinePolicies).filter(([name]) => !ownInline.has(name))),
      attachedPolicyArns: current.attachedPolicyArns.filter((arn) => !ownManaged.has(arn)),
    }));
    if (Object.keys(remaining.inlinePolicies).length > 0 || remaining.attachedPolicyArns.length > 0) {
      throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
    }
    await rolesOf(context.cloud.store).delete(`${context.accountId}/${role.roleName.toLowerCase()}`);
  },
};
