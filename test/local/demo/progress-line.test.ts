import { describe, expect, it } from 'vitest';
import { shortProgressLine } from '../../../local/demo/progress-line';

describe('shortProgressLine', () => {
  it('shortens the leading pipeline execution id and keeps the execution names after it whole', () => {
    // Prepare
    const line = 'StepEverywhere a6f1c59a-fb6d-4b04-905d-4350f1c147bf: Run-order-1/alerts Succeeded: Execution alerts-a6ba22c0-1111-4222-8333-444455556666 succeeded';

    // Act
    const short = shortProgressLine(line);

    // Assess
    expect(short).toBe('StepEverywhere a6f1c59a: Run-order-1/alerts Succeeded: Execution alerts-a6ba22c0-1111-4222-8333-444455556666 succeeded');
  });

  it('leaves a line without an execution id as it is', () => {
    // Act
    const short = shortProgressLine('StepEverywhere: rule X matched a push, but its target role may not start the pipeline');

    // Assess
    expect(short).toBe('StepEverywhere: rule X matched a push, but its target role may not start the pipeline');
  });
});
