import { createHash } from 'crypto';

/** Shown in the member account's CloudTrail, so its administrators can tell who came in. */
export const SESSION_NAME_PREFIX = 'StepEverywhere-';

/** STS rejects a RoleSessionName longer than this. */
export const MAX_SESSION_NAME_LENGTH = 64;

/** STS accepts only `[\w+=,.@-]` in a RoleSessionName. */
const DISALLOWED = /[^\w+=,.@-]/g;
const DIGEST_LENGTH = 8;

/**
 * The RoleSessionName for one execution: the prefix and the execution name, with any
 * character STS refuses replaced by `-`. Execution names run to 80 characters, so a
 * long one is cut; a digest of the whole name then ends the session name, because two
 * executions whose names share a long beginning must stay distinguishable in CloudTrail.
 */
export function sessionName(executionName: string): string {
  const full = SESSION_NAME_PREFIX + executionName.replace(DISALLOWED, '-');
  if (full.length <= MAX_SESSION_NAME_LENGTH) return full;
  const digest = createHash('sha256').update(executionName).digest('hex').slice(0, DIGEST_LENGTH);
  return `${full.slice(0, MAX_SESSION_NAME_LENGTH - DIGEST_LENGTH - 1)}-${digest}`;
}
