import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OrgReaderRole, type OrgReaderRoleProps } from './org-reader-role';

export interface OrgReaderStackProps extends StackProps {
  /** The org-reader role's settings. */
  readonly orgReader: OrgReaderRoleProps;
}

/** The stack the management account (or a delegated administrator) deploys for the Plan step. */
export class OrgReaderStack extends Stack {
  public readonly orgReaderRole: OrgReaderRole;

  public constructor(scope: Construct, id: string, props: OrgReaderStackProps) {
    super(scope, id, props);
    this.orgReaderRole = new OrgReaderRole(this, 'OrgReader', props.orgReader);
    new CfnOutput(this, 'OrgReaderRoleArn', {
      value: this.orgReaderRole.roleArn,
      description: "Give this to the orchestrator as orgReaderRoleArn",
    });
  }
}
