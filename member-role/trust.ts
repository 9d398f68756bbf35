import { Arn, ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Trust for exactly one role of the hub account, written as the hub account principal
 * narrowed by conditions rather than as the role ARN in `Principal`:
 * - IAM stores a role ARN in `Principal` as the role's unique id, so deleting and
 *   recreating the hub role would silently break the trust; `aws:PrincipalArn` is
 *   compared by name on every call instead.
 * - `ArnEquals aws:PrincipalArn` keeps every other principal of the hub account out, even
 *   one with `sts:AssumeRole` on `*`.
 * - `aws:PrincipalOrgID` keeps the trust from outliving the hub account's membership of the
 *   organization.
 */
export function trustOnlyRole(roleArn: string, organizationId: string): iam.IPrincipal {
  // Arn.split parses a literal and renders Fn::Select/Fn::Split for a deploy-time value.
  const hubAccount = Arn.split(roleArn, ArnFormat.SLASH_RESOURCE_NAME).account;
  if (!hubAccount) throw new Error(`trustOnlyRole: no account in ${roleArn}`);
  return new iam.AccountPrincipal(hubAccount).withConditions({
    ArnEquals: { 'aws:PrincipalArn': roleArn },
    StringEquals: { 'aws:PrincipalOrgID': organizationId },
  });
}
