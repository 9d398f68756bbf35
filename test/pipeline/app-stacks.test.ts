import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { AppStacks, defineStacks } from '../../bin/app-stacks';

function stackIds(context: Record<string, unknown>): string[] {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  defineStacks(app);
  return app.node.children.map((c) => c.node.id);
}

describe('defineStacks and the pipeline context', () => {
  it('adds no pipeline stack without -c pipeline', () => {
    // Act
    const ids = stackIds({});

    // Assess
    expect(ids).not.toContain(AppStacks.PIPELINE);
  });

  it('adds the pipeline stack with -c pipeline=local:<repository>', () => {
    // Act
    const ids = stackIds({ pipeline: 'local:step-everywhere' });

    // Assess
    expect(ids).toEqual([AppStacks.ORCHESTRATOR, AppStacks.MEMBER_ROLE, AppStacks.ORG_READER, AppStacks.PIPELINE]);
  });

  it('refuses a pipeline context that names no source', () => {
    // Act / Assess
    expect(() => stackIds({ pipeline: 'true' })).toThrow(/context pipeline="true" is not a source; use -c pipeline=codecommit:<repository>/);
  });
});
