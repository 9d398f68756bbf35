import { AwsError } from '../../protocols/aws-error';
import type { CloudContext, ServiceRequest, ServiceResponse } from '../service';
import { createManagedPolicy, isAwsManaged, MANAGED_POLICY_DEFAULT_VERSION, policiesOf, requireManagedPolicy } from './managed-policies';
import { changeRole, checkPolicyName, createRole, deleteRole, mergeTags, policyText, requireRole, rolesOf } from './roles';
import { encodePolicy, policyShape, roleShape } from './shapes';
import { optionalInteger, optionalString, requiredString, stringList, tagList } from './input';

type Operation = (request: ServiceRequest, cloud: CloudContext) => Promise<ServiceResponse>;

/** The resource each operation acts on, for `authorize`: a role ARN, a policy ARN. */
export function resourceOf(action: string, request: ServiceRequest): string {
  const account = request.caller.accountId;
  const input = request.input;
  if (action.endsWith('Policy') && !action.includes('Role')) {
    if (action === 'CreatePolicy') {
      return `arn:aws:iam::${account}:policy${optionalString(input, 'Path') ?? '/'}${optionalString(input, 'PolicyName') ?? '*'}`;
    }
    return optionalString(input, 'PolicyArn') ?? '*';
  }
  const path = action === 'CreateRole' ? (optionalString(input, 'Path') ?? '/') : '/';
  return `arn:aws:iam::${account}:role${path}${optionalString(input, 'RoleName') ?? '*'}`;
}

const done: ServiceResponse = {};

