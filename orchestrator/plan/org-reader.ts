import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { PlanFailedError } from '../contract';
import { sessionName } from '../credentials/session-name';
import { callFailure } from './call-errors';

/** Temporary credentials, in the shape SDK clients take as `credentials`. */
export interface ReaderCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}

/** The shortest session STS grants; the Plan step finishes well within it. */
const SESSION_SECONDS = 900;

/** The account whose credentials read the organization: the org-reader role's, else the host's. */
export function callerAccount(orgReaderRoleArn: string | undefined, hostAccountId: string): string {
  return orgReaderRoleArn?.split(':')[4] || hostAccountId;
}

/**
 * One AssumeRole of the org-reader role for this plan. The session is named after the
 * execution so the management account's CloudTrail shows which run read the organization.
 */
export async function assumeOrgReader(sts: STSClient, roleArn: string, executionName: string): Promise<ReaderCredentials> {
  let answer;
  try {
    answer = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName(`Plan-${executionName}`), DurationSeconds: SESSION_SECONDS }),
    );
  } catch (err) {
    throw callFailure(
      err,
      `STS AssumeRole(${roleArn})`,
      "the Plan function's own role",
      `check that the org-reader role exists, that its trust policy allows the Plan function's role, and that ORG_READER_ROLE_ARN names it`,
    );
  }
  const c = answer.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
    throw new PlanFailedError(`STS AssumeRole(${roleArn}) answered without credentials; try the execution again`);
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}
