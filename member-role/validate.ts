import { Duration, Token } from 'aws-cdk-lib';

/**
 * Synth-time checks of the props of the roles in this folder. A value that is still a
 * token (a CloudFormation parameter, say) is only known at deploy time and is accepted
 * as is; everything literal is checked here, so a typo fails `cdk synth` with the prop's
 * name instead of producing a role nobody can assume.
 */

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso(-[a-z])?):iam::(\d{12}):role\/([\w+=,.@/-]{1,512})$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// A CloudFormation stack name starts with a letter and holds letters, digits and hyphens;
// anything else (a `*` above all) would widen the ARN pattern the deployer is scoped to.
const STACK_NAME_PREFIX = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Throws unless `value` is a role ARN like `arn:aws:iam::111111111111:role/Name`. */
export function checkRoleArn(owner: string, prop: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`${owner}: ${prop} is required: the ARN of the role that may assume this one, like arn:aws:iam::111111111111:role/Name`);
  }
  if (Token.isUnresolved(value)) return;
  if (!ROLE_ARN.test(value)) {
    throw new Error(
      `${owner}: ${prop} "${value}" is not an IAM role ARN; give the role's full ARN, like arn:aws:iam::111111111111:role/Name (not an assumed-role session, a user or an account)`,
    );
  }
}

/** Throws unless `value` is an organization id like `o-abc123def4`. */
export function checkOrganizationId(owner: string, prop: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`${owner}: ${prop} is required: the organization id, like o-abc123def4 (aws organizations describe-organization)`);
  }
  if (Token.isUnresolved(value)) return;
  if (!ORGANIZATION_ID.test(value)) {
    throw new Error(
      `${owner}: ${prop} "${value}" is not an organization id; use the id shown by aws organizations describe-organization, like o-abc123def4`,
    );
  }
}

/** Throws unless `value` is a valid IAM role name. */
export function checkRoleName(owner: string, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!ROLE_NAME.test(value)) {
    throw new Error(
      `${owner}: ${prop} "${value}" is not a valid IAM role name; use 1 to 64 letters, digits or +=,.@_-`,
    );
  }
}

/** Throws unless `value` is a literal stack name prefix with no wildcard. */
export function checkStackNamePrefix(owner: string, prop: string, value: string): void {
  if (Token.isUnresolved(value) || !STACK_NAME_PREFIX.test(value)) {
    throw new Error(
      `${owner}: ${prop} "${value}" is not a stack name prefix; use a literal that starts with a letter and holds only letters, digits and hyphens, like StepEverywhere-`,
    );
  }
}

/** Throws unless `value` is within what IAM accepts as a role's maximum session duration. */
export function checkMaxSessionDuration(owner: string, prop: string, value: Duration): void {
  const seconds = value.toSeconds();
  if (seconds < 3600 || seconds > 43200) {
    throw new Error(`${owner}: ${prop} must be between 1 hour and 12 hours (IAM's limits for a role), got ${seconds} s`);
  }
}
