import { said } from './errors';

/**
 * The words that end a failure's cause: what to do next, so whoever reads the summary email
 * can act on it without opening the console first.
 */

/** What to do after an operation that failed, by the status it left the stack in. */
export const AFTER_FAILURE: Record<string, string> = {
  ROLLBACK_COMPLETE: ' — the next run deletes the stack and creates it again',
  CREATE_FAILED: ' — the next run deletes the stack and creates it again',
  UPDATE_ROLLBACK_COMPLETE: ' — the stack is back as it was: fix the template, the parameters or what the execution role may create, then run again',
  UPDATE_FAILED: ' — fix the template, the parameters or what the execution role may create, then run again',
};

/** CloudFormation's code is ChangeSetNotFound; the SDK names its class ChangeSetNotFoundException. */
export function isMissingChangeSet(error: unknown): boolean {
  const { name, message } = said(error);
  // Asked of a stack that does not exist, CloudFormation may answer with a ValidationError instead.
  return name === 'ChangeSetNotFoundException' || name === 'ChangeSetNotFound' || (name === 'ValidationError' && /does not exist/.test(message));
}

/** What to do about a change set CloudFormation refused, from its words. */
export function refusalAdvice(message: string, roleName: string, accountId: string): string {
  if (/[Cc]apabilit/.test(message)) return ' — add the capability it names to Capabilities (CAPABILITY_IAM, CAPABILITY_NAMED_IAM or CAPABILITY_AUTO_EXPAND)';
  if (/[Rr]ole/.test(message)) return ` — the execution role ${roleName} must exist in ${accountId} (step-everywhere bootstrap deploys it)`;
  return ' — fix the template or the parameters, then run again';
}
