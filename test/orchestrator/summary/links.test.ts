import { describe, expect, it } from 'vitest';
import { executionConsoleUrl } from '../../../orchestrator/summary/links';

describe('executionConsoleUrl', () => {
  it('links the execution in the region of its ARN', () => {
    // Prepare
    const arn = 'arn:aws:states:eu-west-1:111111111111:execution:StepEverywhere:exec-1';

    // Act
    const url = executionConsoleUrl(arn);

    // Assess
    expect(url).toBe(`https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${arn}`);
  });

  it('uses the console of the partition', () => {
    // Prepare
    const arn = 'arn:aws-cn:states:cn-north-1:111111111111:execution:StepEverywhere:exec-1';

    // Act
    const url = executionConsoleUrl(arn);

    // Assess
    expect(url).toMatch(/^https:\/\/cn-north-1\.console\.amazonaws\.cn\//);
  });

  it('answers undefined for an id that is not an execution ARN', () => {
    // Prepare
    const id = 'exec-1';

    // Act
    const url = executionConsoleUrl(id);

    // Assess
    expect(url).toBeUndefined();
  });
});
