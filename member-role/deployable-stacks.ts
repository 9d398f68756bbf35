import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnOutput, CfnParameter, DefaultStackSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { MemberRole } from './member-role';
import { OrgReaderRole } from './org-reader-role';

/**
 * Member accounts are not CDK-bootstrapped (a StackSet or the CLI's bootstrap deploys these
 * plain templates), and the templates carry no assets, so they check no bootstrap version.
 */
const templateOnly = () => new DefaultStackSynthesizer({ generateBootstrapVersionRule: false });

/** Parameter names of the deployable member-account templates. */
export const MemberTemplateParameters = {
  CREDENTIALS_ROLE_ARN: 'CredentialsRoleArn',
  PLAN_ROLE_ARN: 'PlanRoleArn',
  ORGANIZATION_ID: 'OrganizationId',
} as const;

/**
 * The member role as one template for every account: the orchestrator's credentials role
 * and the organization id are parameters, so the same synthesized template deploys
 * everywhere (a StackSet, or the CLI's bootstrap).
 */
export interface MemberRoleTemplateStackProps extends StackProps {
  /**
   * What CloudFormation may do with the execution role when it deploys the prefixed stacks:
   * exactly what the platform team's templates create, nothing more.
   * @default none: the execution role can deploy nothing until granted
   */
  readonly executionRolePolicyStatements?: iam.PolicyStatement[];
}

export class MemberRoleTemplateStack extends Stack {
  public readonly memberRole: MemberRole;

  public constructor(scope: Construct, id: string, props: MemberRoleTemplateStackProps = {}) {
    super(scope, id, { synthesizer: templateOnly(), ...props });
    const credentialsRoleArn = new CfnParameter(this, MemberTemplateParameters.CREDENTIALS_ROLE_ARN, {
      description: "The orchestrator's credentials role (output CredentialsRoleArn of the orchestrator stack)",
    });
    const organizationId = new CfnParameter(this, MemberTemplateParameters.ORGANIZATION_ID, {
      description: 'The organization id, o-...',
      allowedPattern: '^o-[a-z0-9]{10,32}$',
    });
    this.memberRole = new MemberRole(this, 'MemberRole', {
      credentialsRoleArn: credentialsRoleArn.valueAsString,
      organizationId: organizationId.valueAsString,
      ...(props.executionRolePolicyStatements ? { executionRolePolicyStatements: props.executionRolePolicyStatements } : {}),
    });
    new CfnOutput(this, 'MemberRoleArn', { value: this.memberRole.roleArn });
  }
}

/** The org-reader role as one template for the management account (or delegated administrator). */
export class OrgReaderTemplateStack extends Stack {
  public readonly orgReaderRole: OrgReaderRole;

  public constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { synthesizer: templateOnly(), ...props });
    const planRoleArn = new CfnParameter(this, MemberTemplateParameters.PLAN_ROLE_ARN, {
      description: "The orchestrator's Plan role (output PlanRoleArn of the orchestrator stack)",
    });
    const organizationId = new CfnParameter(this, MemberTemplateParameters.ORGANIZATION_ID, {
      description: 'The organization id, o-...',
      allowedPattern: '^o-[a-z0-9]{10,32}$',
    });
    this.orgReaderRole = new OrgReaderRole(this, 'OrgReaderRole', {
      planRoleArn: planRoleArn.valueAsString,
      organizationId: organizationId.valueAsString,
    });
    new CfnOutput(this, 'OrgReaderRoleArn', { value: this.orgReaderRole.roleArn });
  }
}
