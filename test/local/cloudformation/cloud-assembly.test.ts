import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrchestratorStack } from '../../../orchestrator';
import { deployCloudAssembly } from '../../../local/cloudformation/cloud-assembly';
import { startLocalCloud, DEFAULT_OPERATOR, type LocalCloud } from '../../../local/server';
import { cloudFormationService } from '../../../local/services/cloudformation/cloudformation-service';
import { listFunctions } from '../../../local/services/lambda/functions';
import { getStateMachine } from '../../../local/services/stepfunctions/state-machines';
import { getParameter } from '../../../local/services/ssm/parameters';
import type { CallerIdentity } from '../../../local/services/service';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const OPERATOR: CallerIdentity = {
  accountId: ACCOUNT,
  principalArn: `arn:aws:iam::${ACCOUNT}:user/operator`,
  arn: `arn:aws:iam::${ACCOUNT}:user/operator`,
  accessKeyId: DEFAULT_OPERATOR.accessKeyId,
};

let assemblyDir: string;
let stateDir: string;
let local: LocalCloud;

beforeAll(async () => {
  assemblyDir = mkdtempSync(path.join(tmpdir(), 'se-assembly-'));
  stateDir = mkdtempSync(path.join(tmpdir(), 'se-assembly-state-'));
  // Synthesized with bundling, as `cdk synth` writes it: the Lambda assets are real directories.
  const app = new App({ outdir: assemblyDir, context: { '@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2': true } });
  new OrchestratorStack(app, 'StepEverywhere', { env: { account: ACCOUNT, region: REGION } });
  app.synth();
  local = await startLocalCloud({ port: 0, stateDir, services: [cloudFormationService({ log: () => undefined })], log: () => undefined });
});

afterAll(async () => {
  await local.close();
  rmSync(assemblyDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

describe('deployCloudAssembly', () => {
  it("deploys the project's own synthesized orchestrator stack to CREATE_COMPLETE, with functions from the asset directories", async () => {
    // Act
    const result = await deployCloudAssembly(local.cloud, { assemblyDir, stackName: 'StepEverywhere', accountId: ACCOUNT, region: REGION, caller: OPERATOR });

    // Assess
    expect(result.status).toBe('CREATE_COMPLETE');
    expect(result.changed).toBe(true);
    expect(result.events[0]?.ResourceStatus).toBe('CREATE_IN_PROGRESS');
    expect(result.events[result.events.length - 1]?.ResourceStatus).toBe('CREATE_COMPLETE');
    expect(result.events.filter((event) => event.ResourceStatus.endsWith('FAILED'))).toEqual([]);
    expect(await getStateMachine(local.cloud, result.outputs.StateMachineArn as string)).toBeDefined();
    const functions = await listFunctions(local.cloud, ACCOUNT, REGION);
    expect(functions.length).toBeGreaterThan(3);
    expect(functions.every((fn) => fn.codeDirectory.startsWith(assemblyDir))).toBe(true);
    expect((await getParameter(local.store, ACCOUNT, REGION, '/cdk-bootstrap/hnb659fds/version'))?.value).toBe('30');
  });

  it('deploying the same assembly again changes nothing and keeps the outputs', async () => {
    // Prepare
    const first = await deployCloudAssembly(local.cloud, { assemblyDir, stackName: 'StepEverywhere', accountId: ACCOUNT, region: REGION, caller: OPERATOR });

    // Act
    const again = await deployCloudAssembly(local.cloud, { assemblyDir, stackName: 'StepEverywhere', accountId: ACCOUNT, region: REGION, caller: OPERATOR });

    // Assess
    expect(again.changed).toBe(false);
    expect(again.status).toBe(first.status);
    expect(again.outputs).toEqual(first.outputs);
    expect(again.events).toEqual([]);
  });

  it('names the stacks the assembly has when asked for one it does not have', async () => {
    // Act
    const refused = await deployCloudAssembly(local.cloud, { assemblyDir, stackName: 'Nope', accountId: ACCOUNT, region: REGION, caller: OPERATOR }).catch((error: Error) => error);

    // Assess
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain('stackName "Nope" is not a stack of the cloud assembly');
    expect((refused as Error).message).toContain('StepEverywhere');
  });
});
