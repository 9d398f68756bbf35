import { PlanFailedError } from '../contract';
import { asServiceError, isRefusal } from '../credentials/sdk-errors';

/** Who reads the organization, for messages that say what to check. */
export function readerName(orgReaderRoleArn: string | undefined): string {
  return orgReaderRoleArn ? `the org-reader role ${orgReaderRoleArn}` : "the Plan function's own role";
}

export const ORGANIZATIONS_ACTIONS =
  'organizations:ListAccounts, ListRoots, ListOrganizationalUnitsForParent and ListAccountsForParent';

/**
 * Turns a refused call into a PlanFailedError that says what to check. Throttling, server
 * faults and network errors are returned unchanged: they are worth another attempt once
 * the SDK's own retries are spent, and the state machine's Retry gives it.
 */
export function callFailure(err: unknown, call: string, reader: string, advice: string): unknown {
  const { name, message } = asServiceError(err);
  if (name === 'AWSOrganizationsNotInUseException') {
    return new PlanFailedError(
      `${call}: the account of ${reader} is not in an organization (${name}); run the orchestrator in the management ` +
        `account or a delegated administrator account, or give it an org-reader role in the management account`,
    );
  }
  if (!isRefusal(err)) return err;
  return new PlanFailedError(`${call} was refused to ${reader} (${name}: ${message}); ${advice}`);
}

export function organizationsAdvice(reader: string): string {
  return (
    `check that ${reader} allows ${ORGANIZATIONS_ACTIONS}, and that its account is the organization's ` +
    `management account or a delegated administrator for AWS Organizations`
  );
}

export function accountApiAdvice(reader: string): string {
  return (
    `check that ${reader} allows account:ListRegions and that trusted access for AWS Account Management is enabled ` +
    `('aws organizations enable-aws-service-access --service-principal account.amazonaws.com')`
  );
}
