import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 acknowledges each wildcard finding by its exact text, in which CloudFormation
 * references appear as `<LogicalId.Attr>`. These helpers build that text from constructs,
 * so an acknowledgment follows a renamed construct instead of silently going stale.
 */
export function nagRef(construct: IConstruct, attribute?: string): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  const id = Stack.of(construct).getLogicalId(element);
  return attribute ? `<${id}.${attribute}>` : `<${id}>`;
}

/** Acknowledges one `AwsSolutions-IAM5` wildcard finding on `scope`, with the reason a reviewer reads. */
export function acknowledgeWildcard(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
}
