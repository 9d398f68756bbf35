import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/program';
import { processDeps, type CliDeps } from '../../../cli/deps';
import { AppStacks } from '../../../bin/app-stacks';
import { startEmbeddedCloud } from '../../../local/cloud';
import { deployCloudAssembly } from '../../../local/cloudformation/cloud-assembly';
import { demoOrganization, provisionAccountAccessRoles } from '../../../local/demo/organization';
import { synthesizeApp } from '../../../local/demo/synthesize';
import { DEFAULT_OPERATOR, userArn } from '../../../local/identity/users';
import type { LocalCloud } from '../../../local/server';
import { DEFAULT_MEMBER_ROLE_NAME } from '../../../orchestrator/contract';

let cloud: LocalCloud;
let assembly: string;
let credentialsRoleArn: string;

function capture(): { deps: CliDeps; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    deps: { ...processDeps(), stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } } as CliDeps,
    out,
    err,
  };
}

beforeAll(async () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-bootstrap-'));
  const org = demoOrganization();
  cloud = await startEmbeddedCloud({ stateDir, port: 0, organization: org, log: () => undefined });
  await provisionAccountAccessRoles(cloud.store, org);
  assembly = synthesizeApp(path.join(stateDir, 'cdk.out'));
  const caller = { accountId: DEFAULT_OPERATOR.accountId, principalArn: userArn(DEFAULT_OPERATOR), arn: userArn(DEFAULT_OPERATOR), accessKeyId: DEFAULT_OPERATOR.accessKeyId };
  const deployed = await deployCloudAssembly(cloud.cloud, { assemblyDir: assembly, stackName: AppStacks.ORCHESTRATOR, accountId: org.managementAccountId, region: 'us-east-1', caller });
  credentialsRoleArn = deployed.outputs.CredentialsRoleArn;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_OPERATOR.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_OPERATOR.secretAccessKey,
    AWS_REGION: 'us-east-1',
  });
}, 120_000);

afterAll(async () => {
  await cloud.close();
});

describe('step-everywhere bootstrap (on the local cloud)', () => {
  it('deploys the member role so the orchestrator may assume it, and nobody else', async () => {
    // Prepare
    const { deps, out } = capture();

    // Act
    const code = await main(['bootstrap', '--assembly', assembly, '--accounts', '200000000001,200000000002'], deps);

    // Assess
    expect(code, out.join('')).toBe(0);
    expect(out.join('')).toContain('2/2 deployed');
    const operatorTries = new STSClient({}).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::200000000001:role/${DEFAULT_MEMBER_ROLE_NAME}`, RoleSessionName: 'operator' }),
    );
    await expect(operatorTries).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(credentialsRoleArn).toMatch(/^arn:aws:iam::111111111111:role\//);
  });

  it('reports an account it cannot enter and exits 1, deploying the others', async () => {
    // Prepare
    const { deps, out } = capture();

    // Act
    const code = await main(['bootstrap', '--assembly', assembly, '--accounts', '200000000003', '--access-role', 'NoSuchRole'], deps);

    // Assess
    expect(code).toBe(1);
    expect(out.join('')).toMatch(/200000000003\s+FAILED\s+AccessDenied/);
  });

  it('names the missing assembly and the fix, exit 2', async () => {
    // Prepare
    const { deps, err } = capture();

    // Act
    const code = await main(['bootstrap', '--assembly', '/nonexistent/cdk.out'], deps);

    // Assess
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/StepEverywhereMember\.template\.json does not exist — run `npm run synth` first/);
  });

  it('refuses a malformed account id before deploying anything', async () => {
    // Prepare
    const { deps, err } = capture();

    // Act
    const code = await main(['bootstrap', '--assembly', assembly, '--accounts', '12345'], deps);

    // Assess
    expect(code).toBe(2);
    expect(err.join('')).toContain('--accounts: "12345" is not a 12-digit account id');
  });
});
