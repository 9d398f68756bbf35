import { Duration, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  ASSUMABLE_TAG_KEY,
  ASSUMABLE_TAG_VALUE,
  DEFAULT_EXECUTION_ROLE_NAME,
  DEFAULT_MEMBER_ROLE_NAME,
  STACK_NAME_PREFIX,
} from '../orchestrator/contract';
import { acknowledgeWildcardResource } from './nag';
import { CLOUDFORMATION_SERVICE, DEPLOYER_STACK_ACTIONS, UNSCOPED_CLOUDFORMATION_ACTIONS } from './permissions';
import { trustOnlyRole } from './trust';
import {
  checkMaxSessionDuration,
  checkOrganizationId,
  checkRoleArn,
  checkRoleName,
  checkStackNamePrefix,
} from './validate';

export interface MemberRoleProps {
  /**
   * ARN of the orchestrator's credentials role (`StepEverywhere.credentialsRole.roleArn`
   * in the hub account): the only principal that may assume the member role.
   */
  readonly credentialsRoleArn: string;

  /**
   * The organization the hub account belongs to, like `o-abc123def4`. The member role
   * trusts the credentials role only while its account is in this organization.
   */
  readonly organizationId: string;

  /**
   * Name of the member role; the orchestrator assumes it by this name in every account.
   * @default DEFAULT_MEMBER_ROLE_NAME ('StepEverywhereMember')
   */
  readonly roleName?: string;

  /**
   * Name of the role CloudFormation assumes to deploy the user's templates.
   * @default DEFAULT_EXECUTION_ROLE_NAME ('StepEverywhereCloudFormationExecution')
   */
  readonly executionRoleName?: string;

  /**
   * The member role may deploy, read and delete only the stacks whose names start with this.
   * @default STACK_NAME_PREFIX ('StepEverywhere-')
   */
  readonly stackNamePrefix?: string;

  /**
   * What CloudFormation may do, as the execution role, when it deploys the user's templates.
   * Grant exactly what those templates create, update and delete: the execution role
   * starts with no permission at all, so least privilege holds by construction and a
   * template that reaches further fails to deploy rather than succeeding quietly.
   * Wildcards here are reported by cdk-nag (AwsSolutions-IAM5) and must be acknowledged.
   * @default - none: CloudFormation can deploy nothing until permissions are granted
   */
  readonly executionRolePolicyStatements?: iam.PolicyStatement[];

  /**
   * Managed policies attached to the execution role, for what the templates need.
   * AWS managed policies are reported by cdk-nag (AwsSolutions-IAM4) and must be acknowledged.
   * @default - none
   */
  readonly executionRoleManagedPolicies?: iam.IManagedPolicy[];

  /**
   * Longest session of the member role. Sessions the orchestrator opens are role chaining,
   * which STS caps at one hour whatever this says.
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}

/**
 * The role every member account carries for step-everywhere, and the CloudFormation
 * execution role it may pass. The member role is tagged assumable, trusts only the
 * orchestrator's credentials role from within the organization, and may only run the
 * bundled workers: deploy and inspect the prefixed stacks, list stacks. It holds no IAM,
 * S3 or SNS permission; what the deployed templates may do is granted to the execution
 * role, and only CloudFormation may use that.
 *
 * IAM is global: deploy one instance per account (a single region of a StackSet).
 */
export class MemberRole extends Construct {
  /** The member role the orchestrator assumes. */
  public readonly role: iam.Role;
  public readonly roleArn: string;
  /** The role CloudFormation deploys the user's templates with. */
  public readonly executionRole: iam.Role;
  public readonly executionRoleArn: string;

