import type { ManagedPolicyRecord } from './managed-policies';
import { MANAGED_POLICY_DEFAULT_VERSION } from './managed-policies';
import type { RoleRecord } from './roles';

/** IAM returns policy documents URL-encoded (RFC 3986); the SDK hands them over as received. */
export function encodePolicy(text: string): string {
  return encodeURIComponent(text);
}

export function roleShape(role: RoleRecord): Record<string, unknown> {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: new Date(role.createDate),
    AssumeRolePolicyDocument: encodePolicy(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags: role.tags.length > 0 ? role.tags : undefined,
  };
}

export function policyShape(policy: ManagedPolicyRecord, attachmentCount: number): Record<string, unknown> {
  return {
    PolicyName: policy.policyName,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: MANAGED_POLICY_DEFAULT_VERSION,
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: policy.description,
    CreateDate: new Date(policy.createDate),
    UpdateDate: new Date(policy.createDate),
    Tags: policy.tags.length > 0 ? policy.tags : undefined,
  };
}
