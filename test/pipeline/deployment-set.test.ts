import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { loadDeployments, orderGroups } from '../../pipeline';
import { repository } from './pipeline-fixture';

const INVENTORY = (name: string, order?: number) => `name: ${name}\nworker: StepEverywhere_inventory\n${order === undefined ? '' : `order: ${order}\n`}`;

describe('loadDeployments', () => {
  it('reads .yaml and .yml files in file-name order, ignoring other files', () => {
    // Prepare
    const root = repository({ 'd/b.yml': INVENTORY('b'), 'd/a.yaml': INVENTORY('a'), 'd/notes.md': '# not a deployment' });

    // Act
    const deployments = loadDeployments(path.join(root, 'd'));

    // Assess
    expect(deployments.map((d) => d.deployment.name)).toEqual(['a', 'b']);
  });

  it('reports every invalid file, each at file:line:column', () => {
    // Prepare
    const root = repository({ 'd/a.yaml': 'name: a\nworker: StepEverywhere_inventory\norder: -1\n', 'd/b.yaml': 'name: b\nworker: StepEverywhere_inventory\nregions: [mars]\n' });

    // Act / Assess
    expect(() => loadDeployments(path.join(root, 'd'))).toThrow(/a\.yaml:3:8: order .*must be 0 or more[\s\S]*b\.yaml:3:11: regions\[0\]/);
  });

  it('reads a deployment template relative to its file', () => {
    // Prepare
    const root = repository({ 't/topic.yaml': 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n', 'd/a.yaml': 'name: a\ntemplate: ../t/topic.yaml\n' });

    // Act
    const [deployment] = loadDeployments(path.join(root, 'd'));

    // Assess
    expect(deployment.template?.path).toBe(path.join(root, 't', 'topic.yaml'));
  });
});

describe('orderGroups', () => {
  it('groups by ascending order, 0 when none is given, keeping file order within a group', () => {
    // Prepare
    const root = repository({ 'd/a.yaml': INVENTORY('a', 2), 'd/b.yaml': INVENTORY('b'), 'd/c.yaml': INVENTORY('c', 2), 'd/d.yaml': INVENTORY('d', 1) });

    // Act
    const groups = orderGroups(loadDeployments(path.join(root, 'd')));

    // Assess
    expect(groups.map((g) => [g.order, g.deployments.map((d) => d.deployment.name)])).toEqual([
      [0, ['b']],
      [1, ['d']],
      [2, ['a', 'c']],
    ]);
  });

  it('gives no group for no deployments', () => {
    // Act / Assess
    expect(orderGroups([])).toEqual([]);
  });
});
