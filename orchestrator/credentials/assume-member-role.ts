import { AssumeRoleCommand, type STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { denialCause } from './denial-cause';
import { asServiceError, isRefusal } from './sdk-errors';
import type { SessionCredentials } from './types';

/**
 * STS settings for a fan-out: hundreds of accounts assume roles at once, so throttling is
 * expected; adaptive mode slows this container down instead of failing, and eight
 * attempts ride out a burst before the state machine's own Retry is needed.
 */
export function stsClientConfig(): STSClientConfig {
  return { retryMode: 'adaptive', maxAttempts: 8 };
}

export interface AssumeMemberRoleRequest {
  readonly accountId: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  readonly sessionPolicy?: string;
  readonly externalId?: string;
}

export type AssumeMemberRoleResult =
  | { readonly ok: true; readonly credentials: SessionCredentials }
  | { readonly ok: false; readonly error: string; readonly cause: string };

/**
 * One AssumeRole for the account. A refusal is returned as the account's outcome;
 * anything transient is thrown, to be retried.
 */
export async function assumeMemberRole(sts: STSClient, request: AssumeMemberRoleRequest): Promise<AssumeMemberRoleResult> {
  let answer;
  try {
    answer = await sts.send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: request.durationSeconds,
        ...(request.sessionPolicy ? { Policy: request.sessionPolicy } : {}),
        ...(request.externalId ? { ExternalId: request.externalId } : {}),
      }),
    );
  } catch (err) {
    if (!isRefusal(err)) throw err;
    const { name, message } = asServiceError(err);
    const region = await sts.config.region().catch(() => undefined);
    return { ok: false, error: name, cause: denialCause(name, message, { ...request, region }) };
  }
  const issued = answer.Credentials;
  if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken || !issued.Expiration) {
    // Not a refusal: STS answered without a session, which a retry may not repeat.
    throw new Error(`STS AssumeRole on ${request.roleArn} answered without complete credentials`);
  }
  return {
    ok: true,
    credentials: {
      AccessKeyId: issued.AccessKeyId,
      SecretAccessKey: issued.SecretAccessKey,
      SessionToken: issued.SessionToken,
      Expiration: issued.Expiration,
    },
  };
}
