import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { MemberRole, type MemberRoleProps } from './member-role';

export interface MemberRoleStackProps extends StackProps {
  /** The member role's settings. */
  readonly memberRole: MemberRoleProps;
}

/**
 * The stack every member account deploys (once per account: IAM is global), for example
 * as one region of a StackSet over the organization.
 */
export class MemberRoleStack extends Stack {
  public readonly memberRole: MemberRole;

  public constructor(scope: Construct, id: string, props: MemberRoleStackProps) {
    super(scope, id, props);
    this.memberRole = new MemberRole(this, 'MemberRole', props.memberRole);
    new CfnOutput(this, 'MemberRoleArn', { value: this.memberRole.roleArn, description: 'The role the orchestrator assumes' });
    new CfnOutput(this, 'ExecutionRoleArn', {
      value: this.memberRole.executionRoleArn,
      description: 'The role CloudFormation deploys the prefixed stacks with',
    });
  }
}
