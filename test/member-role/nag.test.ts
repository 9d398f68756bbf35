import { App, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { MemberRoleStack, OrgReaderStack } from '../../member-role';
import { CREDENTIALS_ROLE_ARN, ORG_ID, PLAN_ROLE_ARN, synthMember, synthOrgReader } from './synth';

/**
 * cdk-nag 3 is a policy-validation plugin: findings are not annotations any more, they are
 * the plugin's violations (and fail `app.synth()`). `validateScope` returns them all,
 * errors and warnings alike, with acknowledged ones left out.
 */
function findings(app: App): string[] {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

/** Every acknowledgment in the tree, as rule id → reason. */
function acknowledgments(root: IConstruct): Record<string, string> {
  const found: Record<string, string> = {};
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found[`${node.node.path} ${id.replace(/^annotation::/i, '')}`] = reason;
      }
    }
  }
  return found;
}

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['member stack with defaults', () => synthMember().stack],
    ['member stack with other names and prefix', () => synthMember({ roleName: 'TeamMember', executionRoleName: 'TeamExecution', stackNamePrefix: 'Team-' }).stack],
    ['org-reader stack', () => synthOrgReader().stack],
  ])('finds no unacknowledged error or warning in the %s', (_name, build) => {
    // Prepare
    const app = build().node.root as App;

    // Act
    const found = findings(app);

    // Assess
    expect(found).toEqual([]);
  });

  it('lets synthesis succeed with the checks registered on the app', () => {
    // Prepare
    const app = new App();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new MemberRoleStack(app, 'Member', { memberRole: { credentialsRoleArn: CREDENTIALS_ROLE_ARN, organizationId: ORG_ID } });
    new OrgReaderStack(app, 'OrgReader', { orgReader: { planRoleArn: PLAN_ROLE_ARN, organizationId: ORG_ID } });

    // Act / Assess
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synthesis when the operator grants the execution role a wildcard without acknowledging it', () => {
    // Prepare
    const app = new App();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    new MemberRoleStack(app, 'Member', {
      memberRole: {
        credentialsRoleArn: CREDENTIALS_ROLE_ARN,
        organizationId: ORG_ID,
        executionRolePolicyStatements: [new iam.PolicyStatement({ actions: ['sqs:*'], resources: ['*'] })],
      },
    });

    // Act / Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5/);
  });

  it("reports a wildcard the operator grants the execution role: the member role's acknowledgments do not cover it", () => {
    // Prepare
    const granted = new iam.PolicyStatement({ actions: ['sqs:CreateQueue'], resources: ['*'] });
    const { stack } = synthMember({ executionRolePolicyStatements: [granted] });

    // Act
    const found = findings(stack.node.root as App);

    // Assess
    expect(found).toEqual([expect.stringMatching(/^error AwsSolutions-IAM5\[Resource::\*\] at .*ExecutionRole/)]);
  });

  it('acknowledges only wildcard-resource findings, each on the role it concerns, each with a reason', () => {
    // Prepare
    const member = synthMember().stack;
    const reader = synthOrgReader().stack;

    // Act
    const acks = { ...acknowledgments(member), ...acknowledgments(reader) };

    // Assess
    expect(Object.keys(acks).sort()).toEqual([
      'StepEverywhereMember/MemberRole/Role AwsSolutions-IAM5[Resource::*]',
      'StepEverywhereMember/MemberRole/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:*:<AWS::AccountId>:changeSet/StepEverywhere-*/*]',
      'StepEverywhereMember/MemberRole/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:*:<AWS::AccountId>:stack/StepEverywhere-*/*]',
      'StepEverywhereOrgReader/OrgReader/Role AwsSolutions-IAM5[Resource::*]',
      'StepEverywhereOrgReader/OrgReader/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:account::*:account/o-abc123def4/*]',
      'StepEverywhereOrgReader/OrgReader/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:account/o-abc123def4/*]',
      'StepEverywhereOrgReader/OrgReader/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:ou/o-abc123def4/*]',
      'StepEverywhereOrgReader/OrgReader/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:root/o-abc123def4/*]',
    ]);
    for (const reason of Object.values(acks)) expect(reason.length).toBeGreaterThan(100);
  });
});
