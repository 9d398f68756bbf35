import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

function npmStart(stateDir: string): { code: number | null; out: string } {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'bin/step-everywhere.ts'), 'demo', '--state-dir', stateDir], {
    cwd: ROOT,
    env: { ...process.env, AWS_ENDPOINT_URL: '', AWS_PROFILE: '' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: result.status, out: `${result.stdout}\n${result.stderr}` };
}

describe('npm start (the main job on the embedded cloud, as a child process)', () => {
  it('pushes the example repository, runs the pipeline (inventory everywhere with one tolerated failure, the alerts stack in waves), and runs again', () => {
    // Prepare
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'step-everywhere-start-'));

    // Act
    const first = npmStart(stateDir);
    const second = npmStart(stateDir);

    // Assess
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('23/23 accounts have StepEverywhereMember');
    expect(first.out).toContain('git push: main updated');
    expect(first.out).toMatch(/StepEverywhere \w{8}: stage UpdatePipeline Succeeded/);
    expect(first.out).toMatch(/StepEverywhere \w{8}: Run-order-0\/inventory Succeeded/);
    expect(first.out).toMatch(/StepEverywhere \w{8}: Run-order-1\/alerts Succeeded/);
    expect(first.out).toMatch(/72 targets: 67 SUCCEEDED, 1 FAILED, 4 SKIPPED/);
    expect(first.out).toContain('AssumeRole of the member role by the inventory run: 23 (active member accounts: 23)');
    expect(first.out).toMatch(/workloads-05 \(200000000005\) eu-west-1/);
    expect(first.out).toMatch(/StepEverywhere_cloudformation-deployer:\$LATEST · 48 targets: 46 SUCCEEDED, 2 SKIPPED/);
    expect(fs.readFileSync(path.join(stateDir, 'report.html'), 'utf8')).toContain('200000000012');
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('git push: nothing new on main');
    expect(second.out).toMatch(/release change: started/);
    expect(second.out).toMatch(/StepEverywhere_cloudformation-deployer:\$LATEST · 48 targets: 46 NO_CHANGE, 2 SKIPPED/);
    const emails = fs.readdirSync(path.join(stateDir, 'outbox')).filter((f) => f.endsWith('.eml'));
    // One per inventory run (its injected failure); the alerts runs failed nothing, so sent none.
    expect(emails).toHaveLength(2);
    for (const email of emails) expect(fs.readFileSync(path.join(stateDir, 'outbox', email), 'utf8')).toContain('200000000005');
  }, 420_000);
});
