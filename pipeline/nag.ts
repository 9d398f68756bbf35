import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import type { IConstruct } from 'constructs';
import { nagRef } from '../orchestrator/nag';
import type { PipelineArtifactsBucket } from './artifacts-bucket';

/** What the pipeline's acknowledgments must know to name each finding exactly. */
export interface PipelineFindingsScope {
  readonly artifacts: PipelineArtifactsBucket;
  readonly stateMachineName: string;
  readonly deploymentNames: readonly string[];
}

function wildcard(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
}

/** How cdk-nag prints the stack's region and account inside an ARN. */
function envText(stack: Stack): { region: string; account: string } {
  return {
    region: Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region,
    account: Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account,
  };
}

type Statement = { Action?: string | string[]; Resource?: unknown };

/**
 * CDK grants read/write on a bucket and use of its key with wildcard action groups
 * (`s3:GetObject*`, `kms:GenerateDataKey*`). Each policy whose wildcard statements touch only the
 * artifacts bucket or its key is acknowledged on that policy, so the same wildcards on any other
 * resource stay reported.
 */
function acknowledgeArtifactGrants(pipeline: pipelines.CodePipeline, artifacts: PipelineArtifactsBucket): void {
  const stack = Stack.of(pipeline);
  const own = new Set([artifacts.bucket.bucketArn, artifacts.bucket.arnForObjects('*'), artifacts.key.keyArn].map((arn) => JSON.stringify(stack.resolve(arn))));
  const objects = `${nagRef(artifacts.bucket, 'Arn')}/*`;
  for (const policy of pipeline.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy)) {
    const statements = (stack.resolve(policy.policyDocument) as { Statement?: Statement[] }).Statement ?? [];
    for (const statement of statements) {
      const resources = [statement.Resource].flat();
      if (resources.length === 0 || !resources.every((r) => own.has(JSON.stringify(r)))) continue;
      for (const action of [statement.Action ?? []].flat().filter((a) => a.endsWith('*'))) {
        wildcard(policy, `Action::${action}`, `CDK's grant on the pipeline's own artifacts bucket and its key only (${action} there): the pipeline's steps pass source and cloud assembly through it.`);
      }
      if (resources.some((r) => JSON.stringify(r).includes('/*'))) {
        wildcard(policy, `Resource::${objects}`, 'Objects of the pipeline artifacts bucket only: artifact keys are generated per execution, so they cannot be listed in advance.');
      }
    }
  }
}

/** The build-log and report-group grants CodeBuild gives each project, named after that project. */
function acknowledgeProjectGrants(project: IConstruct, role: IConstruct): void {
  const { region, account } = envText(Stack.of(project));
  const ref = nagRef(project);
  wildcard(role, `Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/${ref}:*`, "Log streams of this project's own log group: CodeBuild names one stream per build.");
  wildcard(role, `Resource::arn:<AWS::Partition>:codebuild:${region}:${account}:report-group/${ref}-*`, "Test report groups named after this project only (CodeBuild's default grant).");
}

/**
 * Acknowledges what cdk-nag AwsSolutions reports on a CDK Pipelines pipeline after the remedies it
 * allows (a rotated customer-managed key for artifacts and builds, access-logged artifacts bucket):
 * each acknowledgment names the exact finding and why it is as narrow as CDK Pipelines permits.
 */
export function acknowledgePipelineFindings(pipeline: pipelines.CodePipeline, scope: PipelineFindingsScope): void {
  const { region, account } = envText(Stack.of(pipeline));
  acknowledgeArtifactGrants(pipeline, scope.artifacts);

  for (const project of [pipeline.synthProject, pipeline.selfMutationProject]) {
    if (project.role) acknowledgeProjectGrants(project, project.role);
  }

  const selfMutationRole = pipeline.selfMutationProject.role;
  if (selfMutationRole) {
    wildcard(
      selfMutationRole,
      `Resource::arn:*:iam::${account}:role/*`,
      'cdk deploy of the pipeline stack assumes the CDK bootstrap roles; the statement is conditioned on iam:ResourceTag/aws-cdk:bootstrap-role (deploy, file-publishing, image-publishing), so no other role can be assumed.',
    );
    wildcard(
      selfMutationRole,
      'Resource::*',
      'cloudformation:DescribeStacks and s3:ListBucket only, read-only lookups cdk deploy makes to find the bootstrap stack and its bucket before assuming the bootstrap roles; every write goes through those roles.',
    );
  }

  // One role shared by every asset-publishing project, so its policy does not grow per asset.
  const assetRole = pipeline.node.tryFindChild('Assets')?.node.tryFindChild('FileRole');
  if (assetRole) {
    const reason =
      'CDK Pipelines shares one role across all asset-publishing projects so the policy does not grow with each asset; it is assumable only by this pipeline and those projects, and it can only run those builds and write their logs and reports in this account. Publishing itself goes through the bootstrap file-publishing role.';
    wildcard(assetRole, 'Resource::*', reason);
    wildcard(assetRole, `Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/*`, reason);
    wildcard(assetRole, `Resource::arn:<AWS::Partition>:codebuild:${region}:${account}:report-group/*`, reason);
  }

  for (const name of scope.deploymentNames) {
    wildcard(
      pipeline,
      `Resource::arn:<AWS::Partition>:states:${region}:${account}:execution:${scope.stateMachineName}:${name}*`,
      `DescribeExecution on the executions the "${name}" action starts: their names are the deployment name followed by an id CodePipeline generates.`,
    );
  }
}
