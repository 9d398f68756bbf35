import type { AccountItem, EncryptedCredentials, RunContext } from '../contract';

/** What the state machine gives the credentials function: one call per account. */
export interface CredentialsEvent {
  readonly Account: AccountItem;
  readonly Context: RunContext;
}

/**
 * The credentials function's answer. A role that cannot be assumed is the account's
 * outcome, not a failure of the function: every region of the account is recorded
 * ASSUME_ROLE_FAILED with this Error and Cause, and no worker runs there.
 */
export type CredentialsAnswer =
  | { readonly Status: 'OK'; readonly Credentials: EncryptedCredentials }
  | { readonly Status: 'ASSUME_ROLE_FAILED'; readonly Error: string; readonly Cause: string };

/** A member-account session as STS issues it. Never logged, never returned unencrypted. */
export interface SessionCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly Expiration: Date;
}
