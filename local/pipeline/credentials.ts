import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { accessDeniedMessage } from '../authorize/authorizer';
import { issueSession } from '../identity/sessions';
import { callerOfSession, RoleSessions, RoleUnusableError } from '../lambda/role-sessions';
import { findRoleByArn } from '../services/iam/roles';
import type { CallerIdentity, CloudContext } from '../services/service';
import { ActionFailure, type ActionIdentity, type AwsCredentials } from './actions/action';

/** Session names are 2 to 64 characters of `[\w+=,.@-]`. */
export function sessionNameOf(text: string): string {
  return text.replace(/[^\w+=,.@-]/g, '-').slice(0, 64).padEnd(2, '-');
}

/**
 * Assumes a role through the cloud's own STS, as the given credentials: the role's trust policy
 * and the caller's `sts:AssumeRole` permission (tags and conditions included) decide, as on AWS.
 */
export async function assumeRole(endpoint: string, region: string, as: AwsCredentials, roleArn: string, sessionName: string): Promise<ActionIdentity> {
  const sts = new STSClient({ endpoint, region, credentials: as, maxAttempts: 2 });
  const answer = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionNameOf(sessionName), DurationSeconds: 3600 }));
  const credentials = answer.Credentials;
  const user = answer.AssumedRoleUser;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !user?.Arn) throw new Error(`AssumeRole of ${roleArn} answered no credentials`);
  const accountId = roleArn.split(':')[4] ?? '';
  const caller: CallerIdentity = {
    accountId,
    principalArn: roleArn,
    arn: user.Arn,
    accessKeyId: credentials.AccessKeyId,
    ...(user.AssumedRoleId ? { userId: user.AssumedRoleId } : {}),
    ...(credentials.Expiration ? { expiration: credentials.Expiration.toISOString() } : {}),
  };
  return { credentials: { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}) }, caller };
}

/**
 * The identities a pipeline's actions run as: CodePipeline holds a session of the pipeline's role
 * (which must trust codepipeline.amazonaws.com) and, for an action naming its own RoleArn,
 * assumes that role as the pipeline's role.
 */
export class PipelineIdentities {
  private readonly pipelineSessions: RoleSessions;

  public constructor(
    cloud: CloudContext,
    private readonly endpoint: () => string,
  ) {
    this.pipelineSessions = new RoleSessions(cloud, 'codepipeline.amazonaws.com');
  }

  public async forAction(pipelineRoleArn: string, actionRoleArn: string | undefined, region: string, sessionName: string): Promise<ActionIdentity> {
    let pipeline: ActionIdentity;
    try {
      const session = await this.pipelineSessions.sessionFor(pipelineRoleArn, sessionName);
      pipeline = { credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken }, caller: callerOfSession(session) };
    } catch (error) {
      if (error instanceof RoleUnusableError) throw new ActionFailure('PermissionError', error.message);
      throw error;
    }
    if (actionRoleArn === undefined) return pipeline;
    try {
      return await assumeRole(this.endpoint(), region, pipeline.credentials, actionRoleArn, sessionName);
    } catch (error) {
      throw new ActionFailure('PermissionError', `The pipeline role ${pipelineRoleArn} could not assume the action role ${actionRoleArn}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export type { CallerIdentity };

/**
 * AssumeRole decided in process for the local cdk tools, with the role's tags under both
 * `aws:ResourceTag/<key>` and `iam:ResourceTag/<key>`: AWS evaluates either on sts:AssumeRole,
 * and CDK Pipelines' self-mutation role names the `iam:` form; the local STS offers only the
 * `aws:` form today. Trust policy and the caller's permission decide, as in STS.
 */
export async function assumeRoleForTool(cloud: CloudContext, caller: CallerIdentity, roleArn: string, sessionName: string): Promise<ActionIdentity> {
  const role = await findRoleByArn(cloud.store, roleArn);
  const denied = new Error(accessDeniedMessage(caller, 'sts:AssumeRole', roleArn));
  if (!role || role.arn !== roleArn) throw denied;
  const context: Record<string, string> = { 'sts:RoleSessionName': sessionNameOf(sessionName) };
  for (const tag of role.tags) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  }
  const decision = await cloud.authorize({ caller, action: 'sts:AssumeRole', resource: role.arn, resourceAccount: role.accountId, context, resourcePolicy: JSON.parse(role.assumeRolePolicyDocument) as Record<string, unknown> });
  if (!decision.allowed) throw denied;
  const session = await issueSession(cloud.store, {
    accountId: role.accountId,
    roleName: role.roleName,
    roleArn: role.arn,
    roleId: role.roleId,
    sessionName: sessionNameOf(sessionName),
    expiration: new Date(cloud.now().getTime() + 3600_000).toISOString(),
    chained: true,
  });
  return { credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken }, caller: callerOfSession(session) };
}
