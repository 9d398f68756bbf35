import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { PipelineSource } from '../../pipeline';

const CONNECTION = 'arn:aws:codeconnections:us-east-1:111111111111:connection/0f1e2d3c-aaaa-bbbb-cccc-123456789012';

describe('PipelineSource', () => {
  it('reads codecommit:<repository> with the main branch', () => {
    // Act
    const source = PipelineSource.fromContext('codecommit:step-everywhere');

    // Assess
    expect([source.branch, source.context]).toEqual(['main', 'codecommit:step-everywhere@main']);
  });

  it('reads local:<repository> as the same CodeCommit source', () => {
    // Act
    const source = PipelineSource.fromContext('local:step-everywhere@release');

    // Assess
    expect(source.context).toBe('codecommit:step-everywhere@release');
  });

  it('reads connection:<arn>|<owner/repository>@<branch>', () => {
    // Act
    const source = PipelineSource.fromContext(`connection:${CONNECTION}|platform/step-everywhere@prod`);

    // Assess
    expect(source.context).toBe(`connection:${CONNECTION}|platform/step-everywhere@prod`);
  });

  it('gives its own context back: fromContext(source.context) is the same source', () => {
    // Prepare
    const source = PipelineSource.connection(CONNECTION, 'platform/step-everywhere', 'main');

    // Act
    const again = PipelineSource.fromContext(source.context);

    // Assess
    expect(again.context).toBe(source.context);
  });

  it('produces a CodeCommit input named after the repository', () => {
    // Prepare
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });

    // Act
    const producer = PipelineSource.codeCommit('step-everywhere').produce(stack);

    // Assess
    expect(producer.primaryOutput?.producer.id).toBe('step-everywhere');
  });

  it('refuses a context that names no source, giving both forms', () => {
    // Act / Assess
    expect(() => PipelineSource.fromContext('github:me/repo')).toThrow(
      'context pipeline="github:me/repo" is not a source; use -c pipeline=codecommit:<repository>[@branch] or -c pipeline=connection:<connection-arn>|<owner/repository>[@branch]',
    );
  });

  it('refuses codecommit: with no repository', () => {
    // Act / Assess
    expect(() => PipelineSource.fromContext('codecommit:')).toThrow(/is not a source; use -c pipeline=codecommit:<repository>/);
  });

  it('refuses a repository name CodeCommit would refuse', () => {
    // Act / Assess
    expect(() => PipelineSource.codeCommit('my repo')).toThrow(/"my repo" is not a CodeCommit repository name; use letters, digits/);
  });

  it('refuses an empty branch', () => {
    // Act / Assess
    expect(() => PipelineSource.fromContext('codecommit:step-everywhere@')).toThrow(/branch "" is not a git branch name; give e.g. "main"/);
  });

  it('refuses a connection ARN that is not one', () => {
    // Act / Assess
    expect(() => PipelineSource.connection('arn:aws:iam::111111111111:role/x', 'platform/step-everywhere')).toThrow(
      /"arn:aws:iam::111111111111:role\/x" is not a connection ARN; give arn:aws:codeconnections:<region>:<account>:connection\/<id>/,
    );
  });

  it('refuses a connection repository that is not owner/repository', () => {
    // Act / Assess
    expect(() => PipelineSource.connection(CONNECTION, 'step-everywhere')).toThrow(/"step-everywhere" is not owner\/repository; give e.g. "platform\/step-everywhere"/);
  });
});
