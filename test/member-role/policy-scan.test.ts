import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { synthMember, synthOrgReader, type TemplateJson } from './synth';

interface Statement {
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly NotAction?: unknown;
  readonly NotResource?: unknown;
}

/** Every Allow statement of every identity policy in the template, wherever CDK put it. */
function allowStatements(json: TemplateJson): Statement[] {
  const documents: Array<{ Statement: Statement[] }> = [];
  for (const resource of Object.values(json.Resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      for (const p of (props.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }> | undefined) ?? []) {
        documents.push(p.PolicyDocument);
      }
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      documents.push(props.PolicyDocument as { Statement: Statement[] });
    }
  }
  return documents.flatMap((d) => d.Statement).filter((s) => s.Effect === 'Allow');
}

/** The reasons a statement breaks the member-account rules: no wildcard actions, no S3, no SNS, no IAM but PassRole. */
function violations(statement: Statement): string[] {
  const found: string[] = [];
  if (statement.NotAction !== undefined) found.push('NotAction grants everything not listed');
  if (statement.NotResource !== undefined) found.push('NotResource grants everything not listed');
  const actions = statement.Action === undefined ? [] : ([] as string[]).concat(statement.Action);
  for (const action of actions) {
    const service = action.split(':')[0].toLowerCase();
    if (action.includes('*')) found.push(`wildcard action ${action}`);
    if (service === 's3' || service === 'sns') found.push(`${service} action ${action}`);
    if (service === 'iam' && action.toLowerCase() !== 'iam:passrole') found.push(`IAM action ${action}`);
  }
  return found;
}

describe('every policy the stacks grant', () => {
  it.each([
    ['member', () => synthMember().json, 3],
    ['org reader', () => synthOrgReader().json, 3],
  ])('the %s stack grants no wildcard action, no S3, no SNS and no IAM write', (_name, synth, expectedStatements) => {
    // Prepare
    const statements = allowStatements(synth());

    // Act
    const found = statements.flatMap(violations);

    // Assess
    expect(statements).toHaveLength(expectedStatements);
    expect(found).toEqual([]);
  });

  it('the scan reports *, s3:*, sns:Publish and iam:CreateRole when an operator grants them to the execution role', () => {
    // Prepare
    const granted = new iam.PolicyStatement({ actions: ['*', 's3:*', 'sns:Publish', 'iam:CreateRole'], resources: ['*'] });

    // Act
    const found = allowStatements(synthMember({ executionRolePolicyStatements: [granted] }).json).flatMap(violations);

    // Assess
    expect(found).toEqual(['wildcard action *', 'wildcard action s3:*', 's3 action s3:*', 'sns action sns:Publish', 'IAM action iam:CreateRole']);
  });

  it('the scan reports *:* and NotAction, which CDK would not even render', () => {
    // Prepare
    const statements: Statement[] = [
      { Effect: 'Allow', Action: '*:*' },
      { Effect: 'Allow', NotAction: 'cloudformation:ListStacks' },
    ];

    // Act
    const found = statements.flatMap(violations);

    // Assess
    expect(found).toEqual(['wildcard action *:*', 'NotAction grants everything not listed']);
  });
});