export const operations: Readonly<Record<string, Operation>> = {
  CreateRole: async ({ input, caller }, cloud) => {
    const role = await createRole(
      cloud.store,
      caller.accountId,
      {
        roleName: requiredString(input, 'RoleName'),
        assumeRolePolicyDocument: requiredString(input, 'AssumeRolePolicyDocument'),
        path: optionalString(input, 'Path'),
        description: optionalString(input, 'Description'),
        maxSessionDuration: optionalInteger(input, 'MaxSessionDuration'),
        tags: tagList(input),
      },
      cloud.now(),
    );
    return { output: { Role: roleShape(role) } };
  },
  GetRole: async ({ input, caller }, cloud) => ({
    output: { Role: roleShape(await requireRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'))) },
  }),
  DeleteRole: async ({ input, caller }, cloud) => {
    await deleteRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'));
    return done;
  },
  UpdateAssumeRolePolicy: async ({ input, caller }, cloud) => {
    const text = policyText(requiredString(input, 'PolicyDocument'), 'trust', 'PolicyDocument');
    await changeRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'), (role) => ({ ...role, assumeRolePolicyDocument: text }));
    return done;
  },
  TagRole: async ({ input, caller }, cloud) => {
    const tags = tagList(input);
    await changeRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'), (role) => ({ ...role, tags: mergeTags(role.tags, tags) }));
    return done;
  },
  UntagRole: async ({ input, caller }, cloud) => {
    const keys = new Set(stringList(input, 'TagKeys'));
    await changeRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'), (role) => ({
      ...role,
      tags: role.tags.filter((tag) => !keys.has(tag.Key)),
    }));
    return done;
  },
  ListRoleTags: async ({ input, caller }, cloud) => {
    const role = await requireRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'));
    return { output: { Tags: role.tags, IsTruncated: false } };
  },
  PutRolePolicy: async ({ input, caller }, cloud) => {
    const name = checkPolicyName(requiredString(input, 'PolicyName'));
    const text = policyText(requiredString(input, 'PolicyDocument'), 'identity', 'PolicyDocument');
    await changeRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'), (role) => ({
      ...role,
      inlinePolicies: { ...role.inlinePolicies, [name]: text },
    }));
    return done;
  },
  GetRolePolicy: async ({ input, caller }, cloud) => {
    const role = await requireRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'));
    const name = requiredString(input, 'PolicyName');
    const text = role.inlinePolicies[name];
    if (text === undefined) {
      throw new AwsError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
    }
    return { output: { RoleName: role.roleName, PolicyName: name, PolicyDocument: encodePolicy(text) } };
  },
  DeleteRolePolicy: async ({ input, caller }, cloud) => {
    const name = requiredString(input, 'PolicyName');
    await changeRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'), (role) => {
      if (role.inlinePolicies[name] === undefined) {
        throw new AwsError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404);
      }
      const { [name]: _removed, ...rest } = role.inlinePolicies;
      return { ...role, inlinePolicies: rest };
    });
    return done;
  },
  ListRolePolicies: async ({ input, caller }, cloud) => {
    const role = await requireRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'));
    return { output: { PolicyNames: Object.keys(role.inlinePolicies).sort(), IsTruncated: false } };
  },
  AttachRolePolicy: async ({ input, caller }, cloud) => {
    const arn = requiredString(input, 'PolicyArn');
    if (!isAwsManaged(arn)) await requireManagedPolicy(cloud.store, arn);
    await changeRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'), (role) => ({
      ...role,
      attachedPolicyArns: role.attachedPolicyArns.includes(arn) ? role.attachedPolicyArns : [...role.attachedPolicyArns, arn],
    }));
    return done;
  },
  DetachRolePolicy: async ({ input, caller }, cloud) => {
    const arn = requiredString(input, 'PolicyArn');
    await changeRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'), (role) => {
      if (!role.attachedPolicyArns.includes(arn)) throw new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);
      return { ...role, attachedPolicyArns: role.attachedPolicyArns.filter((attached) => attached !== arn) };
    });
    return done;
  },
  ListAttachedRolePolicies: async ({ input, caller }, cloud) => {
    const role = await requireRole(cloud.store, caller.accountId, requiredString(input, 'RoleName'));
    const attached = role.attachedPolicyArns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));
    return { output: { AttachedPolicies: attached, IsTruncated: false } };
  },
  CreatePolicy: async ({ input, caller }, cloud) => {
    const policy = await createManagedPolicy(
      cloud.store,
      caller.accountId,
      {
        policyName: requiredString(input, 'PolicyName'),
        document: requiredString(input, 'PolicyDocument'),
        path: optionalString(input, 'Path'),
        description: optionalString(input, 'Description'),
        tags: tagList(input),
      },
      cloud.now(),
    );
    return { output: { Policy: policyShape(policy, 0) } };
  },
  GetPolicy: async ({ input }, cloud) => {
    const policy = await requireManagedPolicy(cloud.store, requiredString(input, 'PolicyArn'));
    return { output: { Policy: policyShape(policy, await attachments(cloud, policy.arn)) } };
  },
  GetPolicyVersion: async ({ input }, cloud) => {
    const policy = await requireManagedPolicy(cloud.store, requiredString(input, 'PolicyArn'));
    const versionId = requiredString(input, 'VersionId');
    if (versionId !== MANAGED_POLICY_DEFAULT_VERSION) {
      throw new AwsError('NoSuchEntity', `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`, 404);
    }
    return {
      output: {
        PolicyVersion: { Document: encodePolicy(policy.document), VersionId: versionId, IsDefaultVersion: true, CreateDate: new Date(policy.createDate) },
      },
    };
  },
  DeletePolicy: async ({ input }, cloud) => {
    const policy = await requireManagedPolicy(cloud.store, requiredString(input, 'PolicyArn'));
    if ((await attachments(cloud, policy.arn)) > 0) {
      throw new AwsError('DeleteConflict', 'Cannot delete a policy attached to entities.', 409);
    }
    await policiesOf(cloud.store).delete(policy.arn);
    return done;
  },
};

async function attachments(cloud: CloudContext, arn: string): Promise<number> {
  return (await rolesOf(cloud.store).entries()).filter(([, role]) => role.attachedPolicyArns.includes(arn)).length;
}
