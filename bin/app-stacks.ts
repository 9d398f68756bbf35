import { Aws, Validations, type App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MemberRoleTemplateStack, OrgReaderTemplateStack } from '../member-role';
import { ORCHESTRATOR_STACK_NAME, OrchestratorStack } from '../orchestrator';
import { PipelineSource, PipelineStack } from '../pipeline';
import { STACK_NAME_PREFIX } from '../orchestrator/contract';

/**
 * What CloudFormation may create with the member execution role: what the example templates
 * (templates/) need, SNS topics named with the stack prefix. Replace it with what your
 * templates create; the role can do nothing else.
 */
export function exampleTemplatePermissions(): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ExampleTemplatesTopics',
      actions: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource', 'sns:ListTagsForResource'],
      resources: [`arn:${Aws.PARTITION}:sns:*:${Aws.ACCOUNT_ID}:${STACK_NAME_PREFIX}*`],
    }),
  ];
}

/** Names of the stacks this app synthesizes. */
export const AppStacks = {
  ORCHESTRATOR: ORCHESTRATOR_STACK_NAME,
  MEMBER_ROLE: 'StepEverywhereMember',
  ORG_READER: 'StepEverywhereOrgReader',
  PIPELINE: 'StepEverywherePipeline',
} as const;

export interface AppOptions {
  /**
   * Where the pipeline reads `buildspec.yml` and `deployments/`.
   * @default the current working directory
   */
  readonly repositoryRoot?: string;
  /**
   * The pipeline stack's account and region.
   * @default CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION, as the CDK CLI sets them from the caller
   */
  readonly pipelineEnvironment?: { readonly account: string; readonly region: string };
}

/**
 * Every stack of the app, checked by cdk-nag AwsSolutions: the orchestrator for the hub
 * account, and the member-role and org-reader templates for the other accounts.
 */
export function defineStacks(app: App, options: AppOptions = {}): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  new OrchestratorStack(app, AppStacks.ORCHESTRATOR, {
    description: 'step-everywhere orchestrator: fans a worker out to every account and region of an organization',
  });
  new MemberRoleTemplateStack(app, AppStacks.MEMBER_ROLE, {
    description: 'step-everywhere member role: assumed only by the orchestrator, deploys only prefixed stacks',
    executionRolePolicyStatements: exampleTemplatePermissions(),
  });
  new OrgReaderTemplateStack(app, AppStacks.ORG_READER, {
    description: 'step-everywhere org reader: read-only Organizations and Account access for the planner',
  });
  // Only on request (-c pipeline=codecommit:<repository>, connection:..., local:<repository>):
  // the pipeline reads buildspec.yml and deployments/ at synth time.
  const pipeline: unknown = app.node.tryGetContext('pipeline');
  if (pipeline !== undefined) {
    new PipelineStack(app, AppStacks.PIPELINE, {
      description: 'step-everywhere pipeline: deploys the orchestrator and runs every deployment file',
      source: PipelineSource.fromContext(String(pipeline)),
      ...(options.repositoryRoot ? { repositoryRoot: options.repositoryRoot } : {}),
      env: options.pipelineEnvironment ?? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    });
  }
}
