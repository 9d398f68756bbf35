import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitNewExecutions, knownExecutions, type PipelineRun } from '../../../local/demo/pipeline-flow';
import { countsOf, startAppPipelineWorld, type AppPipelineWorld } from './app-pipeline-world';
import { interleavings } from './stage-occupancy';

// This app's own pipeline, synthesized from a platform team's repository and driven by real
// `git push`: each push builds with the repository's buildspec.yml (npm ci, validate, npm test,
// cdk synth), so the tests of this file run one after the other on one world.

const REGIONS = ['us-east-1', 'eu-west-1'];

function write(workTree: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(workTree, file)), { recursive: true });
  fs.writeFileSync(path.join(workTree, file), text);
}

/** The example's alerts template with one tag on its topic: a change CloudFormation applies as an update. */
function taggedAlertsTemplate(workTree: string, team: string): string {
  const text = fs.readFileSync(path.join(workTree, 'templates', 'alerts-topic.yaml'), 'utf8');
  const tagged = text.replace(/( +)DisplayName: !Ref DisplayName\n(\s+Tags:\n(?:\s+- .*\n)+)?/, (_, indent: string) => `${indent}DisplayName: !Ref DisplayName\n${indent}Tags:\n${indent}  - {Key: team, Value: ${team}}\n`);
  if (tagged === text) throw new Error('templates/alerts-topic.yaml no longer has the DisplayName line this test tags after');
  return tagged;
}

/** The team's repository: two deployments of the deployer, `audit` (order 0) and the example's `alerts` (order 1). */
function twoDeployments(workTree: string): void {
  fs.rmSync(path.join(workTree, 'deployments', 'inventory.yaml'));
  fs.copyFileSync(path.join(workTree, 'templates', 'alerts-topic.yaml'), path.join(workTree, 'templates', 'audit-topic.yaml'));
  write(workTree, 'deployments/audit.yaml', ['name: audit', 'template: ../templates/audit-topic.yaml', 'stackName: StepEverywhere-audit', `regions: [${REGIONS.join(', ')}]`, 'tolerance: {count: 0}', ''].join('\n'));
}

let world: AppPipelineWorld;
let first: PipelineRun;

beforeAll(async () => {
  ({ world, first } = await startAppPipelineWorld(twoDeployments));
}, 420_000);

afterAll(async () => {
  await world?.close();
}, 120_000);

