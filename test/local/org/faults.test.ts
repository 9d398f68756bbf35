import { describe, expect, it } from 'vitest';
import { createFaultInjector, createFaults } from '../../../local/org/faults';

describe('createFaults', () => {
  it('throttles the first N matching calls, then lets calls through', () => {
    // Prepare
    const faults = createFaults([{ account: '222222222222', service: 'lambda', action: 'Invoke', throttle: 2 }]);

    // Act
    const decisions = [1, 2, 3].map(() => faults('lambda', 'Invoke', '222222222222', 'us-east-1'));

    // Assess
    expect(decisions.map((decision) => decision.failure?.kind)).toEqual(['throttle', 'throttle', undefined]);
  });

  it('does not count calls the rule does not match', () => {
    // Prepare
    const faults = createFaults([{ account: '222222222222', region: 'eu-west-1', throttle: 1 }]);

    // Act
    const other = faults('lambda', 'Invoke', '222222222222', 'us-east-1');
    const first = faults('lambda', 'Invoke', '222222222222', 'eu-west-1');

    // Assess
    expect(other).toEqual({ latencyMs: 0 });
    expect(first.failure).toEqual({ kind: 'throttle' });
  });

  it('keeps a count per rule', () => {
    // Prepare
    const faults = createFaults([
      { service: 'sts', throttle: 1 },
      { service: 'lambda', throttle: 1 },
    ]);

    // Act
    const sts = [faults('sts', 'AssumeRole', '1', 'r'), faults('sts', 'AssumeRole', '1', 'r')];
    const lambda = faults('lambda', 'Invoke', '1', 'r');

    // Assess
    expect(sts.map((d) => d.rule)).toEqual([0, undefined]);
    expect(lambda.rule).toBe(1);
  });

  it('fails every match with a configured error when no throttle count is given', () => {
    // Prepare
    const error = { code: 'ServiceUnavailable', message: 'down for the demo', status: 503 };
    const faults = createFaults([{ service: 'lambda', error }]);

    // Act
    const decisions = [1, 2, 3].map(() => faults('lambda', 'Invoke', '1', 'r'));

    // Assess
    for (const decision of decisions) expect(decision.failure).toEqual({ kind: 'error', ...error });
  });

  it('fails only the first N calls with the error when both are given, and adds up latency', () => {
    // Prepare
    const error = { code: 'InternalFailure', message: 'flaky', status: 500 };
    const faults = createFaults([{ service: 'lambda', throttle: 1, error }, { latencyMs: 25 }, { service: 'lambda', latencyMs: 5 }]);

    // Act
    const first = faults('lambda', 'Invoke', '1', 'r');
    const second = faults('lambda', 'Invoke', '1', 'r');

    // Assess
    expect(first).toEqual({ latencyMs: 30, failure: { kind: 'error', ...error }, rule: 0 });
    expect(second).toEqual({ latencyMs: 30 });
  });
});

describe('createFaultInjector', () => {
  it('waits the latency, then answers the failure in the server hook shape', async () => {
    // Prepare
    const slept: number[] = [];
    const inject = createFaultInjector([{ service: 'sts', throttle: 1, latencyMs: 7 }], async (ms) => {
      slept.push(ms);
    });

    // Act
    const first = await inject('sts', 'AssumeRole', '1', 'r');
    const second = await inject('sts', 'AssumeRole', '1', 'r');

    // Assess
    expect(first).toEqual({ throttle: true });
    expect(second).toBeUndefined();
    expect(slept).toEqual([7, 7]);
  });

  it('answers a configured error with its code, message and status', async () => {
    // Prepare
    const error = { code: 'ServiceUnavailable', message: 'down', status: 503 };
    const inject = createFaultInjector([{ error }]);

    // Act
    const fault = await inject('s3', 'PutObject', '1', 'r');

    // Assess
    expect(fault).toEqual({ error });
  });
});
