import { InvalidInputError } from '../contract';

const SEGMENT = /^[\w+=,.@-]+$/;
const MAX_ROLE_NAME_LENGTH = 64;
const MAX_PATH_LENGTH = 512;

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`, …). */
export function partitionOf(arn: string): string {
  const [prefix, partition] = arn.split(':');
  if (prefix !== 'arn' || !partition) throw new Error(`not an ARN: "${arn}"`);
  return partition;
}

/**
 * The member role's ARN. A role name may carry its IAM path (`path/Name`, with or without
 * the surrounding slashes), because roles created under a path need it in their ARN.
 */
export function memberRoleArn(partition: string, accountId: string, roleName: string): string {
  const segments = roleName.replace(/^\/+|\/+$/g, '').split('/');
  const name = segments[segments.length - 1];
  if (!segments.every((segment) => SEGMENT.test(segment))) {
    throw new InvalidInputError(
      'RoleName',
      `"${roleName}" is not an IAM role name: use letters, digits and +=,.@-_, optionally after a path such as "team/${name || 'RoleName'}"`,
    );
  }
  if (name.length > MAX_ROLE_NAME_LENGTH || roleName.length > MAX_PATH_LENGTH) {
    throw new InvalidInputError(
      'RoleName',
      `"${roleName}" is too long: IAM role names have at most ${MAX_ROLE_NAME_LENGTH} characters and paths ${MAX_PATH_LENGTH}`,
    );
  }
  return `arn:${partition}:iam::${accountId}:role/${segments.join('/')}`;
}
