import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../../cli/commands/validate';
import { fakeDeps } from '../support';

describe('validateCommand', () => {
  it('prints ok for good files and exits 0', () => {
    // Prepare
    const deps = fakeDeps({ files: { 'a.yaml': 'name: a\nregions: [eu-west-1]\nworker: StepEverywhere_inventory\n', 'b.yaml': 'name: b\nworker: StepEverywhere_inventory\n' } });

    // Act
    const code = validateCommand(['a.yaml', 'b.yaml'], deps);

    // Assess
    expect(code).toBe(0);
    expect(deps.out.lines()).toEqual([
      'a.yaml: ok (a: StepEverywhere_inventory, 1 region(s))',
      'b.yaml: ok (b: StepEverywhere_inventory, default regions)',
    ]);
    expect(deps.err.text).toBe('');
  });

  it('prints every problem of every file as file:line:column and exits 2', () => {
    // Prepare
    const deps = fakeDeps({ files: { 'good.yaml': 'name: g\nworker: StepEverywhere_inventory\n', 'bad.yaml': 'name: b\nregions: [mars]\nwaves: []\nworker: StepEverywhere_inventory\n' } });

    // Act
    const code = validateCommand(['bad.yaml', 'good.yaml', 'gone.yaml'], deps);

    // Assess
    expect(code).toBe(2);
    expect(deps.err.lines()).toEqual([
      'bad.yaml:2:11: regions[0] ("mars") is not a region code — give a code such as eu-west-1 or us-east-1',
      'bad.yaml:3:8: waves ([]) is empty — list wave sizes such as [1, "10%"], or leave waves out for one wave',
      'gone.yaml:1:1: no such file — give the path of a deployment file (YAML)',
    ]);
    expect(deps.out.lines()).toEqual(['good.yaml: ok (g: StepEverywhere_inventory, default regions)']);
  });
});
