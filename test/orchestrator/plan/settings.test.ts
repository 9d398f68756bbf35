import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_ROLE_NAME, PlanFailedError } from '../../../orchestrator/contract';
import { readPlanSettings, type Env } from '../../../orchestrator/plan';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:999999999999:function:Orchestrator-Plan';
const BASE: Env = { RESULTS_BUCKET: 'results' };

/** `arn` null: the function ARN is unknown. */
function refusal(env: Env, arn: string | null = FUNCTION_ARN): PlanFailedError {
  try {
    readPlanSettings(env, arn ?? undefined);
  } catch (err) {
    if (err instanceof PlanFailedError) return err;
    throw err;
  }
  throw new Error('expected the settings to be refused');
}

describe('readPlanSettings', () => {
  it('applies the defaults when only the bucket is set', () => {
    // Prepare
    const env = BASE;

    // Act
    const settings = readPlanSettings(env, FUNCTION_ARN);

    // Assess
    expect(settings).toEqual({
      bucket: 'results',
      memberRoleName: DEFAULT_MEMBER_ROLE_NAME,
      tolerance: { Count: 0 },
      maxConcurrency: 100,
      maxPolls: 60,
      defaultRegions: undefined,
      host: { accountId: '999999999999', region: 'eu-west-1', partition: 'aws' },
      orgReaderRoleArn: undefined,
    });
  });

  it('reads every variable the construct sets', () => {
    // Prepare
    const env: Env = {
      ...BASE,
      MEMBER_ROLE_NAME: 'Member',
      FAILURE_TOLERANCE: 'percentage:7.5',
      MAX_CONCURRENCY: '40',
      MAX_POLLS: '12',
      DEFAULT_REGIONS: 'eu-west-1, us-east-1,eu-west-1',
      HOST_ACCOUNT_ID: '123456789012',
      ORG_READER_ROLE_ARN: 'arn:aws:iam::111122223333:role/StepEverywhereOrgReader',
    };

    // Act
    const settings = readPlanSettings(env, FUNCTION_ARN);

    // Assess
    expect(settings).toMatchObject({
      memberRoleName: 'Member',
      tolerance: { Percentage: 7.5 },
      maxConcurrency: 40,
      maxPolls: 12,
      defaultRegions: ['eu-west-1', 'us-east-1'],
      host: { accountId: '123456789012', region: 'eu-west-1' },
      orgReaderRoleArn: 'arn:aws:iam::111122223333:role/StepEverywhereOrgReader',
    });
  });

  it('reads a count tolerance', () => {
    // Prepare
    const env: Env = { ...BASE, FAILURE_TOLERANCE: 'count:3' };

    // Act
    const settings = readPlanSettings(env, FUNCTION_ARN);

    // Assess
    expect(settings.tolerance).toEqual({ Count: 3 });
  });

  it('takes the host region from AWS_REGION when the function ARN is unknown', () => {
    // Prepare
    const env: Env = { ...BASE, HOST_ACCOUNT_ID: '123456789012', AWS_REGION: 'cn-north-1' };

    // Act
    const settings = readPlanSettings(env, undefined);

    // Assess
    expect(settings.host).toEqual({ accountId: '123456789012', region: 'cn-north-1', partition: 'aws-cn' });
  });

  it('treats blank variables as unset', () => {
    // Prepare
    const env: Env = { ...BASE, DEFAULT_REGIONS: ' ', ORG_READER_ROLE_ARN: '' };

    // Act
    const settings = readPlanSettings(env, FUNCTION_ARN);

    // Assess
    expect(settings.defaultRegions).toBeUndefined();
    expect(settings.orgReaderRoleArn).toBeUndefined();
  });

  it.each([
    ['RESULTS_BUCKET', {}, 'RESULTS_BUCKET: is not set'],
    ['FAILURE_TOLERANCE', { ...BASE, FAILURE_TOLERANCE: 'count:1.5' }, 'FAILURE_TOLERANCE: "count:1.5" is neither'],
    ['FAILURE_TOLERANCE', { ...BASE, FAILURE_TOLERANCE: 'percentage:120' }, 'FAILURE_TOLERANCE: "percentage:120" is neither'],
    ['MAX_CONCURRENCY', { ...BASE, MAX_CONCURRENCY: '0' }, 'MAX_CONCURRENCY: "0" is not a whole number from 1 to 10000'],
    ['MAX_POLLS', { ...BASE, MAX_POLLS: 'many' }, 'MAX_POLLS: "many" is not a whole number'],
    ['DEFAULT_REGIONS', { ...BASE, DEFAULT_REGIONS: 'eu-west-1,Ireland' }, 'DEFAULT_REGIONS: "Ireland" is not a region name'],
    ['HOST_ACCOUNT_ID', { ...BASE, HOST_ACCOUNT_ID: '12345' }, 'HOST_ACCOUNT_ID: "12345" is not a 12-digit account id'],
    ['ORG_READER_ROLE_ARN', { ...BASE, ORG_READER_ROLE_ARN: 'StepEverywhereOrgReader' }, 'ORG_READER_ROLE_ARN: "StepEverywhereOrgReader" is not an IAM role ARN'],
  ])('refuses a bad %s with PlanFailed naming the variable', (_name, env, message) => {
    // Prepare: the case's environment

    // Act
    const error = refusal(env as Env);

    // Assess
    expect(error.message).toContain(message);
    expect(error.message).toContain("correct the Plan function's environment");
  });

  it('refuses to run without a host account', () => {
    // Prepare
    const env: Env = { ...BASE, AWS_REGION: 'eu-west-1' };

    // Act
    const error = refusal(env, null);

    // Assess
    expect(error.message).toContain('HOST_ACCOUNT_ID: is not set');
  });
});
