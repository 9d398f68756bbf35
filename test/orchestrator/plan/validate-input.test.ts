import { describe, expect, it } from 'vitest';
import { ErrorNames, InvalidInputError } from '../../../orchestrator/contract';
import { validateExecutionInput } from '../../../orchestrator/plan';
import { HOST } from './org-fixture';

const FN = 'StepEverywhere_Inventory';

function failure(raw: unknown): InvalidInputError {
  try {
    validateExecutionInput(raw, HOST);
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  throw new Error('expected the input to be refused');
}

describe('validateExecutionInput accepts', () => {
  it('the original step-everywhere input {Regions, RoleName, Function, Payload}', () => {
    // Prepare
    const raw = { Regions: ['us-east-1', 'eu-west-1'], RoleName: 'OrgRole', Function: FN, Payload: { Stack: 'x' } };

    // Act
    const input = validateExecutionInput(raw, HOST);

    // Assess
    expect(input).toMatchObject({
      regions: ['us-east-1', 'eu-west-1'],
      roleName: 'OrgRole',
      worker: { FunctionName: FN, Qualifier: '$LATEST', FunctionTarget: FN },
      payload: { Stack: 'x' },
    });
  });

  it('a full function ARN with an alias in the host account and region', () => {
    // Prepare
    const arn = `arn:aws:lambda:${HOST.region}:${HOST.accountId}:function:${FN}:live`;

    // Act
    const input = validateExecutionInput({ Function: arn }, HOST);

    // Assess
    expect(input.worker).toEqual({ FunctionName: FN, Qualifier: 'live', FunctionTarget: arn });
  });

  it('Function alone, with the defaults left to the orchestrator', () => {
    // Prepare
    const raw = { Function: FN };

    // Act
    const input = validateExecutionInput(raw, HOST);

    // Assess
    expect(input).toEqual({
      regions: undefined,
      roleName: undefined,
      worker: { FunctionName: FN, Qualifier: '$LATEST', FunctionTarget: FN },
      payload: {},
      targets: expect.objectContaining({ explicit: false, accounts: [], includeHostAccount: false }),
      tolerance: undefined,
      maxConcurrency: undefined,
      waves: undefined,
      includeOrganizationalUnitIds: false,
      notifyOnSuccess: false,
    });
  });

  it('every new field, each with the dotted path kept for later checks', () => {
    // Prepare
    const raw = {
      Function: `${FN}:7`,
      Targets: {
        Accounts: ['111111111111'],
        OrganizationalUnits: ['ou-ab12-prod0001', 'r-ab12'],
        Exclude: { Accounts: ['222222222222'], OrganizationalUnits: ['ou-ab12-sandbox1'] },
        IncludeHostAccount: true,
      },
      FailureTolerance: { Percentage: 12.5 },
      MaxConcurrency: 10000,
      Waves: [1, '10%', ' 50% '],
    };

    // Act
    const input = validateExecutionInput(raw, HOST);

    // Assess
    expect(input.worker).toEqual({ FunctionName: FN, Qualifier: '7', FunctionTarget: `${FN}:7` });
    expect(input.targets).toEqual({
      explicit: true,
      accounts: [{ value: '111111111111', field: 'Targets.Accounts[0]' }],
      organizationalUnits: [
        { value: 'ou-ab12-prod0001', field: 'Targets.OrganizationalUnits[0]' },
        { value: 'r-ab12', field: 'Targets.OrganizationalUnits[1]' },
      ],
      excludeAccounts: [{ value: '222222222222', field: 'Targets.Exclude.Accounts[0]' }],
      excludeOrganizationalUnits: [{ value: 'ou-ab12-sandbox1', field: 'Targets.Exclude.OrganizationalUnits[0]' }],
      includeHostAccount: true,
    });
    expect(input.tolerance).toEqual({ Percentage: 12.5 });
    expect(input.maxConcurrency).toBe(10000);
    expect(input.waves).toEqual([{ accounts: 1 }, { percent: 10 }, { percent: 50 }]);
  });

  it('a tolerance of zero failures', () => {
    // Prepare
    const raw = { Function: FN, FailureTolerance: { Count: 0 } };

    // Act
    const input = validateExecutionInput(raw, HOST);

    // Assess
    expect(input.tolerance).toEqual({ Count: 0 });
  });
});

const ARN_ELSEWHERE = `arn:aws:lambda:us-west-2:${HOST.accountId}:function:${FN}`;
const ARN_OTHER_ACCOUNT = `arn:aws:lambda:${HOST.region}:123456789012:function:${FN}`;

/** [case, raw input, field named, words the message must contain] */
const BAD_INPUTS: Array<[string, unknown, string, string]> = [
  ['input that is not an object', ['x'], 'Input', 'must be an object'],
  ['an unknown top-level field', { Function: FN, Targetz: {} }, 'Targetz', 'is not a known field; remove it or use one of'],
  ['a missing Function', { Regions: ['eu-west-1'] }, 'Function', 'is required'],
  ['a Function that is not a string', { Function: 42 }, 'Function', 'must be a string'],
  ['a Function without the worker prefix', { Function: 'Inventory' }, 'Function', 'does not start with "StepEverywhere_"'],
  ['a Function ARN without the worker prefix', { Function: `arn:aws:lambda:${HOST.region}:${HOST.accountId}:function:Other` }, 'Function', 'does not start with "StepEverywhere_"'],
  ['a Function name with a forbidden character', { Function: 'StepEverywhere_a/b' }, 'Function', 'is not a Lambda function name'],
  ['a Function name over 64 characters', { Function: `StepEverywhere_${'x'.repeat(50)}` }, 'Function', 'is not a Lambda function name'],
  ['a Function with an empty qualifier', { Function: `${FN}:` }, 'Function', 'is not a version or alias'],
  ['a Function with two qualifiers', { Function: `${FN}:a:b` }, 'Function', 'is not a function name'],
  ['a malformed Function ARN', { Function: `arn:aws:lambda:${HOST.region}:123:function:${FN}` }, 'Function', 'is not a Lambda function ARN'],
  ['a Function ARN in another region', { Function: ARN_ELSEWHERE }, 'Function', 'a worker must be in the orchestrator\'s account 999999999999 and region eu-west-1'],
  ['a Function ARN in another account', { Function: ARN_OTHER_ACCOUNT }, 'Function', 'is in account 123456789012'],
  ['Regions that is not a list', { Function: FN, Regions: 'eu-west-1' }, 'Regions', 'must be a list'],
  ['an empty Regions list', { Function: FN, Regions: [] }, 'Regions', 'is empty; list region names, or leave the field out'],
  ['a bad region name', { Function: FN, Regions: ['eu-west-1', 'Ireland'] }, 'Regions[1]', 'is not a region name; use a code such as "eu-west-1"'],
  ['a region that is not a string', { Function: FN, Regions: [1] }, 'Regions[0]', 'must be a string'],
  ['a duplicate region', { Function: FN, Regions: ['eu-west-1', 'us-east-1', 'eu-west-1'] }, 'Regions[2]', 'repeats Regions[0]; list each entry once'],
  ['a bad RoleName', { Function: FN, RoleName: 'my role' }, 'RoleName', 'is not an IAM role name'],
  ['a RoleName over 64 characters', { Function: FN, RoleName: 'r'.repeat(65) }, 'RoleName', 'is too long'],
  ['Targets that is not an object', { Function: FN, Targets: ['111111111111'] }, 'Targets', 'must be an object'],
  ['an unknown Targets field', { Function: FN, Targets: { Account: ['111111111111'] } }, 'Targets.Account', 'is not a known field'],
  ['an unknown Exclude field', { Function: FN, Targets: { Exclude: { Ous: [] } } }, 'Targets.Exclude.Ous', 'is not a known field'],
  ['a short account id', { Function: FN, Targets: { Accounts: ['111111111111', '222222222222', '12345'] } }, 'Targets.Accounts[2]', '"12345" is not a 12-digit account id; use the id shown by \'aws organizations list-accounts\''],
  ['an account id given as a number', { Function: FN, Targets: { Accounts: [111111111111] } }, 'Targets.Accounts[0]', 'must be a string (a 12-digit account id in quotes)'],
  ['an empty Accounts list', { Function: FN, Targets: { Accounts: [] } }, 'Targets.Accounts', 'is empty'],
  ['a duplicate account', { Function: FN, Targets: { Accounts: ['111111111111', '111111111111'] } }, 'Targets.Accounts[1]', 'repeats Targets.Accounts[0]'],
  ['a bad OU id', { Function: FN, Targets: { OrganizationalUnits: ['Prod'] } }, 'Targets.OrganizationalUnits[0]', 'is not an OU id'],
  ['an OU id with capitals', { Function: FN, Targets: { OrganizationalUnits: ['ou-AB12-PROD0001'] } }, 'Targets.OrganizationalUnits[0]', 'is not an OU id'],
  ['a bad excluded account', { Function: FN, Targets: { Exclude: { Accounts: ['abc'] } } }, 'Targets.Exclude.Accounts[0]', 'is not a 12-digit account id'],
  ['a bad excluded OU', { Function: FN, Targets: { Exclude: { OrganizationalUnits: ['r-'] } } }, 'Targets.Exclude.OrganizationalUnits[0]', 'is not an OU id'],
  ['an empty excluded OU list', { Function: FN, Targets: { Exclude: { OrganizationalUnits: [] } } }, 'Targets.Exclude.OrganizationalUnits', 'is empty'],
  ['Exclude that is not an object', { Function: FN, Targets: { Exclude: ['111111111111'] } }, 'Targets.Exclude', 'must be an object'],
  ['IncludeHostAccount as a string', { Function: FN, Targets: { IncludeHostAccount: 'true' } }, 'Targets.IncludeHostAccount', 'must be true or false (without quotes)'],
  ['a tolerance with both Count and Percentage', { Function: FN, FailureTolerance: { Count: 1, Percentage: 5 } }, 'FailureTolerance', 'gives both Count and Percentage; keep one of them'],
  ['an empty tolerance', { Function: FN, FailureTolerance: {} }, 'FailureTolerance', 'is empty'],
  ['an unknown tolerance field', { Function: FN, FailureTolerance: { Max: 1 } }, 'FailureTolerance.Max', 'is not a known field'],
  ['a negative Count', { Function: FN, FailureTolerance: { Count: -1 } }, 'FailureTolerance.Count', 'is not a whole number >= 0'],
  ['a fractional Count', { Function: FN, FailureTolerance: { Count: 1.5 } }, 'FailureTolerance.Count', 'is not a whole number >= 0'],
  ['a Percentage above 100', { Function: FN, FailureTolerance: { Percentage: 101 } }, 'FailureTolerance.Percentage', 'is not a number from 0 to 100'],
  ['a Percentage given as a string', { Function: FN, FailureTolerance: { Percentage: '5' } }, 'FailureTolerance.Percentage', 'is not a number from 0 to 100'],
  ['a MaxConcurrency of zero', { Function: FN, MaxConcurrency: 0 }, 'MaxConcurrency', 'is not a whole number from 1 to 10000'],
  ['a MaxConcurrency above the Distributed Map limit', { Function: FN, MaxConcurrency: 10001 }, 'MaxConcurrency', 'is not a whole number from 1 to 10000'],
  ['a fractional MaxConcurrency', { Function: FN, MaxConcurrency: 2.5 }, 'MaxConcurrency', 'is not a whole number'],
  ['Waves that is not a list', { Function: FN, Waves: 3 }, 'Waves', 'must be a list'],
  ['an empty Waves list', { Function: FN, Waves: [] }, 'Waves', 'is empty'],
  ['a wave of zero accounts', { Function: FN, Waves: [1, 0] }, 'Waves[1]', 'is not a whole number >= 1'],
  ['a fractional wave size', { Function: FN, Waves: [1.5] }, 'Waves[0]', 'is not a whole number >= 1'],
  ['a wave of 0%', { Function: FN, Waves: ['0%'] }, 'Waves[0]', 'is not a wave size'],
  ['a wave above 100%', { Function: FN, Waves: ['150%'] }, 'Waves[0]', 'is not a wave size'],
  ['a wave size string without %', { Function: FN, Waves: ['10'] }, 'Waves[0]', 'is not a wave size'],
  ['a wave given as an object of unknown fields', { Function: FN, Waves: [{ Size: 1 }] }, 'Waves[0].Size', 'Size'],
  ['a wave naming nothing', { Function: FN, Waves: [{}] }, 'Waves[0]', 'names no account and no OU'],
  ['a wave naming a malformed OU', { Function: FN, Waves: [{ OrganizationalUnits: ['prod'] }] }, 'Waves[0].OrganizationalUnits[0]', 'prod'],
  ['a wave given as a list', { Function: FN, Waves: [[1]] }, 'Waves[0]', 'must be a number or a string'],
  ['IncludeOrganizationalUnitIds as a string', { Function: FN, IncludeOrganizationalUnitIds: 'yes' }, 'IncludeOrganizationalUnitIds', 'true or false'],
];

describe('validateExecutionInput refuses', () => {
  it.each(BAD_INPUTS)('%s, naming the field and the fix', (_case, raw, field, words) => {
    // Prepare: the case's raw input

    // Act
    const error = failure(raw);

    // Assess
    expect(error.name).toBe(ErrorNames.INVALID_INPUT);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.message).toContain(words);
  });
});
