import { describe, expect, it } from 'vitest';
import { createAuthorizer, type CallerPolicies } from '../../../local/authorize/authorizer';
import { parsePolicyDocument, type PolicyDocument } from '../../../local/authorize/policy';
import type { CallerIdentity } from '../../../local/services/service';

const WORKER: CallerIdentity = {
  accountId: '111111111111',
  principalArn: 'arn:aws:iam::111111111111:role/StepEverywhere_Worker',
  arn: 'arn:aws:sts::111111111111:assumed-role/StepEverywhere_Worker/run-1',
  accessKeyId: 'ASIAEXAMPLE',
};
const TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:StepEverywhere-notifications';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A key policy that lets only the recipient named in the encryption context decrypt. */
const KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/StepEverywhere_Worker' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:EncryptionContext:stepeverywhere:recipient': '${aws:PrincipalArn}' },
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/StepEverywhere_*' },
      },
    },
  ],
};

function authorizerWith(policies: CallerPolicies, orgId?: string) {
  return createAuthorizer({ policiesOf: async () => policies, orgIdOf: async () => orgId, now: () => new Date('2026-01-01T00:00:00Z') });
}

const ALLOW_DECRYPT: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] };

describe('authorize', () => {
  it('requires the key policy for KMS, as KMS does: identity policies alone do not open a key', async () => {
    // Prepare
    const authorize = authorizerWith({ identityPolicies: [ALLOW_DECRYPT] });
    // Act
    const decision = await authorize({ caller: WORKER, action: 'kms:Decrypt', resource: KEY_ARN });
    // Assess
    expect(decision.allowed).toBe(false);
  });

  it('allows decrypt when the encryption context names the caller, through a policy variable', async () => {
    // Prepare
    const authorize = authorizerWith({ identityPolicies: [] });
    // Act
    const decision = await authorize({ caller: WORKER, action: 'kms:Decrypt', resource: KEY_ARN, resourcePolicy: KEY_POLICY, context: { 'kms:EncryptionContext:stepeverywhere:recipient': WORKER.principalArn } });
    // Assess
    expect(decision.allowed).toBe(true);
  });

  it('denies decrypt when the encryption context names another recipient', async () => {
    // Prepare
    const authorize = authorizerWith({ identityPolicies: [] });
    // Act
    const decision = await authorize({ caller: WORKER, action: 'kms:Decrypt', resource: KEY_ARN, resourcePolicy: KEY_POLICY, context: { 'kms:EncryptionContext:stepeverywhere:recipient': 'arn:aws:iam::111111111111:role/StepEverywhere_Other' } });
    // Assess
    expect(decision).toMatchObject({ allowed: false });
    expect(decision.explanation).toContain('resource policy');
  });

  it('intersects identity policies with the session policy', async () => {
    // Prepare
    const session: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    const identity: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sns:Publish', 's3:GetObject'], Resource: '*' }] };
    const authorize = authorizerWith({ identityPolicies: [identity], sessionPolicy: session });
    // Act
    const publish = await authorize({ caller: WORKER, action: 'sns:Publish', resource: TOPIC_ARN });
    const read = await authorize({ caller: WORKER, action: 's3:GetObject', resource: 'arn:aws:s3:::results/key' });
    // Assess
    expect([publish.allowed, read.allowed]).toEqual([false, true]);
  });

  it('lets an explicit deny win over an allow', async () => {
    // Prepare
    const deny: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }] };
    const authorize = authorizerWith({ identityPolicies: [ALLOW_DECRYPT, deny] });
    // Act
    const decision = await authorize({ caller: WORKER, action: 'kms:Decrypt', resource: KEY_ARN, resourcePolicy: KEY_POLICY, context: { 'kms:EncryptionContext:stepeverywhere:recipient': WORKER.principalArn } });
    // Assess
    expect(decision).toMatchObject({ allowed: false });
    expect(decision.explanation).toContain('ExplicitlyDenied');
  });

  it('evaluates ForAnyValue set conditions against list context values', async () => {
    // Prepare
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sns:TagResource', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['stepeverywhere:run'] } } }],
    };
    const authorize = authorizerWith({ identityPolicies: [policy] });
    // Act
    const withKey = await authorize({ caller: WORKER, action: 'sns:TagResource', resource: TOPIC_ARN, context: { 'aws:TagKeys': ['other', 'stepeverywhere:run'] } });
    const without = await authorize({ caller: WORKER, action: 'sns:TagResource', resource: TOPIC_ARN, context: { 'aws:TagKeys': ['other'] } });
    // Assess
    expect([withKey.allowed, without.allowed]).toEqual([true, false]);
  });

  it('supplies aws:PrincipalOrgID from the account organization', async () => {
    // Prepare
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } } }] };
    // Act
    const inside = await authorizerWith({ identityPolicies: [policy] }, 'o-exampleorg1')({ caller: WORKER, action: 'sns:Publish', resource: TOPIC_ARN });
    const outside = await authorizerWith({ identityPolicies: [policy] })({ caller: WORKER, action: 'sns:Publish', resource: TOPIC_ARN });
    // Assess
    expect([inside.allowed, outside.allowed]).toEqual([true, false]);
  });
});

describe('parsePolicyDocument', () => {
  it('refuses an identity policy statement without Resource, naming the statement', () => {
    // Prepare
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] });
    // Act
    const act = (): unknown => parsePolicyDocument(text, 'identity', 'PolicyDocument');
    // Assess
    expect(act).toThrow('PolicyDocument.Statement[0] needs Resource or NotResource.');
  });

  it('refuses an Effect other than Allow or Deny', () => {
    // Prepare
    const text = JSON.stringify({ Statement: { Effect: 'allow', Action: '*', Resource: '*' } });
    // Act
    const act = (): unknown => parsePolicyDocument(text, 'identity', 'Policy');
    // Assess
    expect(act).toThrow('Policy.Statement[0].Effect must be "Allow" or "Deny".');
  });
});
