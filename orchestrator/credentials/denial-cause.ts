import { ASSUMABLE_TAG_KEY, ASSUMABLE_TAG_VALUE } from '../contract';

/** Where the refused AssumeRole was headed, to name it in the cause. */
export interface AssumeTarget {
  readonly accountId: string;
  readonly roleArn: string;
  readonly region?: string;
}

/**
 * A cause an operator can act on: what STS said, then what to check for that refusal.
 * STS answers a missing role with AccessDenied too, so that cause lists every condition.
 */
export function denialCause(errorName: string, stsMessage: string, target: AssumeTarget): string {
  const said = stsMessage ? `STS said: ${stsMessage}. ` : '';
  const where = target.region ? ` in ${target.region}` : '';
  switch (errorName) {
    case 'AccessDenied':
    case 'AccessDeniedException':
    case 'NoSuchEntity':
    case 'NoSuchEntityException':
      return (
        `${said}Check that the role ${target.roleArn} exists in account ${target.accountId}, ` +
        `carries the tag ${ASSUMABLE_TAG_KEY}=${ASSUMABLE_TAG_VALUE}, and trusts the orchestrator's credentials role ` +
        '(deploy the member-role stack to that account to get all three).'
      );
    case 'InvalidClientTokenId':
    case 'RegionDisabledException':
      return (
        `${said}STS${where} does not accept this request: check that the region is enabled and STS is active there ` +
        `for account ${target.accountId} (IAM account settings, "Security Token Service (STS) regions").`
      );
    case 'MalformedPolicyDocument':
    case 'MalformedPolicyDocumentException':
    case 'PackedPolicyTooLarge':
    case 'PackedPolicyTooLargeException':
      return `${said}The session policy was refused: fix the sessionPolicy prop (SESSION_POLICY) of the orchestrator.`;
    default:
      return `${said}Assuming ${target.roleArn} in account ${target.accountId} was refused; the error name says why.`;
  }
}