  public constructor(scope: Construct, id: string, props: MemberRoleProps) {
    super(scope, id);
    const owner = 'MemberRole';
    checkRoleArn(owner, 'credentialsRoleArn', props.credentialsRoleArn);
    checkOrganizationId(owner, 'organizationId', props.organizationId);
    const roleName = props.roleName ?? DEFAULT_MEMBER_ROLE_NAME;
    const executionRoleName = props.executionRoleName ?? DEFAULT_EXECUTION_ROLE_NAME;
    const prefix = props.stackNamePrefix ?? STACK_NAME_PREFIX;
    const maxSessionDuration = props.maxSessionDuration ?? Duration.hours(1);
    checkRoleName(owner, 'roleName', roleName);
    checkRoleName(owner, 'executionRoleName', executionRoleName);
    checkStackNamePrefix(owner, 'stackNamePrefix', prefix);
    checkMaxSessionDuration(owner, 'maxSessionDuration', maxSessionDuration);
    if (roleName === executionRoleName) {
      throw new Error(`${owner}: roleName and executionRoleName are both "${roleName}"; give the two roles different names`);
    }

    const stack = Stack.of(this);
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      roleName: executionRoleName,
      description: `Role CloudFormation deploys ${prefix}* stacks with; its permissions are what the operator granted`,
      assumedBy: new iam.ServicePrincipal(CLOUDFORMATION_SERVICE).withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      managedPolicies: props.executionRoleManagedPolicies,
    });
    for (const statement of props.executionRolePolicyStatements ?? []) {
      this.executionRole.addToPrincipalPolicy(statement);
      // Resources named with the stack prefix are the templates' own; any other wildcard stays reported.
      for (const resource of statement.resources.filter((r) => r.endsWith(`:${prefix}*`))) {
        acknowledgeWildcardResource(this.executionRole, resource, `Only resources named with the stack prefix ${prefix}, which the deployed templates create`);
      }
    }
    this.executionRoleArn = this.executionRole.roleArn;

    const stackArn = (resource: string) =>
      stack.formatArn({ service: 'cloudformation', region: '*', resource, resourceName: `${prefix}*/*` });
    this.role = new iam.Role(this, 'Role', {
      roleName,
      description: `Assumed by the step-everywhere orchestrator to deploy and inspect ${prefix}* stacks`,
      assumedBy: trustOnlyRole(props.credentialsRoleArn, props.organizationId),
      maxSessionDuration,
      inlinePolicies: {
        Deployer: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'PrefixedStacksOnly',
              actions: [...DEPLOYER_STACK_ACTIONS],
              resources: [stackArn('stack'), stackArn('changeSet')],
            }),
            new iam.PolicyStatement({
              sid: 'ActionsWithoutResourceScope',
              actions: [...UNSCOPED_CLOUDFORMATION_ACTIONS],
              resources: ['*'],
            }),
            new iam.PolicyStatement({
              sid: 'PassExecutionRoleToCloudFormationOnly',
              actions: ['iam:PassRole'],
              resources: [this.executionRole.roleArn],
              conditions: { StringEquals: { 'iam:PassedToService': CLOUDFORMATION_SERVICE } },
            }),
          ],
        }),
      },
    });
    // Only this role carries the tag: the credentials role may assume nothing untagged.
    Tags.of(this.role).add(ASSUMABLE_TAG_KEY, ASSUMABLE_TAG_VALUE);
    this.roleArn = this.role.roleArn;

    this.acknowledgeWildcards(stackArn('stack'), stackArn('changeSet'), prefix);
  }

  private acknowledgeWildcards(stackPattern: string, changeSetPattern: string, prefix: string): void {
    const acknowledge = (resource: string, reason: string) => acknowledgeWildcardResource(this.role, resource, reason);
    const namesOnly = `Stack and change set ids are generated by CloudFormation, so the ARN ends in /*; the name part is the literal prefix ${prefix}, the account is this one, and the region is * because the orchestrator runs the deployer in every enabled region.`;
    acknowledge(stackPattern, namesOnly);
    acknowledge(changeSetPattern, namesOnly);
    acknowledge(
      '*',
      `Only ${UNSCOPED_CLOUDFORMATION_ACTIONS.join(' and ')}, which define no resource type in the Service Authorization Reference and are therefore only grantable on *: ListStacks returns stack names and statuses (the inventory worker's purpose), ValidateTemplate checks the template it is sent and reads nothing from the account.`,
    );
  }
}
