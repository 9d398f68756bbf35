import type { ResourceProvider } from '../provider';
import { cdkMetadataProvider } from './cdk-metadata';
import { codeBuildProjectProvider } from './codebuild-project';
import { codeCommitRepositoryProvider } from './codecommit-repository';
import { codePipelineProvider } from './codepipeline-pipeline';
import { eventsRuleProvider } from './events-rule';
import { iamManagedPolicyProvider } from './iam-managed-policy';
import { iamPolicyProvider } from './iam-policy';
import { iamRoleProvider } from './iam-role';
import { kmsAliasProvider } from './kms-alias';
import { kmsKeyProvider } from './kms-key';
import { lambdaFunctionProvider } from './lambda-function';
import { lambdaPermissionProvider } from './lambda-permission';
import { logGroupProvider } from './logs-log-group';
import { s3BucketPolicyProvider } from './s3-bucket-policy';
import { s3BucketProvider } from './s3-bucket';
import { snsSubscriptionProvider } from './sns-subscription';
import { snsTopicPolicyProvider } from './sns-topic-policy';
import { snsTopicProvider } from './sns-topic';
import { stateMachineProvider } from './stepfunctions-state-machine';

/** Every resource type the local CloudFormation provisions. */
export function defaultProviders(): ResourceProvider[] {
  return [
    cdkMetadataProvider,
    iamRoleProvider,
    iamPolicyProvider,
    iamManagedPolicyProvider,
    kmsKeyProvider,
    kmsAliasProvider,
    s3BucketProvider,
    s3BucketPolicyProvider,
    snsTopicProvider,
    snsTopicPolicyProvider,
    snsSubscriptionProvider,
    lambdaFunctionProvider,
    lambdaPermissionProvider,
    stateMachineProvider,
    logGroupProvider,
    codeCommitRepositoryProvider,
    codeBuildProjectProvider,
    codePipelineProvider,
    eventsRuleProvider,
  ];
}
