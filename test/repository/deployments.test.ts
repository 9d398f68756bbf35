import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { toExecutionInput } from '../../cli/execution-input';
import { checkRunnable, loadDeployments, MAX_ACTIONS_PER_STAGE, orderGroups } from '../../pipeline';

// A platform team's repository keeps this folder of tests (the pipeline's synth step runs
// `npm test`): checks of the repository's own deployment files, beyond what `validate` says.
const DEPLOYMENTS = path.join(__dirname, '..', '..', 'deployments');
// Stands in for the pipeline's asset location: the input's length is what matters.
const SOME_TEMPLATE_URI = `s3://cdk-hnb659fds-assets-123456789012-us-east-1/${'0'.repeat(64)}.yaml`;

describe('the deployment files of this repository', () => {
  it('load as the pipeline loads them, with unique names', () => {
    // Act
    const deployments = loadDeployments(DEPLOYMENTS);

    // Assess
    expect(deployments.length).toBeGreaterThan(0);
    expect(new Set(deployments.map((d) => d.deployment.name)).size).toBe(deployments.length);
  });

  it('each fit in one pipeline action, so `cdk synth` of the pipeline accepts them', () => {
    // Prepare
    const deployments = loadDeployments(DEPLOYMENTS);

    // Act
    const check = () => {
      for (const d of deployments) checkRunnable(d.file, d.deployment.name, toExecutionInput(d.deployment, d.template ? { s3Uri: SOME_TEMPLATE_URI } : undefined));
    };

    // Assess
    expect(check).not.toThrow();
  });

  it('run in pipeline stages CodePipeline accepts (at most 50 actions each)', () => {
    // Act
    const groups = orderGroups(loadDeployments(DEPLOYMENTS));

    // Assess
    for (const group of groups) expect(group.deployments.length, `order ${group.order}`).toBeLessThanOrEqual(MAX_ACTIONS_PER_STAGE);
  });
});