describe("this app's pipeline, driven by git push on the local cloud", () => {
  it('deploys the orchestrator and fans out both deployments, in their order, on the first run', async () => {
    // Act
    const deployments = await world.deployments(first);

    // Assess
    expect(first.final.status, JSON.stringify(first.executions)).toBe('Succeeded');
    expect(deployments.map((d) => [d.stage, d.deployment, d.status])).toEqual([
      ['Run-order-0', 'audit', 'Succeeded'],
      ['Run-order-1', 'alerts', 'Succeeded'],
    ]);
    for (const d of deployments) expect(countsOf(d.report)).toEqual({ SUCCEEDED: world.members.length * REGIONS.length });
    for (const account of world.members) {
      for (const region of REGIONS) {
        expect(await world.stackStatus(account, region, 'StepEverywhere-alerts')).toBe('CREATE_COMPLETE');
        expect(await world.stackStatus(account, region, 'StepEverywhere-audit')).toBe('CREATE_COMPLETE');
      }
    }
    const stages = await world.stages();
    expect(stages.Orchestrator?.latestExecution?.pipelineExecutionId).toBe(first.final.pipelineExecutionId);
    expect(world.emails()).toEqual([]);
  }, 60_000);

  it('fails the run at synth on an invalid deployment file, naming file:line, and deploys nothing', async () => {
    // Prepare
    const before = await world.stages();

    // Act
    const run = await world.commitAndPush('a deployment with a missing template', (tree) => write(tree, 'deployments/broken.yaml', 'name: broken\ntemplate: ../templates/missing.yaml\n'));

    // Assess
    expect(run.final.status).toBe('Failed');
    const stages = await world.stages();
    expect(stages.Build?.latestExecution).toEqual({ pipelineExecutionId: run.final.pipelineExecutionId, status: 'Failed' });
    expect(stages.Build?.actionStates?.[0]?.latestExecution?.errorDetails?.message).toMatch(/deployments\/broken\.yaml:2:\d+/);
    for (const stage of ['UpdatePipeline', 'Orchestrator', 'Run-order-0', 'Run-order-1']) {
      expect(stages[stage]?.latestExecution, stage).toEqual(before[stage]?.latestExecution);
    }
  }, 420_000);

  it('restarts the run on the new definition after a change under pipeline/, then updates the changed template\'s stacks and leaves the other deployment NO_CHANGE', async () => {
    // Act
    const run = await world.commitAndPush('remove the broken file; give the synth step a variable; tag the alerts topic', (tree) => {
      fs.rmSync(path.join(tree, 'deployments', 'broken.yaml'));
      const file = path.join(tree, 'pipeline', 'pipeline-stack.ts');
      const text = fs.readFileSync(file, 'utf8');
      const changed = text.replace('env: { [PIPELINE_CONTEXT_VARIABLE]: props.source.context },', "env: { [PIPELINE_CONTEXT_VARIABLE]: props.source.context, TEAM: 'platform' },");
      if (changed === text) throw new Error('pipeline/pipeline-stack.ts no longer has the synth env line this test changes');
      fs.writeFileSync(file, changed);
      write(tree, 'templates/alerts-topic.yaml', taggedAlertsTemplate(tree, 'platform'));
    });
    const deployments = await world.deployments(run);

    // Assess
    const [superseded, restarted] = run.executions;
    expect(run.executions.map((e) => e.status)).toEqual(['Superseded', 'Succeeded']);
    expect(superseded?.statusSummary).toMatch(/updated to version \d+/);
    expect(restarted?.trigger?.triggerDetail).toMatch(/RestartExecutionOnUpdate/);
    expect(restarted?.pipelineVersion).toBeGreaterThan(superseded?.pipelineVersion ?? 0);
    const byName = Object.fromEntries(deployments.map((d) => [d.deployment, d]));
    const targets = world.members.length * REGIONS.length;
    expect(countsOf(byName.alerts?.report)).toEqual({ SUCCEEDED: targets });
    expect(countsOf(byName.audit?.report)).toEqual({ NO_CHANGE: targets });
    for (const account of world.members) {
      for (const region of REGIONS) {
        expect(await world.stackStatus(account, region, 'StepEverywhere-alerts')).toBe('UPDATE_COMPLETE');
        expect(await world.stackStatus(account, region, 'StepEverywhere-audit')).toBe('CREATE_COMPLETE');
      }
    }
  }, 420_000);

  it('fails the run when a deployment breaks its tolerance, runs no later deployment, and the summary email names the failures', async () => {
    // Prepare
    const failing = world.members[1]!;
    const rule = world.cloud.faults.add({ account: failing, service: 'cloudformation', action: 'DescribeStacks', error: { code: 'AccessDenied', message: 'injected: CloudFormation is denied in this account', status: 403 } });

    // Act
    const run = await world.releaseChange();
    world.cloud.faults.remove(rule);
    const deployments = await world.deployments(run);

    // Assess
    expect(run.final.status).toBe('Failed');
    expect(deployments.map((d) => [d.deployment, d.status])).toEqual([['audit', 'Failed']]);
    const audit = deployments[0];
    expect(audit?.message).toMatch(/StepEverywhere\.ToleranceExceeded/);
    expect(countsOf(audit?.report)).toEqual({ FAILED: REGIONS.length, NO_CHANGE: (world.members.length - 1) * REGIONS.length });
    const stages = await world.stages();
    expect(stages['Run-order-1']?.latestExecution?.pipelineExecutionId).not.toBe(run.final.pipelineExecutionId);
    const email = world.emails().find((text) => text.includes(audit!.report!.execution.name));
    expect(email).toBeDefined();
    expect(email).toContain(failing);
    expect(email).toContain('injected: CloudFormation is denied in this account');
  }, 420_000);

  it('never runs two quick pushes in one stage at once: the second queues behind or supersedes the first', async () => {
    // Prepare
    const from = world.progress.length;
    const known = await knownExecutions(world.codepipeline);

    // Act
    await world.commitAndPushOnly('first quick push', (tree) => fs.appendFileSync(path.join(tree, 'README.md'), '\nFirst note.\n'));
    await world.commitAndPushOnly('second quick push', (tree) => fs.appendFileSync(path.join(tree, 'README.md'), '\nSecond note.\n'));
    const run = await awaitNewExecutions(world.codepipeline, known, { timeoutMs: 400_000 });

    // Assess
    expect(interleavings(world.progress.slice(from))).toEqual([]);
    expect(run.executions.length).toBeGreaterThanOrEqual(2);
    for (const execution of run.executions) expect(['Succeeded', 'Superseded']).toContain(execution.status);
    expect(run.final.status).toBe('Succeeded');
    expect(run.final.artifactRevisions?.[0]?.revisionSummary).toBe('second quick push');
  }, 420_000);
});
