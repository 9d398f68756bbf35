import type { KMSClient } from '@aws-sdk/client-kms';
import type { STSClient } from '@aws-sdk/client-sts';
import { assumeMemberRole } from './assume-member-role';
import type { CredentialsSettings } from './configuration';
import { credentialsEncryptionContext, encryptCredentials } from './encrypt-credentials';
import { assertWorkerAllowed, validateCredentialsEvent } from './event';
import type { RecipientLookup } from './recipient';
import { memberRoleArn, partitionOf } from './role-arn';
import { sessionName } from './session-name';
import type { CredentialsAnswer } from './types';

export interface CredentialsServices {
  readonly sts: STSClient;
  readonly kms: KMSClient;
  readonly recipientOf: RecipientLookup;
}

/**
 * One account's credentials: check the worker may be invoked, find the role that will
 * receive them, assume the member role once, and encrypt the session for that recipient.
 * The plaintext session never leaves this function.
 */
export async function issueCredentials(
  services: CredentialsServices,
  settings: CredentialsSettings,
  event: unknown,
): Promise<CredentialsAnswer> {
  const { Account: account, Context: context } = validateCredentialsEvent(event);
  assertWorkerAllowed(context, settings.workerPrefix);

  const recipient = await services.recipientOf(context.FunctionTarget);
  // The member role lives in the same partition as the orchestrator, which the worker's role reveals.
  const roleArn = memberRoleArn(partitionOf(recipient), account.AccountId, context.RoleName);
  const session = await assumeMemberRole(services.sts, {
    accountId: account.AccountId,
    roleArn,
    sessionName: sessionName(context.ExecutionName),
    durationSeconds: settings.durationSeconds,
    sessionPolicy: settings.sessionPolicy,
    externalId: settings.externalId,
  });
  if (!session.ok) return { Status: 'ASSUME_ROLE_FAILED', Error: session.error, Cause: session.cause };

  const encryptionContext = credentialsEncryptionContext(context.ExecutionId, account.AccountId, recipient);
  const credentials = await encryptCredentials(services.kms, settings.kmsKeyId, session.credentials, encryptionContext);
  return { Status: 'OK', Credentials: credentials };
}
