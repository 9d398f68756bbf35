import { describe, expect, it } from 'vitest';
import { createFaultInjector, createFaults, FaultRules } from '../../../local/org/faults';
import type { FaultRule } from '../../../local/org/model';

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

describe('FaultRules', () => {
  it('adds and removes call rules while running: a removed rule no longer fails calls', () => {
    // Prepare
    const rules = new FaultRules();
    const id = rules.add({ service: 'lambda', error: { code: 'ServiceUnavailable', message: 'down', status: 503 } });
    const before = rules.callFault('lambda', 'Invoke', '1', 'r');

    // Act
    const removed = rules.remove(id);
    const after = rules.callFault('lambda', 'Invoke', '1', 'r');

    // Assess
    expect(before.failure).toMatchObject({ kind: 'error', code: 'ServiceUnavailable' });
    expect(removed).toBe(true);
    expect(after).toEqual({ latencyMs: 0 });
    expect(rules.remove(id)).toBe(false);
  });

  it('keeps resource rules away from API calls and call rules away from resources', () => {
    // Prepare
    const rules = new FaultRules([
      { stack: '*', error: { message: 'resource only' } },
      { service: 'cloudformation', action: 'CreateStack', error: { code: 'Throttling', message: 'call only', status: 400 } },
    ]);

    // Act
    const call = rules.callFault('cloudformation', 'DescribeStacks', '1', 'r');
    const resource = rules.resourceFault({ accountId: '1', region: 'r', stackName: 'app', logicalId: 'Topic', type: 'AWS::SNS::Topic', operation: 'create' });

    // Assess
    expect(call).toEqual({ latencyMs: 0 });
    expect(resource).toMatchObject({ kind: 'fail', message: 'resource only' });
  });

  it('matches a resource by stack prefix, logical id, type, operation and phase', () => {
    // Prepare
    const rules = new FaultRules([{ stack: 'deploy-*', resource: 'Topic', resourceType: 'AWS::SNS::Topic', operation: 'update', during: 'rollback', error: { message: 'no' } }]);

    // Act
    const decisions = {
      hit: rules.resourceFault({ accountId: '1', region: 'r', stackName: 'deploy-app', logicalId: 'Topic', type: 'AWS::SNS::Topic', operation: 'update', phase: 'rollback' }),
      otherStack: rules.resourceFault({ accountId: '1', region: 'r', stackName: 'app', logicalId: 'Topic', type: 'AWS::SNS::Topic', operation: 'update', phase: 'rollback' }),
      otherResource: rules.resourceFault({ accountId: '1', region: 'r', stackName: 'deploy-app', logicalId: 'Queue', type: 'AWS::SNS::Topic', operation: 'update', phase: 'rollback' }),
      otherType: rules.resourceFault({ accountId: '1', region: 'r', stackName: 'deploy-app', logicalId: 'Topic', type: 'AWS::S3::Bucket', operation: 'update', phase: 'rollback' }),
      otherOperation: rules.resourceFault({ accountId: '1', region: 'r', stackName: 'deploy-app', logicalId: 'Topic', type: 'AWS::SNS::Topic', operation: 'create', phase: 'rollback' }),
      forward: rules.resourceFault({ accountId: '1', region: 'r', stackName: 'deploy-app', logicalId: 'Topic', type: 'AWS::SNS::Topic', operation: 'update' }),
    };

    // Assess
    expect(decisions.hit).toMatchObject({ kind: 'fail', message: 'no' });
    expect([decisions.otherStack, decisions.otherResource, decisions.otherType, decisions.otherOperation, decisions.forward]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('applies a rule with times: N to its first N matching actions only', () => {
    // Prepare
    const rules = new FaultRules([{ resource: 'Topic', times: 2, error: { message: 'twice' } }]);

    // Act
    const decisions = [1, 2, 3].map(() => rules.resourceFault({ accountId: '1', region: 'r', stackName: 'app', logicalId: 'Topic', type: 'AWS::SNS::Topic', operation: 'create' })?.kind);

    // Assess
    expect(decisions).toEqual(['fail', 'fail', undefined]);
  });

  it('holds a stuck action until its rule is removed', async () => {
    // Prepare
    const rules = new FaultRules();
    const id = rules.add({ resource: 'Topic', stuck: true });
    const decision = rules.resourceFault({ accountId: '1', region: 'r', stackName: 'app', logicalId: 'Topic', type: 'AWS::SNS::Topic', operation: 'create' });
    if (decision?.kind !== 'stuck') throw new Error('expected a stuck decision');

    // Act
    rules.remove(id);
    const how = await decision.released;

    // Assess
    expect(how).toBe('removed');
  });

  it('ends a stuck action with a timeout after stuckMs', async () => {
    // Prepare
    const rules = new FaultRules([{ resource: 'Topic', stuck: true, stuckMs: 5 }]);

    // Act
    const decision = rules.resourceFault({ accountId: '1', region: 'r', stackName: 'app', logicalId: 'Topic', type: 'AWS::SNS::Topic', operation: 'delete' });
    const how = decision?.kind === 'stuck' ? await decision.released : undefined;

    // Assess
    expect(how).toBe('timeout');
    expect(decision?.message).toMatch(/timed out/);
  });

  it.each([
    [{ stack: 'app', action: 'CreateStack', error: { message: 'x' } }, 'fault rule action: is a call fault\'s field, but stack makes this a resource fault: split it into two rules'],
    [{ stack: 'app', service: 'lambda', error: { message: 'x' } }, 'fault rule service: must be cloudformation (or left out) for a resource fault, which stack makes this rule'],
    [{ stack: 'app', error: { message: 'x', code: 'Boom', status: 500 } }, 'fault rule error.code: a resource fault fails the resource with error.message only: remove error.code'],
    [{ stack: 'app 1', error: { message: 'x' } }, 'fault rule stack: must be a stack name, or a prefix ending in * (e.g. deploy-*)'],
    [{ operation: 'replace', error: { message: 'x' } }, 'fault rule operation: must be one of create, update, delete'],
    [{ resource: 'Topic' }, 'fault rule (rule): does nothing: give error.message (fail the resource) or stuck: true (hold it IN_PROGRESS)'],
    [{ resource: 'Topic', stuckMs: 10, error: { message: 'x' } }, 'fault rule stuckMs: only applies with stuck: true'],
  ])('refuses a malformed rule added at run time, naming the field (%j)', (rule, message) => {
    // Prepare
    const rules = new FaultRules();

    // Act
    const attempt = () => rules.add(rule as unknown as FaultRule);

    // Assess
    expect(attempt).toThrow(message);
  });
});
