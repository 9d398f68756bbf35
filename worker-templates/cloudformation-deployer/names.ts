import { createHash } from 'crypto';

/** Who a name is for: the same target and step always get the same names. */
export interface NameScope {
  readonly executionId: string;
  readonly accountId: string;
  readonly region: string;
  /** Operations started so far for this target in this execution. */
  readonly step: number;
}

function digest(scope: NameScope, purpose: string): string {
  return createHash('sha256').update([scope.executionId, scope.accountId, scope.region, String(scope.step), purpose].join('\n')).digest('hex').slice(0, 32);
}

/**
 * A change set name derived from the execution, target and step: a Lambda retry of the same
 * invocation finds the change set it made instead of making a second one. CloudFormation
 * allows letters, digits and hyphens, starting with a letter, up to 128 characters.
 */
export function changeSetName(scope: NameScope): string {
  return `StepEverywhere-${digest(scope, 'change-set')}`;
}

/**
 * The ClientRequestToken of an operation: CloudFormation ignores a repeated request with the
 * same token, and tags the operation's stack events with it. Up to 128 of [a-zA-Z0-9-].
 */
export function requestToken(scope: NameScope, operation: string): string {
  return `se-${operation}-${digest(scope, operation)}`;
}

function partitionOf(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

/** The CloudFormation execution role in the member account, in the region's partition. */
export function executionRoleArn(accountId: string, region: string, roleName: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}
