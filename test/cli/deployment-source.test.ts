import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../cli/deployment-source';
import { CliError } from '../../cli/errors';

const NOW = new Date('2025-03-01T10:20:30.456Z');

function reader(files: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return text;
  };
}

function failure(act: () => unknown): CliError {
  try {
    act();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('prepareRun', () => {
  it('maps every deployment file field onto the execution input', () => {
    // Prepare
    const file = [
      'name: baseline',
      'worker: StepEverywhere_inventory:live',
      'regions: [eu-west-1, us-east-1]',
      'targets:',
      '  accounts: ["111111111111"]',
      '  organizationalUnits: [ou-ab12-cdef3456]',
      '  exclude: {accounts: ["222222222222"], organizationalUnits: [ou-ab12-zzzz9999]}',
      '  includeHostAccount: true',
      'payload: {stack: demo, parameters: {a: 1}}',
      'tolerance: {count: 2}',
      'maxConcurrency: 20',
      'waves: [1, "10%"]',
    ].join('\n');

    // Act
    const run = prepareRun({ file: 'd.yaml' }, reader({ 'd.yaml': file }), NOW);

    // Assess
    expect({ input: run.input, executionName: run.executionName }).toEqual({
      executionName: 'baseline-20250301T102030Z',
      input: {
        Function: 'StepEverywhere_inventory:live',
        Regions: ['eu-west-1', 'us-east-1'],
        Targets: {
          Accounts: ['111111111111'],
          OrganizationalUnits: ['ou-ab12-cdef3456'],
          Exclude: { Accounts: ['222222222222'], OrganizationalUnits: ['ou-ab12-zzzz9999'] },
          IncludeHostAccount: true,
        },
        Payload: { stack: 'demo', parameters: { a: 1 } },
        FailureTolerance: { Count: 2 },
        MaxConcurrency: 20,
        Waves: [1, '10%'],
      },
    });
  });

  it('leaves out what the file leaves out, so the orchestrator defaults apply', () => {
    // Prepare
    const file = 'name: minimal\nworker: StepEverywhere_inventory\n';

    // Act
    const run = prepareRun({ file: 'd.yaml' }, reader({ 'd.yaml': file }), NOW);

    // Assess
    expect(run.input).toEqual({ Function: 'StepEverywhere_inventory' });
  });

  it('builds the input from flags alone', () => {
    // Prepare
    const flags = {
      worker: 'StepEverywhere_inventory',
      regions: 'eu-west-1, us-east-1',
      ous: 'r-ab12',
      excludeAccounts: '222222222222',
      excludeOus: 'ou-ab12-cdef3456',
      payload: '@payload.json',
      tolerance: '10%',
      maxConcurrency: '5',
      waves: '1,25%',
      name: 'nightly-1',
    };

    // Act
    const run = prepareRun(flags, reader({ 'payload.json': '{"deep": true}' }), NOW);

    // Assess
    expect({ input: run.input, executionName: run.executionName }).toEqual({
      executionName: 'nightly-1',
      input: {
        Function: 'StepEverywhere_inventory',
        Regions: ['eu-west-1', 'us-east-1'],
        Targets: { OrganizationalUnits: ['r-ab12'], Exclude: { Accounts: ['222222222222'], OrganizationalUnits: ['ou-ab12-cdef3456'] } },
        Payload: { deep: true },
        FailureTolerance: { Percentage: 10 },
        MaxConcurrency: 5,
        Waves: [1, '25%'],
      },
    });
  });

  it('lets a flag override the file field and keeps the rest of the file', () => {
    // Prepare
    const file = 'name: base\nregions: [eu-west-1]\ntargets: {accounts: ["111111111111"], includeHostAccount: true}\nworker: StepEverywhere_inventory\n';

    // Act
    const run = prepareRun({ file: 'd.yaml', regions: 'us-east-1', accounts: '333333333333' }, reader({ 'd.yaml': file }), NOW);

    // Assess
    expect(run.input.Regions).toEqual(['us-east-1']);
    expect(run.input.Targets).toEqual({ Accounts: ['333333333333'], IncludeHostAccount: true });
  });

  it('names the flag and position of a bad flag value', () => {
    // Prepare
    const flags = { worker: 'StepEverywhere_x', accounts: '111111111111,12' };

    // Act
    const error = failure(() => prepareRun(flags, reader({}), NOW));

    // Assess
    expect(error.message).toBe('--accounts[1] ("12") is not a 12-digit account id — give the 12 digits, e.g. "123456789012"');
    expect(error.exitCode).toBe(2);
  });

  it('refuses a tolerance that is neither a count nor a share', () => {
    // Prepare
    const flags = { worker: 'StepEverywhere_x', tolerance: 'some' };

    // Act
    const error = failure(() => prepareRun(flags, reader({}), NOW));

    // Assess
    expect(error.message).toMatch(/^--tolerance "some" is not a tolerance — give a count .* such as 2, or a share such as 10%$/);
  });

  it('refuses a max concurrency that is not a whole number', () => {
    // Prepare
    const flags = { worker: 'StepEverywhere_x', maxConcurrency: '2.5' };

    // Act
    const error = failure(() => prepareRun(flags, reader({}), NOW));

    // Assess
    expect(error.message).toMatch(/^--max-concurrency "2.5" is not a whole number — /);
  });

  it('refuses a payload that is not JSON, and a missing payload file', () => {
    // Prepare
    const inline = { worker: 'StepEverywhere_x', payload: '{nope' };
    const missing = { worker: 'StepEverywhere_x', payload: '@nowhere.json' };

    // Act
    const inlineError = failure(() => prepareRun(inline, reader({}), NOW));
    const missingError = failure(() => prepareRun(missing, reader({}), NOW));

    // Assess
    expect(inlineError.message).toMatch(/^--payload: the --payload value is not JSON \(.*\) — give JSON such as/);
    expect(missingError.message).toBe('--payload: cannot read nowhere.json (ENOENT) — give an existing JSON file after @, e.g. --payload @payload.json');
  });

  it('refuses an execution name Step Functions would refuse', () => {
    // Prepare
    const flags = { worker: 'StepEverywhere_x', name: 'has space' };

    // Act
    const error = failure(() => prepareRun(flags, reader({}), NOW));

    // Assess
    expect(error.message).toMatch(/^--name "has space" is not an execution name — use 1-80 letters/);
  });

  it('refuses a run with neither a file nor flags', () => {
    // Prepare
    const flags = {};

    // Act
    const error = failure(() => prepareRun(flags, reader({}), NOW));

    // Assess
    expect(error.message).toMatch(/^nothing to run — give --file/);
  });

  it('reports a missing deployment file by its path', () => {
    // Prepare
    const flags = { file: 'deployments/gone.yaml' };

    // Act
    const error = failure(() => prepareRun(flags, reader({}), NOW));

    // Assess
    expect(error.message).toBe('deployments/gone.yaml: no such file — give the path of a deployment file (YAML)');
  });

  it('reports a malformed deployment file with its positions', () => {
    // Prepare
    const flags = { file: 'd.yaml' };

    // Act
    const error = failure(() => prepareRun(flags, reader({ 'd.yaml': 'name: x\nwaves: [0]\n' }), NOW));

    // Assess
    expect(error.message).toMatch(/^d\.yaml:2:9: waves\[0\] \(0\) is not a wave size — /);
  });
});
