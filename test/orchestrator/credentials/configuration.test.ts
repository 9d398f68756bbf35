import { describe, expect, it } from 'vitest';
import {
  InvalidConfigurationError,
  readCredentialsSettings,
  readExternalId,
  readKmsKeyId,
  readSessionDuration,
  readSessionPolicy,
  readWorkerPrefix,
} from '../../../orchestrator/credentials';

const KEY_ARN = 'arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('readSessionDuration', () => {
  it('defaults to one hour', () => {
    // Prepare
    const env = {};

    // Act
    const seconds = readSessionDuration(env);

    // Assess
    expect(seconds).toBe(3600);
  });

  it.each(['900', '1800', '3600'])('accepts %s seconds', (value) => {
    // Prepare
    const env = { SESSION_DURATION_SECONDS: value };

    // Act
    const seconds = readSessionDuration(env);

    // Assess
    expect(seconds).toBe(Number(value));
  });

  it.each(['899', '3601', '7200', '0', '-900', '1.5', 'one hour'])('rejects %s, naming the variable and the bounds', (value) => {
    // Prepare
    const env = { SESSION_DURATION_SECONDS: value };

    // Act
    const read = () => readSessionDuration(env);

    // Assess
    expect(read).toThrow(InvalidConfigurationError);
    expect(read).toThrow(/^SESSION_DURATION_SECONDS: .*900 to 3600/);
  });
});

describe('readSessionPolicy', () => {
  it('is absent when not configured', () => {
    // Prepare
    const env = { SESSION_POLICY: '' };

    // Act
    const policy = readSessionPolicy(env);

    // Assess
    expect(policy).toBeUndefined();
  });

  it('minifies a policy document', () => {
    // Prepare
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }] };
    const env = { SESSION_POLICY: JSON.stringify(document, null, 2) };

    // Act
    const policy = readSessionPolicy(env);

    // Assess
    expect(policy).toBe(JSON.stringify(document));
  });

  it('rejects text that is not JSON, naming the variable', () => {
    // Prepare
    const env = { SESSION_POLICY: '{"Version": "2012-10-17", Statement: [' };

    // Act
    const read = () => readSessionPolicy(env);

    // Assess
    expect(read).toThrow(/^SESSION_POLICY: is not valid JSON/);
  });

  it('rejects JSON that is not a policy document', () => {
    // Prepare
    const env = { SESSION_POLICY: '["cloudformation:*"]' };

    // Act
    const read = () => readSessionPolicy(env);

    // Assess
    expect(read).toThrow(/^SESSION_POLICY: must be an IAM policy document/);
  });

  it('rejects a policy longer than STS accepts', () => {
    // Prepare
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(2100)}/*` };
    const env = { SESSION_POLICY: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) };

    // Act
    const read = () => readSessionPolicy(env);

    // Assess
    expect(read).toThrow(/^SESSION_POLICY: is \d+ characters .* at most 2048/);
  });
});

describe('readExternalId, readKmsKeyId and readWorkerPrefix', () => {
  it('passes a valid external id through', () => {
    // Prepare
    const env = { EXTERNAL_ID: 'org-o-abc123:step' };

    // Act
    const externalId = readExternalId(env);

    // Assess
    expect(externalId).toBe('org-o-abc123:step');
  });

  it('rejects an external id with characters STS refuses', () => {
    // Prepare
    const env = { EXTERNAL_ID: 'has spaces' };

    // Act
    const read = () => readExternalId(env);

    // Assess
    expect(read).toThrow(/^EXTERNAL_ID: must be 2 to 1224 characters/);
  });

  it('requires the key id', () => {
    // Prepare
    const env = {};

    // Act
    const read = () => readKmsKeyId(env);

    // Assess
    expect(read).toThrow(/^KMS_KEY_ID: is not set/);
  });

  it('defaults the worker prefix and lets the environment override it', () => {
    // Prepare
    const overridden = { WORKER_PREFIX: 'Custom_' };

    // Act
    const defaults = readWorkerPrefix({});
    const custom = readWorkerPrefix(overridden);

    // Assess
    expect(defaults).toBe('StepEverywhere_');
    expect(custom).toBe('Custom_');
  });

  it('reads every setting at once', () => {
    // Prepare
    const env = { KMS_KEY_ID: KEY_ARN, SESSION_DURATION_SECONDS: '1200' };

    // Act
    const settings = readCredentialsSettings(env);

    // Assess
    expect(settings).toEqual({
      workerPrefix: 'StepEverywhere_',
      durationSeconds: 1200,
      sessionPolicy: undefined,
      externalId: undefined,
      kmsKeyId: KEY_ARN,
    });
  });
});
