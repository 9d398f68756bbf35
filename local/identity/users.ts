import type { PolicyDocument } from '../authorize/policy';

/**
 * Long-term keys the local cloud knows from its configuration: the operator who runs the demo
 * and any extra users a fixture wants (for example a caller with narrow permissions).
 */
export interface StaticUser {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  /** IAM user name; leave out for the account's root user. */
  readonly userName?: string;
  /** Grants every action on every resource, like the AdministratorAccess managed policy. */
  readonly administrator?: boolean;
  /** Identity policies of the user when it is not an administrator. */
  readonly policies?: readonly PolicyDocument[];
}

/** The hub (management) account of the local organization unless configured otherwise. */
export const DEFAULT_HUB_ACCOUNT_ID = '111111111111';

/**
 * The demo operator: an administrator IAM user of the hub account. These keys only ever open
 * the loopback endpoint of a local cloud; they are documented so `npm start` needs no setup.
 */
export const DEFAULT_OPERATOR: StaticUser = {
  accessKeyId: 'AKIASTEPEVERYWHLOCAL',
  secretAccessKey: 'step-everywhere-local-operator-secret-key',
  accountId: DEFAULT_HUB_ACCOUNT_ID,
  userName: 'operator',
  administrator: true,
};

export function userArn(user: StaticUser): string {
  return user.userName === undefined ? `arn:aws:iam::${user.accountId}:root` : `arn:aws:iam::${user.accountId}:user/${user.userName}`;
}

/** Checks a configured user so a typo fails at start-up, naming the field, not at the first request. */
export function checkStaticUser(user: StaticUser, where: string): void {
  if (!/^AKIA[A-Z0-9]{12,124}$/.test(user.accessKeyId)) {
    throw new Error(`${where}.accessKeyId "${user.accessKeyId}" must start with AKIA followed by 12 or more uppercase letters or digits`);
  }
  if (user.secretAccessKey.length < 16) {
    throw new Error(`${where}.secretAccessKey must be at least 16 characters`);
  }
  if (!/^\d{12}$/.test(user.accountId)) {
    throw new Error(`${where}.accountId "${user.accountId}" must be 12 digits`);
  }
  if (user.userName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(user.userName)) {
    throw new Error(`${where}.userName "${user.userName}" must be 1 to 64 characters of letters, digits and +=,.@_-`);
  }
}
