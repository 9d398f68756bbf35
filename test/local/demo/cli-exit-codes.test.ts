import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedCloud } from '../../../local/cloud';
import { DEMO_FAULT, demoOrganization } from '../../../local/demo/organization';
import { DEMO_REGION, prepareLocalCloud } from '../../../local/demo/prepare';
import { DEFAULT_OPERATOR } from '../../../local/identity/users';
import type { LocalCloud } from '../../../local/server';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = [require.resolve('tsx/cli'), path.join(ROOT, 'bin/step-everywhere.ts')];

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let stateDir: string;
let cloud: LocalCloud;

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: os.tmpdir(),
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_OPERATOR.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_OPERATOR.secretAccessKey,
    AWS_REGION: DEMO_REGION,
  };
}

/** The CLI as a user runs it, in its own process, against the cloud this test serves. */
function cli(args: string[]): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...BIN, ...args], { cwd: ROOT, env: env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  // The orchestrator deployed and the member roles bootstrapped as npm start does, in this
  // process, on a cloud with the demo's injected fault that the CLI processes then call.
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-cli-'));
  const organization = demoOrganization();
  cloud = await startEmbeddedCloud({ stateDir, port: 0, organization, log: () => undefined });
  await prepareLocalCloud(cloud, organization, stateDir, () => undefined);
}, 300_000);

afterAll(async () => {
  await cloud?.close();
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('the CLI against the local cloud, as a child process', () => {
  it('exits 1 when the failure tolerance is exceeded, after showing progress; results --json has the documented shape', async () => {
    // Act
    const ran = await cli(['run', '--worker', 'StepEverywhere_inventory', '--regions', DEMO_FAULT.region, '--tolerance', '0', '--name', 'strict-run', '--interval', '1']);
    const results = await cli(['results', 'strict-run', '--json']);

    // Assess
    expect(ran.code, ran.stderr).toBe(1);
    expect(ran.stdout).toMatch(/\d+\/\d+ targets/);
    expect(ran.stdout).toContain('StepEverywhere.ToleranceExceeded');
    expect(results.code, results.stderr).toBe(1);
    const report = JSON.parse(results.stdout) as {
      schemaVersion: number;
      execution: { status: string; error?: string };
      summary: { counts: Record<string, number>; toleranceExceeded: boolean; failures: Array<{ targets: Array<{ accountId: string; region: string }> }>; targets: unknown[] };
      locations: { bucket: string };
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.execution.status).toBe('FAILED');
    expect(report.execution.error).toBe('StepEverywhere.ToleranceExceeded');
    expect(report.summary.toleranceExceeded).toBe(true);
    expect(report.summary.counts.FAILED).toBe(1);
    expect(Object.keys(report.summary.counts).sort()).toEqual(['ASSUME_ROLE_FAILED', 'CANCELLED', 'FAILED', 'NO_CHANGE', 'SKIPPED', 'SUCCEEDED', 'TIMED_OUT']);
    expect(report.summary.failures[0].targets).toEqual([expect.objectContaining({ accountId: DEMO_FAULT.account, region: DEMO_FAULT.region })]);
    expect(report.locations.bucket).toBeTruthy();
  }, 180_000);

  it('exits 0 on success, and results --html names every target', async () => {
    // Prepare
    const html = path.join(stateDir, 'cli-report.html');

    // Act
    const ran = await cli(['run', '--worker', 'StepEverywhere_inventory', '--regions', 'us-east-1', '--accounts', '200000000001,200000000002', '--name', 'small-run']);
    const results = await cli(['results', 'small-run', '--html', html]);

    // Assess
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/2 targets: 2 SUCCEEDED/);
    expect(results.code, results.stderr).toBe(0);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('200000000001');
    expect(page).toContain('200000000002');
  }, 180_000);

  it('exits 2 with one line on an unknown execution', async () => {
    // Act
    const ran = await cli(['status', 'no-such-execution']);

    // Assess
    expect(ran.code).toBe(2);
    expect(ran.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(ran.stderr).toContain('no-such-execution');
    expect(ran.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
