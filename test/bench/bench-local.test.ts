import { spawnSync } from 'child_process';
import * as path from 'path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

function bench(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'bench/run.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, AWS_ENDPOINT_URL: '', AWS_PROFILE: '' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run bench on the local cloud (as a child process)', () => {
  it('runs both shapes on a tiny organization and prints the figures as JSON', () => {
    // Act
    const run = bench(['--accounts', '3', '--regions', '2', '--compare-accounts', '2', '--json']);

    // Assess
    expect(run.code, run.stderr).toBe(0);
    const figures = JSON.parse(run.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the printed JSON is what is under test
    expect(figures.mode).toBe('local-cloud');
    const { ours, baseline } = figures.atScale;
    expect(ours).toMatchObject({ shape: 'step-everywhere', accounts: 3, regions: 2, targets: 6, status: 'SUCCEEDED', assumeRoleCalls: 3, outcomes: { SUCCEEDED: 6 }, lambdaThrottles: 0 });
    // One KMS Encrypt per account, one Decrypt per target.
    expect(ours.kmsCalls).toBe(3 + 6);
    expect(baseline).toMatchObject({ shape: 'baseline', targets: 6, status: 'SUCCEEDED', assumeRoleCalls: 6, kmsCalls: 12 });
    for (const m of [ours, baseline]) {
      for (const field of ['wallSeconds', 'targetsPerSecond', 'stateTransitions', 'maxHistoryEventsOfAnyExecution', 'largestPayloadBytes', 'peakRssBytes', 'cpuSeconds', 'lambdaInvocations']) {
        expect(m[field], `${m.shape}.${field}`).toBeGreaterThan(0);
      }
    }
    expect(figures.atScale.projection).toHaveLength(2);
    expect(figures.likeForLike.ours).toMatchObject({ accounts: 2, targets: 4, assumeRoleCalls: 2 });
    expect(figures.likeForLike.ratios.assumeRoleCalls).toBe(2);
    expect(figures.targets.assumeRolePerAccount.met).toBe(true);
  });

  it('refuses a region count it cannot generate, saying which values it takes', () => {
    // Act
    const run = bench(['--accounts', '3', '--regions', '0', '--json']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--regions between 1 and 17');
  });
});
