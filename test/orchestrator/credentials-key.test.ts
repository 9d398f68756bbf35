import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { resolveIntrinsics } from '../support/cfn-resolve';
import { HUB_ACCOUNT, HUB_REGION, synthOrchestrator } from '../support/orchestrator-template';

const WORKER_ROLE = `arn:aws:iam::${HUB_ACCOUNT}:role/StepEverywhere_inventory-role`;
const ADMIN_ROLE = `arn:aws:iam::${HUB_ACCOUNT}:role/Administrator`;
const KEY_ARN = `arn:aws:kms:${HUB_REGION}:${HUB_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/**
 * The evaluation library matches variable condition keys only in the `prefix/name` form
 * (`aws:RequestTag/name`) and ignores `kms:EncryptionContext:name`. Both are plain string
 * lookups of one request value by name, so the test renames the key on both sides; the
 * operator, the value and the `${aws:PrincipalArn}` variable are evaluated unchanged.
 */
const asEvaluable = (text: string) => text.replaceAll('kms:EncryptionContext:', 'aws:RequestTag/');

/** The synthesized key policy, with its CloudFormation references resolved. */
function keyPolicy(): Simulation['resourcePolicy'] {
  const { json } = synthOrchestrator();
  const key = Object.values(json.Resources).find((r) => r.Type === 'AWS::KMS::Key')!;
  const resolved = resolveIntrinsics(key.Properties!.KeyPolicy, {
    accountId: HUB_ACCOUNT,
    region: HUB_REGION,
    resources: json.Resources,
  });
  return JSON.parse(asEvaluable(JSON.stringify(resolved))) as Simulation['resourcePolicy'];
}

function evaluable(context: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(context).map(([k, v]) => [asEvaluable(k), v]));
}

async function decrypt(principal: string, recipient: string, identityActions: string[]): Promise<string> {
  const result = await runSimulation(
    {
      identityPolicies: [
        {
          name: 'identity',
          policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: identityActions, Resource: '*' }] },
        },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: keyPolicy(),
      request: {
        action: 'kms:Decrypt',
        principal,
        resource: { accountId: HUB_ACCOUNT, resource: KEY_ARN },
        contextVariables: evaluable({
          'aws:PrincipalArn': principal,
          'aws:PrincipalAccount': HUB_ACCOUNT,
          'kms:CallerAccount': HUB_ACCOUNT,
          'kms:EncryptionContext:stepeverywhere:recipient': recipient,
          'kms:EncryptionContext:stepeverywhere:account': '222222222222',
          'kms:EncryptionContext:stepeverywhere:execution': `arn:aws:states:${HUB_REGION}:${HUB_ACCOUNT}:execution:sm:run-1`,
        }),
      },
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  if (result.resultType === 'single') {
    // A context key the library ignored would make a denial meaningless.
    expect(result.result.ignoredContextKeys ?? []).toEqual([]);
  }
  return result.overallResult;
}

describe('credentials key policy (evaluated)', () => {
  it('lets the recipient worker role decrypt credentials encrypted for it', async () => {
    // Prepare / Act
    const decision = await decrypt(WORKER_ROLE, WORKER_ROLE, ['kms:Decrypt']);

    // Assess
    expect(decision).toBe('Allowed');
  });

  it('denies an administrator with kms:* the credentials of a worker', async () => {
    // Prepare / Act
    const decision = await decrypt(ADMIN_ROLE, WORKER_ROLE, ['kms:*']);

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('denies a worker the credentials encrypted for another worker', async () => {
    // Prepare / Act
    const decision = await decrypt(
      `arn:aws:iam::${HUB_ACCOUNT}:role/StepEverywhere_other-role`,
      WORKER_ROLE,
      ['kms:Decrypt'],
    );

    // Assess
    expect(decision).not.toBe('Allowed');
  });

  it('denies a principal of another account even when the context names it', async () => {
    // Prepare
    const outsider = 'arn:aws:iam::999999999999:role/StepEverywhere_inventory-role';

    // Act
    const result = await runSimulation(
      {
        identityPolicies: [
          { name: 'i', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } },
        ],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: keyPolicy(),
        request: {
          action: 'kms:Decrypt',
          principal: outsider,
          resource: { accountId: HUB_ACCOUNT, resource: KEY_ARN },
          contextVariables: evaluable({
            'aws:PrincipalArn': outsider,
            'kms:CallerAccount': '999999999999',
            'kms:EncryptionContext:stepeverywhere:recipient': outsider,
          }),
        },
      },
      {},
    );

    // Assess
    expect(result.resultType === 'error' ? 'error' : result.overallResult).not.toBe('Allowed');
  });
});
