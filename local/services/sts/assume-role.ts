import { accessDeniedMessage } from '../../authorize/authorizer';
import { parsePolicyDocument } from '../../authorize/policy';
import { AwsError } from '../../protocols/aws-error';
import { queryList } from '../../protocols/query';
import { assumedRoleArn, issueSession, type SessionRecord } from '../../identity/sessions';
import { findRoleByArn, parseRoleArn } from '../iam/roles';
import type { CallerIdentity, CloudContext } from '../service';

export interface AssumeRoleInput {
  readonly RoleArn?: unknown;
  readonly RoleSessionName?: unknown;
  readonly DurationSeconds?: unknown;
  readonly Policy?: unknown;
  readonly ExternalId?: unknown;
  readonly SourceIdentity?: unknown;
  readonly PolicyArns?: unknown;
  readonly Tags?: unknown;
  readonly TransitiveTagKeys?: unknown;
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** AWS's limit on a chained session (a role session assuming a role). */
const CHAINED_MAX_SECONDS = 3600;
const MIN_SECONDS = 900;
const DEFAULT_SECONDS = 3600;
const MAX_POLICY_CHARS = 2048;

/**
 * AssumeRole as STS decides it: the input is checked first (ValidationError names the field), then
 * the caller's identity policies must allow `sts:AssumeRole` on the role (with the role's tags as
 * `aws:ResourceTag/…`) and the role's trust policy must allow the caller, both in one evaluation.
 */
export async function assumeRole(cloud: CloudContext, caller: CallerIdentity, input: AssumeRoleInput, region: string): Promise<SessionRecord> {
  const roleArn = text(input.RoleArn, 'roleArn');
  const sessionName = text(input.RoleSessionName, 'roleSessionName');
  if (!SESSION_NAME.test(sessionName)) {
    throw validation(
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: ` +
        'Member must have length between 2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*',
    );
  }
  if (roleArn.length < 20 || roleArn.length > 2048) {
    throw validation(`1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048`);
  }
  unsupported(input.PolicyArns, 'PolicyArns', 'pass the session policy inline as Policy');
  unsupported(input.Tags, 'Tags', 'leave session tags out');
  unsupported(input.TransitiveTagKeys, 'TransitiveTagKeys', 'leave session tags out');
  const policyText = optionalText(input.Policy);
  if (policyText !== undefined) {
    if (policyText.length > MAX_POLICY_CHARS) {
      throw new AwsError('PackedPolicyTooLarge', `Policy is ${policyText.length} characters; the local cloud allows ${MAX_POLICY_CHARS}.`, 400);
    }
    parsePolicyDocument(policyText, 'session', 'Policy');
  }
  const externalId = optionalText(input.ExternalId);
  const chained = caller.arn.includes(':assumed-role/');
  const requested = durationOf(input.DurationSeconds);

  const denied = new AwsError('AccessDenied', accessDeniedMessage(caller, 'sts:AssumeRole', roleArn), 403);
  const role = parseRoleArn(roleArn) ? await findRoleByArn(cloud.store, roleArn) : undefined;
  // An unknown role is reported exactly like a refused one, so callers cannot probe for roles.
  if (!role || role.arn !== roleArn) throw denied;
  const context: Record<string, string | string[]> = { 'sts:RoleSessionName': sessionName };
  // AWS offers a role's tags under both keys; CDK's bootstrap roles are matched by the iam: form.
  for (const tag of role.tags) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  }
  if (externalId !== undefined) context['sts:ExternalId'] = externalId;
  const decision = await cloud.authorize({
    caller,
    action: 'sts:AssumeRole',
    resource: role.arn,
    resourceAccount: role.accountId,
    context,
    resourcePolicy: JSON.parse(role.assumeRolePolicyDocument) as Record<string, unknown>,
    region,
  });
  if (!decision.allowed) throw denied;

  const maximum = chained ? Math.min(CHAINED_MAX_SECONDS, role.maxSessionDuration) : role.maxSessionDuration;
  if (requested > maximum) {
    throw validation(
      chained
        ? `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`
        : `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
    );
  }
  const sourceIdentity = optionalText(input.SourceIdentity);
  return issueSession(cloud.store, {
    accountId: role.accountId,
    roleName: role.roleName,
    roleArn: role.arn,
    roleId: role.roleId,
    sessionName,
    expiration: new Date(cloud.now().getTime() + requested * 1000).toISOString(),
    chained,
    ...(policyText === undefined ? {} : { sessionPolicy: policyText }),
    ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
  });
}

export function assumeRoleOutput(session: SessionRecord): Record<string, unknown> {
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: new Date(session.expiration),
    },
    AssumedRoleUser: { AssumedRoleId: `${session.roleId}:${session.sessionName}`, Arn: assumedRoleArn(session) },
    PackedPolicySize: session.sessionPolicy === undefined ? undefined : Math.ceil((session.sessionPolicy.length * 100) / MAX_POLICY_CHARS),
    SourceIdentity: session.sourceIdentity,
  };
}

function durationOf(value: unknown): number {
  const raw = optionalText(value);
  if (raw === undefined) return DEFAULT_SECONDS;
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw) || seconds < MIN_SECONDS || seconds > 43200) {
    throw validation(
      `1 validation error detected: Value '${raw}' at 'durationSeconds' failed to satisfy constraint: Member must have value between ${MIN_SECONDS} and 43200`,
    );
  }
  return seconds;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw validation(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function unsupported(value: unknown, field: string, fix: string): void {
  if (queryList(value).length > 0 || (typeof value === 'string' && value !== '')) {
    throw validation(`${field} is not supported by the local cloud: ${fix}.`);
  }
}

function validation(message: string): AwsError {
  return new AwsError('ValidationError', message, 400);
}
