import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one `AwsSolutions-IAM5` wildcard-resource finding on `scope`. cdk-nag 3
 * matches a finding by its exact text, in which CloudFormation references are printed as
 * `<Ref>` / `<LogicalId.Attr>`; the text is derived here from the very value granted, so
 * the acknowledgment follows a changed prefix or account instead of going stale (a stale
 * one would leave the finding reported and fail synthesis).
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const text = nagText(Stack.of(scope).resolve(resource));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${text}]`, reason });
}

/** A resolved CloudFormation value flattened the way cdk-nag prints it in a finding. */
export function nagText(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const node = value as Record<string, unknown>;
  if (node['Fn::Join']) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(nagText).join(separator);
  }
  if (node['Fn::Sub']) return nagText(node['Fn::Sub']);
  if (node['Fn::GetAtt']) {
    const [id, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
    return `<${nagText(id)}.${nagText(attribute)}>`;
  }
  if (node['Fn::ImportValue']) return nagText(node['Fn::ImportValue']);
  if (node.Ref) return `<${nagText(node.Ref)}>`;
  return JSON.stringify(value);
}
