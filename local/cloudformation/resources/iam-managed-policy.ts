import { AwsError } from '../../protocols/aws-error';
import { createManagedPolicy, policiesOf, requireManagedPolicy } from '../../services/iam/managed-policies';
import { changeRole, getRole, policyText } from '../../services/iam/roles';
import { documentText, generatedName, optionalList, optionalText, type Properties, type ProviderContext, type ResourceProvider } from '../provider';
import { validationError } from '../errors';

const TYPE = 'AWS::IAM::ManagedPolicy';

function rolesIn(properties: Properties): string[] {
  if (optionalList(properties, 'Users', TYPE).length > 0 || optionalList(properties, 'Groups', TYPE).length > 0) {
    throw validationError(`Properties validation failed for resource of type ${TYPE}: the local cloud has no IAM users or groups; attach the policy to Roles only.`);
  }
  return optionalList(properties, 'Roles', TYPE).map(String);
}

async function setAttached(context: ProviderContext, arn: string, roleNames: readonly string[], attached: boolean): Promise<void> {
  for (const roleName of roleNames) {
    const role = await getRole(context.cloud.store, context.accountId, roleName);
    if (!role) {
      if (!attached) continue;
      throw new AwsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
    }
    await context.authorize(attached ? 'iam:AttachRolePolicy' : 'iam:DetachRolePolicy', role.arn);
    await changeRole(context.cloud.store, context.accountId, roleName, (current) => ({
      ...current,
      attachedPolicyArns: attached ? [...new Set([...current.attachedPolicyArns, arn])] : current.attachedPolicyArns.filter((a) => a !== arn),
    }));
  }
}

/** AWS::IAM::ManagedPolicy: Ref is the policy ARN; GetAtt PolicyArn, PolicyId. */
export const iamManagedPolicyProvider: ResourceProvider = {
  type: TYPE,
  replaceOn: ['ManagedPolicyName', 'Path', 'Description'],
  iam: { nameProperty: 'ManagedPolicyName' },
  create: async (properties, context) => {
    const policyName = optionalText(properties, 'ManagedPolicyName', TYPE) ?? generatedName(context, 128);
    const path = optionalText(properties, 'Path', TYPE) ?? '/';
    await context.authorize('iam:CreatePolicy', `arn:aws:iam::${context.accountId}:policy${path}${policyName}`);
    const policy = await createManagedPolicy(
      context.cloud.store,
      context.accountId,
      { policyName, path, description: optionalText(properties, 'Description', TYPE), document: documentText(properties.PolicyDocument, 'PolicyDocument', TYPE) },
      context.cloud.now(),
    );
    await setAttached(context, policy.arn, rolesIn(properties), true);
    return { physicalId: policy.arn, attributes: { PolicyArn: policy.arn, PolicyId: policy.policyId } };
  },
  update: async (properties, previous, context) => {
    await context.authorize('iam:CreatePolicyVersion', previous.physicalId);
    const document = policyText(documentText(properties.PolicyDocument, 'PolicyDocument', TYPE), 'identity', `${context.logicalId}.PolicyDocument`);
    await requireManagedPolicy(context.cloud.store, previous.physicalId);
    await policiesOf(context.cloud.store).update(previous.physicalId, (current) => current && { ...current, document });
    const roles = rolesIn(properties);
    await setAttached(context, previous.physicalId, roles, true);
    await setAttached(context, previous.physicalId, rolesIn(previous.properties).filter((role) => !roles.includes(role)), false);
    return { physicalId: previous.physicalId, attributes: previous.attributes };
  },
  delete: async (existing, context) => {
    await context.authorize('iam:DeletePolicy', existing.physicalId);
    await setAttached(context, existing.physicalId, rolesIn(existing.properties), false);
    await policiesOf(context.cloud.store).delete(existing.physicalId);
  },
};
