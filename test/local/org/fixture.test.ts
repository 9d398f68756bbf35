import { describe, expect, it } from 'vitest';
import { FixtureError, parseOrganization } from '../../../local/org/fixture';
import { defaultOrganization, organizationToYaml } from '../../../local/org/generate';

const VALID = `organization:
  id: o-exampleorgid
  rootId: r-abcd
  managementAccount:
    id: "111111111111"
    name: hub
    email: hub@example.com
regions:
  us-east-1: ENABLED_BY_DEFAULT
  ap-east-1: ENABLED
organizationalUnits:
  - id: ou-abcd-11111111
    name: Workloads
    organizationalUnits:
      - id: ou-abcd-22222222
        name: Production
accounts:
  - id: "222222222222"
    name: prod
    email: prod@example.com
    parent: ou-abcd-22222222
    regions:
      ap-east-1: DISABLED
  - id: "333333333333"
    name: gone
    email: gone@example.com
    state: SUSPENDED
faults:
  - account: "222222222222"
    service: lambda
    throttle: 2
`;

function problemsOf(text: string): FixtureError {
  try {
    parseOrganization(text, 'org.yaml');
  } catch (error) {
    if (error instanceof FixtureError) return error;
    throw error;
  }
  throw new Error('expected the fixture to be refused');
}

describe('parseOrganization', () => {
  it('builds the organization with nested OUs, defaults and per-account region overrides', () => {
    // Prepare
    const text = VALID;

    // Act
    const org = parseOrganization(text, 'org.yaml');

    // Assess
    expect(org.id).toBe('o-exampleorgid');
    expect(org.rootId).toBe('r-abcd');
    expect(org.units).toEqual([
      { id: 'ou-abcd-11111111', name: 'Workloads', parentId: 'r-abcd' },
      { id: 'ou-abcd-22222222', name: 'Production', parentId: 'ou-abcd-11111111' },
    ]);
    expect(org.accounts.map((a) => [a.id, a.parentId, a.state])).toEqual([
      ['111111111111', 'r-abcd', 'ACTIVE'],
      ['222222222222', 'ou-abcd-22222222', 'ACTIVE'],
      ['333333333333', 'r-abcd', 'SUSPENDED'],
    ]);
    expect(org.accounts[1]?.regions).toEqual({ 'us-east-1': 'ENABLED_BY_DEFAULT', 'ap-east-1': 'DISABLED' });
    expect(org.faults).toEqual([{ account: '222222222222', service: 'lambda', throttle: 2 }]);
  });

  it('names file, line and field of a bad enum value', () => {
    // Prepare
    const text = VALID.replace('state: SUSPENDED', 'state: CLOSED');

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.message).toContain('org.yaml:27:12 accounts[1].state: must be one of ACTIVE, SUSPENDED');
  });

  it('names a missing required field at the object that lacks it', () => {
    // Prepare
    const text = VALID.replace('    email: gone@example.com\n', '');

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.problems).toEqual([{ line: 24, column: 5, field: 'accounts[1].email', problem: 'is required' }]);
  });

  it('refuses a misspelt field instead of ignoring it', () => {
    // Prepare
    const text = VALID.replace('    parent: ou-abcd-22222222', '    parnet: ou-abcd-22222222');

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.problems[0]?.field).toBe('accounts[0].parnet');
    expect(error.problems[0]?.line).toBe(21);
    expect(error.problems[0]?.problem).toContain('unknown field parnet');
  });

  it('refuses a parent that names no OU, listing the ids that exist', () => {
    // Prepare
    const text = VALID.replace('parent: ou-abcd-22222222', 'parent: ou-abcd-99999999');

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.message).toContain('org.yaml:21:13 accounts[0].parent: no OU or root has id ou-abcd-99999999; use r-abcd or one of: ou-abcd-11111111, ou-abcd-22222222');
  });

  it('refuses an account id that YAML turned into a shorter number', () => {
    // Prepare
    const text = VALID.replace('id: "222222222222"', 'id: 022222222222');

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.problems[0]?.field).toBe('accounts[0].id');
    expect(error.problems[0]?.problem).toContain('must be 12 digits, quoted');
  });

  it('refuses a duplicate account and a fault for an unknown account together', () => {
    // Prepare
    const text = VALID.replace('id: "333333333333"', 'id: "222222222222"').replace('  - account: "222222222222"', '  - account: "444444444444"');

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.problems.map((p) => p.field)).toEqual(['accounts[1].id', 'faults[0].account']);
  });

  it('refuses a fault rule that does nothing', () => {
    // Prepare
    const text = VALID.replace('    throttle: 2\n', '');

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.problems[0]).toMatchObject({ field: 'faults[0]', problem: 'does nothing: give throttle, error or latencyMs' });
  });

  it('reads a CloudFormation resource fault rule', () => {
    // Prepare
    const text = `${VALID}  - stack: deploy-*\n    resource: Topic\n    operation: create\n    times: 1\n    error:\n      message: Topic limit exceeded\n`;

    // Act
    const org = parseOrganization(text, 'org.yaml');

    // Assess
    expect(org.faults[1]).toEqual({ stack: 'deploy-*', resource: 'Topic', operation: 'create', times: 1, error: { message: 'Topic limit exceeded' } });
  });

  it('refuses a resource fault rule with a throttle, naming the field', () => {
    // Prepare
    const text = `${VALID}  - stack: deploy-*\n    throttle: 1\n    error:\n      message: nope\n`;

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.problems[0]).toMatchObject({ field: 'faults[1].throttle', problem: "is a call fault's field, but stack makes this a resource fault: split it into two rules" });
  });

  it('refuses a call fault whose error has no code', () => {
    // Prepare
    const text = VALID.replace('    throttle: 2\n', '    error:\n      message: down\n      status: 503\n');

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.problems[0]?.field).toBe('faults[0].error.code');
    expect(error.problems[0]?.problem).toContain('is required for a call fault');
  });

  it('reports YAML syntax errors with their line', () => {
    // Prepare
    const text = 'organization:\n  id: [unclosed\n';

    // Act
    const error = problemsOf(text);

    // Assess
    expect(error.problems[0]?.field).toBe('(yaml)');
    expect(error.message).toMatch(/^Organization fixture org\.yaml is invalid:\n {2}org\.yaml:\d+:\d+ /);
  });

  it('reads back what organizationToYaml writes', () => {
    // Prepare
    const org = defaultOrganization();

    // Act
    const again = parseOrganization(organizationToYaml(org), 'default.yaml');

    // Assess
    expect(again).toEqual(org);
  });
});
