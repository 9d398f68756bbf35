import { AwsError } from '../protocols/aws-error';

/** CloudFormation's catch-all client error; its message is what operators read, so it names the culprit. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, 400);
}

/** `Template format error: …`, as CloudFormation prefixes structural problems. */
export function templateError(message: string): AwsError {
  return validationError(`Template format error: ${message}`);
}

export function stackNotFound(stackName: string): AwsError {
  return validationError(`Stack with id ${stackName} does not exist`);
}

/** A resource failure during an operation: its message becomes the ResourceStatusReason. */
export class ResourceFailure extends Error {
  public override readonly name = 'ResourceFailure';
}

/** The reason a provider's error gives in events: AWS codes first, as CloudFormation reports them. */
export function reasonOf(error: unknown): string {
  if (error instanceof AwsError) return `${error.message} (Service: local; Status Code: ${error.status}; Error Code: ${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
