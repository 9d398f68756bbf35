import { putParameter, getParameter } from '../services/ssm/parameters';
import { bucketsOf } from '../services/s3/buckets';
import { provisionRole } from '../services/iam/roles';
import type { CloudContext } from '../services/service';

export const DEFAULT_QUALIFIER = 'hnb659fds';
/** What `cdk bootstrap` writes today; synthesized templates require at least 6. */
export const BOOTSTRAP_VERSION = '30';

export interface BootstrapResult {
  readonly assetsBucket: string;
  readonly deployRoleArn: string;
  readonly cfnExecRoleArn: string;
  readonly filePublishingRoleArn: string;
  readonly lookupRoleArn: string;
}

/**
 * The resources of a CDK bootstrap (modern synthesizer, default qualifier) in one account and
 * region, as the pipeline's templates name them: the assets bucket, the deploy, file-publishing
 * and lookup roles (trusting the account, tagged `aws-cdk:bootstrap-role` so CDK Pipelines'
 * tag-conditioned AssumeRole finds them), the CloudFormation execution role (administrator, as
 * `cdk bootstrap` grants by default) and the version parameter. Idempotent.
 */
export async function bootstrapCdk(cloud: CloudContext, accountId: string, region: string, qualifier = DEFAULT_QUALIFIER): Promise<BootstrapResult> {
  const suffix = `${accountId}-${region}`;
  const assetsBucket = `cdk-${qualifier}-assets-${suffix}`;
  const roleArn = (kind: string) => `arn:aws:iam::${accountId}:role/cdk-${qualifier}-${kind}-role-${suffix}`;
  const now = cloud.now();
  await bucketsOf(cloud.store).update(assetsBucket, (current) => current ?? { name: assetsBucket, owner: accountId, region, creationDate: now.toISOString(), configs: {} });
  const trustAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] };
  const tag = (value: string) => [{ Key: 'aws-cdk:bootstrap-role', Value: value }];
  await provisionRole(cloud.store, accountId, {
    roleName: `cdk-${qualifier}-cfn-exec-role-${suffix}`,
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  }, now);
  await provisionRole(cloud.store, accountId, {
    roleName: `cdk-${qualifier}-deploy-role-${suffix}`,
    assumeRolePolicyDocument: trustAccount,
    tags: tag('deploy'),
    inlinePolicies: {
      default: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['cloudformation:*'], Resource: '*' },
          { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn('cfn-exec') },
          { Effect: 'Allow', Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], Resource: '*' },
          { Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: `arn:aws:ssm:${region}:${accountId}:parameter/cdk-bootstrap/${qualifier}/version` },
        ],
      },
    },
  }, now);
  await provisionRole(cloud.store, accountId, {
    roleName: `cdk-${qualifier}-file-publishing-role-${suffix}`,
    assumeRolePolicyDocument: trustAccount,
    tags: tag('file-publishing'),
    inlinePolicies: {
      default: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:PutObject*', 's3:Abort*', 's3:DeleteObject*'], Resource: [`arn:aws:s3:::${assetsBucket}`, `arn:aws:s3:::${assetsBucket}/*`] }],
      },
    },
  }, now);
  await provisionRole(cloud.store, accountId, {
    roleName: `cdk-${qualifier}-lookup-role-${suffix}`,
    assumeRolePolicyDocument: trustAccount,
    tags: tag('lookup'),
    inlinePolicies: { default: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['cloudformation:Describe*', 'cloudformation:Get*', 'ssm:GetParameter*', 's3:List*'], Resource: '*' }] } },
  }, now);
  const parameter = `/cdk-bootstrap/${qualifier}/version`;
  if (!(await getParameter(cloud.store, accountId, region, parameter))) await putParameter(cloud.store, accountId, region, { name: parameter, value: BOOTSTRAP_VERSION }, now);
  return { assetsBucket, deployRoleArn: roleArn('deploy'), cfnExecRoleArn: roleArn('cfn-exec'), filePublishingRoleArn: roleArn('file-publishing'), lookupRoleArn: roleArn('lookup') };
}
