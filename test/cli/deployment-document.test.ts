import { describe, expect, it } from 'vitest';
import { checkDeploymentText, formatProblem } from '../../cli/deployment-document';
import { DEFAULT_WORKER } from '../../cli/deployment-file';

function problems(text: string): string[] {
  const checked = checkDeploymentText('deployments/x.yaml', text);
  return checked.ok ? [] : checked.problems.map(formatProblem);
}

describe('checkDeploymentText', () => {
  it('accepts a complete file and fills the default worker', () => {
    // Prepare
    const text = [
      'name: baseline',
      'regions: [eu-west-1, us-east-1]',
      'targets:',
      '  accounts: ["111111111111"]',
      '  organizationalUnits: [ou-ab12-cdef3456]',
      '  exclude: {accounts: ["222222222222"], organizationalUnits: [ou-ab12-zzzz9999]}',
      '  includeHostAccount: true',
      'payload: {template: a.yaml}',
      'tolerance: {percentage: 10}',
      'maxConcurrency: 20',
      'waves: [1, "10%"]',
      'template: ../templates/a.yaml',
    ].join('\n');

    // Act
    const checked = checkDeploymentText('d.yaml', text);

    // Assess
    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.deployment.worker).toBe(DEFAULT_WORKER);
    expect(checked.ok && checked.deployment.waves).toEqual([1, '10%']);
  });

  it('places an unknown key at the key and suggests the known one', () => {
    // Prepare
    const text = 'name: x\nregoins: [eu-west-1]\ntemplate: t.yaml\n';

    // Act
    const found = problems(text);

    // Assess
    expect(found).toEqual([expect.stringMatching(/^deployments\/x\.yaml:2:1: regoins is not a known key — did you mean "regions"\?/)]);
  });

  it('places a bad list item at the item and names the fix', () => {
    // Prepare
    const text = 'name: x\ntargets:\n  accounts:\n    - "111111111111"\n    - "12345"\ntemplate: t.yaml\n';

    // Act
    const found = problems(text);

    // Assess
    expect(found).toEqual([
      'deployments/x.yaml:5:7: targets.accounts[1] ("12345") is not a 12-digit account id — give the 12 digits, e.g. "123456789012"',
    ]);
  });

  it('tells to quote an account id YAML read as a number', () => {
    // Prepare
    const text = 'name: x\ntargets: {accounts: [111111111111]}\ntemplate: t.yaml\n';

    // Act
    const found = problems(text);

    // Assess
    expect(found[0]).toMatch(/^deployments\/x\.yaml:2:22: targets\.accounts\[0\] \(111111111111\) must be a quoted string — quote the account id/);
  });

  it('reports a missing name at the start of the file', () => {
    // Prepare
    const text = 'regions: [eu-west-1]\ntemplate: t.yaml\n';

    // Act
    const found = problems(text);

    // Assess
    expect(found).toEqual([expect.stringMatching(/^deployments\/x\.yaml:1:1: name is missing — add name: my-rollout/)]);
  });

  it('reports every problem of a file, in line order', () => {
    // Prepare
    const text = ['name: x', 'tolerance: {count: 1, percentage: 5}', 'waves: [0]', 'worker: MyFunction', 'maxConcurrency: 0'].join('\n');

    // Act
    const found = problems(text);

    // Assess
    expect(found).toEqual([
      expect.stringMatching(/^deployments\/x\.yaml:2:12: tolerance .* gives both count and percentage — keep one of them$/),
      expect.stringMatching(/^deployments\/x\.yaml:3:9: waves\[0\] \(0\) is not a wave size — /),
      expect.stringMatching(/^deployments\/x\.yaml:4:9: worker \("MyFunction"\) does not start with "StepEverywhere_" — /),
      expect.stringMatching(/^deployments\/x\.yaml:5:17: maxConcurrency \(0\) must be from 1 to 10000 — /),
    ]);
  });

  it('reports a YAML syntax error at its position, on one line', () => {
    // Prepare
    const text = 'name: x\ntargets:\n  accounts: [a\n';

    // Act
    const found = problems(text);

    // Assess
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^deployments\/x\.yaml:\d+:\d+: .* — fix the YAML syntax here/);
    expect(found[0]).not.toContain('\n');
  });

  it('reports a duplicated key as a syntax problem', () => {
    // Prepare
    const text = 'name: x\nname: y\n';

    // Act
    const found = problems(text);

    // Assess
    expect(found[0]).toMatch(/^deployments\/x\.yaml:2:1: .*unique/i);
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    // Prepare
    const empty = '';
    const list = '- a\n- b\n';

    // Act
    const foundEmpty = problems(empty);
    const foundList = problems(list);

    // Assess
    expect(foundEmpty).toEqual(['deployments/x.yaml:1:1: the file is empty — write a deployment, starting with name: my-rollout']);
    expect(foundList).toEqual(['deployments/x.yaml:1:1: a deployment file must be a YAML mapping — start with name: my-rollout']);
  });

  it('points at the key of a field given no value', () => {
    // Prepare
    const text = 'name: x\ntolerance:\n';

    // Act
    const found = problems(text);

    // Assess
    expect(found[0]).toMatch(/^deployments\/x\.yaml:2:\d+: tolerance \(null\) must be a mapping — write \{count: 2\} or \{percentage: 10\}$/);
  });
});
