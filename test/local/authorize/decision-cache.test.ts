import { describe, expect, it } from 'vitest';
import { createAuthorizer, type CallerPolicies } from '../../../local/authorize/authorizer';
import { DecisionCache } from '../../../local/authorize/decision-cache';
import { evaluate, type EvaluationInput } from '../../../local/authorize/evaluate';
import type { PolicyDocument } from '../../../local/authorize/policy';
import type { CallerIdentity } from '../../../local/services/service';

const MACHINE: CallerIdentity = {
  accountId: '111111111111',
  principalArn: 'arn:aws:iam::111111111111:role/MachineRole',
  arn: 'arn:aws:sts::111111111111:assumed-role/MachineRole/StepFunctions',
  accessKeyId: 'ASIAMACHINE',
};
const WORKER_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:StepEverywhere_inventory';
const BUCKET_OBJECT = 'arn:aws:s3:::results/StepEverywhere/run/111111111111/us-east-1.json';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const allow = (action: string, resource = '*', condition?: Record<string, unknown>): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }],
});

/** An authorizer over policies the test can change, counting the evaluations it really ran. */
function counted(policies: { current: CallerPolicies }, now: { current: Date } = { current: new Date('2026-01-01T00:00:00Z') }, cacheEntries?: number) {
  const evaluations: EvaluationInput[] = [];
  const authorize = createAuthorizer({
    policiesOf: async () => policies.current,
    orgIdOf: async () => 'o-example',
    now: () => now.current,
    ...(cacheEntries === undefined ? {} : { cacheEntries }),
    evaluate: (input) => {
      evaluations.push(input);
      return evaluate(input);
    },
  });
  return { authorize, evaluations };
}

