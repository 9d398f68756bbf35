import { execFile } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const BIN = join(ROOT, 'bin', 'step-everywhere.ts');

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The entry point in a child process, with only the AWS settings each test gives. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: tmpdir(), AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
  return new Promise((done) => {
    execFile(TSX, [BIN, ...args], { cwd: ROOT, env: { ...base, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** A loopback port nothing listens on: bound by the system, then released. */
function closedPort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function expectOneLineWithoutStack(stderr: string): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('bin/step-everywhere.ts', () => {
  it('exits 2 on an unknown flag with one line', async () => {
    // Prepare
    const args = ['run', '--no-such-flag'];

    // Act
    const ran = await cli(args);

    // Assess
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^unknown option '--no-such-flag' — see step-everywhere run --help/);
    expectOneLineWithoutStack(ran.stderr);
  });

  it('exits 2 on a malformed deployment file, naming file:line:column', async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'se-cli-')), 'broken.yaml');
    writeFileSync(file, 'name: broken\nregions: [eu-west-1]\ntargets:\n  acounts: ["111111111111"]\nworker: StepEverywhere_inventory\n');

    // Act
    const ran = await cli(['run', '--file', file]);

    // Assess
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(`${file}:4:3: targets.acounts is not a known key — did you mean "accounts"? the keys here are: accounts, organizationalUnits, exclude, includeHostAccount\n`);
    expectOneLineWithoutStack(ran.stderr);
  });

  it('exits 2 when the endpoint is unreachable, naming it', async () => {
    // Prepare
    const port = await closedPort();
    const env = {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      STEP_EVERYWHERE_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:999999999999:stateMachine:StepEverywhere',
    };

    // Act
    const ran = await cli(['status', 'some-execution'], env);

    // Assess
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(`cannot reach 127.0.0.1:${port} (connection refused) — start the local cloud (npm start) or unset AWS_ENDPOINT_URL to use AWS\n`);
    expectOneLineWithoutStack(ran.stderr);
  });

  it('exits 2 without credentials, naming how to provide them', async () => {
    // Prepare
    const env = { AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true', STEP_EVERYWHERE_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:999999999999:stateMachine:StepEverywhere' };

    // Act
    const ran = await cli(['status', 'some-execution'], env);

    // Assess
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^no AWS credentials found — set AWS_PROFILE/);
    expectOneLineWithoutStack(ran.stderr);
  });
});
