import { describe, expect, it } from 'vitest';
import { createAuthorizer, type Authorize, type CallerPolicies } from '../../../local/authorize/authorizer';
import { evaluate, type EvaluationInput } from '../../../local/authorize/evaluate';
import { objectResourceKey } from '../../../local/authorize/object-resource-key';
import type { PolicyDocument } from '../../../local/authorize/policy';
import type { CallerIdentity } from '../../../local/services/service';

const WORKER: CallerIdentity = {
  accountId: '111111111111',
  principalArn: 'arn:aws:iam::111111111111:role/WorkerRole',
  arn: 'arn:aws:sts::111111111111:assumed-role/WorkerRole/StepEverywhere_inventory',
  accessKeyId: 'ASIAWORKER',
};

const object = (key: string, bucket = 'results') => `arn:aws:s3:::${bucket}/${key}`;

/** A worker's result grant, with a deny carved out of it. */
const RESULT_WRITER: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::results/StepEverywhere/*' },
    { Effect: 'Deny', Action: 's3:PutObject', Resource: ['arn:aws:s3:::results/StepEverywhere/locked/*', 'arn:aws:s3:::results/StepEverywhere/?.json'] },
  ],
};

function authorizer(policies: CallerPolicies, cacheEntries?: number): { authorize: Authorize; evaluations: EvaluationInput[] } {
  const evaluations: EvaluationInput[] = [];
  const authorize = createAuthorizer({
    policiesOf: async () => policies,
    orgIdOf: async () => undefined,
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...(cacheEntries === undefined ? {} : { cacheEntries }),
    evaluate: (input) => {
      evaluations.push(input);
      return evaluate(input);
    },
  });
  return { authorize, evaluations };
}

async function putAll(authorize: Authorize, resources: readonly string[]): Promise<boolean[]> {
  const answers: boolean[] = [];
  // One at a time, so each answer may come from the decisions before it.
  for (const resource of resources) answers.push((await authorize({ caller: WORKER, action: 's3:PutObject', resource })).allowed);
  return answers;
}

describe('decisions on S3 objects', () => {
  it('evaluates once for many new keys that every pattern matches alike', async () => {
    // Prepare
    const { authorize, evaluations } = authorizer({ identityPolicies: [RESULT_WRITER] });
    const keys = Array.from({ length: 50 }, (_, i) => object(`StepEverywhere/inventory/run-1/1111111111${String(i).padStart(2, '0')}/us-east-1.json`));

    // Act
    const answers = await putAll(authorize, keys);

    // Assess
    expect(answers.every(Boolean)).toBe(true);
    expect(evaluations).toHaveLength(1);
  });

  it('still denies a key outside the grant, or under its deny, after many allowed keys', async () => {
    // Prepare
    const { authorize, evaluations } = authorizer({ identityPolicies: [RESULT_WRITER] });
    await putAll(authorize, [object('StepEverywhere/a/1.json'), object('StepEverywhere/b/2.json')]);

    // Act
    const [outside, locked, single, otherBucket] = await putAll(authorize, [
      object('other/1.json'),
      object('StepEverywhere/locked/1.json'),
      object('StepEverywhere/x.json'),
      object('StepEverywhere/a/1.json', 'results-copy'),
    ]);

    // Assess
    expect([outside, locked, single, otherBucket]).toEqual([false, false, false, false]);
    expect(evaluations).toHaveLength(5);
  });

  it('answers every key as a fresh evaluation would: case, wildcard characters, deny patterns', async () => {
    // Prepare
    const policies: CallerPolicies = {
      identityPolicies: [
        RESULT_WRITER,
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::results/*' }] },
      ],
    };
    const keys = [
      'StepEverywhere/a.json', 'stepeverywhere/a.json', 'STEPEVERYWHERE/a.json', 'StepEverywhere/locked/a', 'StepEverywhere/Locked/a',
      'StepEverywhere/ab.json', 'StepEverywhere/b.json', 'StepEverywhere/*', 'StepEverywhere/?', 'StepEverywhere/locked', 'x/StepEverywhere/a',
    ].flatMap((key) => [object(key), object(key, 'elsewhere')]);

    // Act
    const cached = await putAll(authorizer(policies).authorize, [...keys, ...keys]);
    const fresh = await putAll(authorizer(policies, 0).authorize, [...keys, ...keys]);

    // Assess
    expect(cached).toEqual(fresh);
    expect(fresh.some(Boolean)).toBe(true);
    expect(fresh.some((allowed) => !allowed)).toBe(true);
  });

  it('keeps the whole ARN when a pattern holds a policy variable, or the key holds a wildcard character', () => {
    // Prepare
    const variable: PolicyDocument = { Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::results/${aws:userid}/*' }] };

    // Act
    const keys = [
      objectResourceKey(object('AIDA1/a.json'), [variable]),
      objectResourceKey(object('StepEverywhere/*.json'), [RESULT_WRITER]),
      objectResourceKey(object('StepEverywhere/?.json'), [RESULT_WRITER]),
      objectResourceKey('arn:aws:s3:::results', [RESULT_WRITER]),
    ];

    // Assess
    expect(keys).toEqual([object('AIDA1/a.json'), object('StepEverywhere/*.json'), object('StepEverywhere/?.json'), 'arn:aws:s3:::results']);
  });

  it('tells keys apart by each pattern, so a key under a deny never shares a decision with one that is not', () => {
    // Act
    const allowed = objectResourceKey(object('StepEverywhere/run/a.json'), [RESULT_WRITER]);
    const sameShape = objectResourceKey(object('StepEverywhere/run/b.json'), [RESULT_WRITER]);
    const denied = objectResourceKey(object('StepEverywhere/locked/a.json'), [RESULT_WRITER]);

    // Assess
    expect(sameShape).toBe(allowed);
    expect(denied).not.toBe(allowed);
  });
});