describe('authorization decisions cache', () => {
  it('evaluates a question asked again only once', async () => {
    // Prepare
    const { authorize, evaluations } = counted({ current: { identityPolicies: [allow('lambda:InvokeFunction', 'arn:aws:lambda:*:*:function:StepEverywhere_*')] } });

    // Act
    const answers = await Promise.all([1, 2, 3].map(async () => (await authorize({ caller: MACHINE, action: 'lambda:InvokeFunction', resource: WORKER_ARN, region: 'us-east-1' })).allowed));
    const again = await authorize({ caller: MACHINE, action: 'lambda:InvokeFunction', resource: WORKER_ARN, region: 'us-east-1' });

    // Assess
    expect(answers).toEqual([true, true, true]);
    expect(again.allowed).toBe(true);
    expect(evaluations).toHaveLength(1);
  });

  it('denies at once when an identity policy that allowed the call changes', async () => {
    // Prepare
    const policies = { current: { identityPolicies: [allow('s3:PutObject', 'arn:aws:s3:::results/*')] } as CallerPolicies };
    const { authorize } = counted(policies);
    const before = await authorize({ caller: MACHINE, action: 's3:PutObject', resource: BUCKET_OBJECT });

    // Act
    policies.current = { identityPolicies: [allow('s3:PutObject', 'arn:aws:s3:::other/*')] };
    const after = await authorize({ caller: MACHINE, action: 's3:PutObject', resource: BUCKET_OBJECT });

    // Assess
    expect(before.allowed).toBe(true);
    expect(after.allowed).toBe(false);
  });

  it('denies at once when a session policy is added to the same caller', async () => {
    // Prepare
    const policies = { current: { identityPolicies: [allow('s3:PutObject')] } as CallerPolicies };
    const { authorize } = counted(policies);
    const before = await authorize({ caller: MACHINE, action: 's3:PutObject', resource: BUCKET_OBJECT });

    // Act
    policies.current = { identityPolicies: [allow('s3:PutObject')], sessionPolicy: allow('s3:GetObject') };
    const after = await authorize({ caller: MACHINE, action: 's3:PutObject', resource: BUCKET_OBJECT });

    // Assess
    expect([before.allowed, after.allowed]).toEqual([true, false]);
  });

  it('denies at once when a resource policy that allowed the call changes', async () => {
    // Prepare
    const { authorize } = counted({ current: { identityPolicies: [] } });
    const keyPolicy = (principal: string): PolicyDocument => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:Decrypt', Resource: '*' }],
    });
    const before = await authorize({ caller: MACHINE, action: 'kms:Decrypt', resource: KEY_ARN, resourcePolicy: keyPolicy(MACHINE.principalArn) });

    // Act
    const after = await authorize({ caller: MACHINE, action: 'kms:Decrypt', resource: KEY_ARN, resourcePolicy: keyPolicy('arn:aws:iam::111111111111:role/Someone') });

    // Assess
    expect([before.allowed, after.allowed]).toEqual([true, false]);
  });

  it('keeps a decision to its own request context: another encryption context is evaluated afresh', async () => {
    // Prepare
    const { authorize, evaluations } = counted({ current: { identityPolicies: [allow('kms:Decrypt', '*', { StringEquals: { 'kms:EncryptionContext:account': '222222222222' } })] } });
    const keyPolicy: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] };
    const ask = (account: string) => authorize({ caller: MACHINE, action: 'kms:Decrypt', resource: KEY_ARN, resourcePolicy: keyPolicy, context: { 'kms:EncryptionContext:account': account } });
    await ask('222222222222');

    // Act
    const other = await ask('333333333333');

    // Assess
    expect(other.allowed).toBe(false);
    expect(evaluations).toHaveLength(2);
  });

  it('never caches a decision whose policy reads the clock: it is denied once the time has passed', async () => {
    // Prepare
    const now = { current: new Date('2026-01-01T00:00:00Z') };
    const { authorize, evaluations } = counted({ current: { identityPolicies: [allow('s3:PutObject', '*', { DateLessThan: { 'aws:CurrentTime': '2026-01-01T01:00:00Z' } })] } }, now);
    const before = await authorize({ caller: MACHINE, action: 's3:PutObject', resource: BUCKET_OBJECT });

    // Act
    now.current = new Date('2026-01-01T02:00:00Z');
    const after = await authorize({ caller: MACHINE, action: 's3:PutObject', resource: BUCKET_OBJECT });

    // Assess
    expect([before.allowed, after.allowed]).toEqual([true, false]);
    expect(evaluations).toHaveLength(2);
  });

  it('evaluates every call when the cache is turned off', async () => {
    // Prepare
    const { authorize, evaluations } = counted({ current: { identityPolicies: [allow('s3:PutObject')] } }, undefined, 0);

    // Act
    await authorize({ caller: MACHINE, action: 's3:PutObject', resource: BUCKET_OBJECT });
    await authorize({ caller: MACHINE, action: 's3:PutObject', resource: BUCKET_OBJECT });

    // Assess
    expect(evaluations).toHaveLength(2);
  });

  it('drops the decision used longest ago once full', async () => {
    // Prepare
    const cache = new DecisionCache(2);
    const evaluated: string[] = [];
    const ask = (key: string) => cache.decide(key, async () => {
      evaluated.push(key);
      return { allowed: true, explanation: 'Allowed' };
    });
    await ask('a');
    await ask('b');
    await ask('a');

    // Act
    await ask('c');
    await ask('a');
    await ask('b');

    // Assess
    expect(evaluated).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.stats.size).toBe(2);
  });

  it('forgets an evaluation that failed, so the next call evaluates again', async () => {
    // Prepare
    const cache = new DecisionCache();
    const failed = cache.decide('k', async () => {
      throw new Error('policy store unreadable');
    });
    await failed.catch(() => undefined);

    // Act
    const next = await cache.decide('k', async () => ({ allowed: false, explanation: 'ImplicitlyDenied' }));

    // Assess
    await expect(failed).rejects.toThrow('policy store unreadable');
    expect(next.allowed).toBe(false);
  });

  it('refuses a size that is not a whole number, naming the setting', () => {
    // Act
    const build = () => new DecisionCache(-1);

    // Assess
    expect(build).toThrow('maxEntries must be a whole number >= 0 (0 turns the cache off), got -1');
  });
});
