import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEFAULT_ORG_READER_ROLE_NAME } from '../orchestrator/contract';
import { acknowledgeWildcardResource } from './nag';
import { ORG_READER_ACCOUNT_ACTIONS, ORG_READER_SCOPED_ACTIONS, ORG_READER_UNSCOPED_ACTIONS } from './permissions';
import { trustOnlyRole } from './trust';
import { checkOrganizationId, checkRoleArn, checkRoleName } from './validate';

export interface OrgReaderRoleProps {
  /**
   * ARN of the orchestrator's Plan function role (`StepEverywhere.planRole.roleArn` in the
   * hub account): the only principal that may assume the org-reader role.
   */
  readonly planRoleArn: string;

  /** The organization to read, like `o-abc123def4`; the Plan role must belong to it too. */
  readonly organizationId: string;

  /**
   * Name of the org-reader role; pass its ARN to the orchestrator as `orgReaderRoleArn`.
   * @default DEFAULT_ORG_READER_ROLE_NAME ('StepEverywhereOrgReader')
   */
  readonly roleName?: string;
}

/**
 * The role the orchestrator's Plan step assumes in the management account (or a delegated
 * administrator) to list the organization's accounts and OUs and each account's enabled
 * regions. Read-only: it can change nothing in the organization. It is deliberately not
 * tagged assumable, so the credentials role cannot reach it.
 */
export class OrgReaderRole extends Construct {
  public readonly role: iam.Role;
  public readonly roleArn: string;

  public constructor(scope: Construct, id: string, props: OrgReaderRoleProps) {
    super(scope, id);
    const owner = 'OrgReaderRole';
    checkRoleArn(owner, 'planRoleArn', props.planRoleArn);
    checkOrganizationId(owner, 'organizationId', props.organizationId);
    const roleName = props.roleName ?? DEFAULT_ORG_READER_ROLE_NAME;
    checkRoleName(owner, 'roleName', roleName);

    const stack = Stack.of(this);
    // The management account's id is part of these ARNs; a delegated administrator does
    // not know it at synth time, and the organization id (globally unique) already pins them.
    const inOrganization = (service: string, resource: string) =>
      `arn:${stack.partition}:${service}::*:${resource}/${props.organizationId}/*`;
    const organizationResources = ['account', 'ou', 'root'].map((r) => inOrganization('organizations', r));
    const memberAccounts = inOrganization('account', 'account');
    // ListRegions and GetRegionOptStatus without an AccountId act on the caller's own account.
    const ownAccount = `arn:${stack.partition}:account::${stack.account}:account`;

    this.role = new iam.Role(this, 'Role', {
      roleName,
      description: 'Assumed by the step-everywhere Plan step to read the organization and the regions of its accounts',
      assumedBy: trustOnlyRole(props.planRoleArn, props.organizationId),
      inlinePolicies: {
        OrganizationRead: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'ReadsWithoutResourceScope',
              actions: [...ORG_READER_UNSCOPED_ACTIONS],
              resources: ['*'],
            }),
            new iam.PolicyStatement({
              sid: 'ReadThisOrganizationOnly',
              actions: [...ORG_READER_SCOPED_ACTIONS],
              resources: organizationResources,
            }),
            new iam.PolicyStatement({
              sid: 'ReadRegionsOfThisOrganization',
              actions: [...ORG_READER_ACCOUNT_ACTIONS],
              resources: [memberAccounts, ownAccount],
            }),
          ],
        }),
      },
    });
    this.roleArn = this.role.roleArn;

    acknowledgeWildcardResource(
      this.role,
      '*',
      `Only ${ORG_READER_UNSCOPED_ACTIONS.join(', ')}: read-only calls that define no resource type in the Service Authorization Reference, so IAM grants them only on *; they return the organization's own structure and nothing else.`,
    );
    const scopedReason =
      'The ids after the organization id (accounts, OUs, roots) are what the planner discovers, so they are a wildcard; the organization id is literal and the actions are read-only. The management account id is a wildcard because a delegated administrator cannot know it at synth time; the organization id is globally unique.';
    for (const resource of [...organizationResources, memberAccounts]) {
      acknowledgeWildcardResource(this.role, resource, scopedReason);
    }
  }
}
