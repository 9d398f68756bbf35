import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorNames, Outcomes } from '../../../orchestrator/contract';
import type { SynthesizedStateMachine } from '../../support/state-machine-harness';
import { TEST_REGIONS } from '../../support/fake-org';
import { World, WORKER, type WorkerBehaviour } from '../../support/state-machine-world';

const FAILING = { account: '200000000003', region: 'eu-west-1' };
const input = (extra: Record<string, unknown> = {}) => ({ Function: WORKER, Regions: TEST_REGIONS, ...extra });

let machine: SynthesizedStateMachine;
let world: World | undefined;

beforeAll(() => {
  machine = World.synthesize();
});

afterEach(() => {
  world?.dispose();
  world = undefined;
});

function newWorld(behaviour?: WorkerBehaviour, accounts = 5): World {
  world = new World(machine, { accounts, behaviour });
  return world;
}

const failOne: WorkerBehaviour = async (ctx) => {
  if (ctx.accountId === FAILING.account && ctx.region === FAILING.region) {
    throw Object.assign(new Error('bucket policy refused'), { name: 'AccessDeniedException' });
  }
  return { Status: 'SUCCEEDED', Result: { region: ctx.region } };
};

describe('the synthesized state machine, run locally with the real handlers', () => {
  it('(a) runs 5 accounts x 3 regions with one AssumeRole per account', async () => {
    // Prepare
    const w = newWorld();

    // Act
    const result = await w.run(input(), 'all-succeed');

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(w.aws.assumeRoleCalls).toHaveLength(5);
    expect(w.workerInvocations()).toBe(15);
    expect(w.resultKeys()).toHaveLength(15);
    const summary = w.summary('all-succeed');
    expect(summary.Counts.SUCCEEDED).toBe(15);
    expect(summary.Targets).toHaveLength(15);
    expect(w.aws.published).toHaveLength(0);
  });

  it('emails a summary of an execution where everything succeeded only when NotifyOnSuccess is set', async () => {
    // Prepare
    const w = newWorld();

    // Act
    const result = await w.run({ ...input(), NotifyOnSuccess: true }, 'all-succeed-notified');

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(w.aws.published).toHaveLength(1);
    expect(JSON.stringify(w.aws.published[0])).toContain('15');
  });

  it('(b) records one thrown worker error and lets the 14 siblings succeed under tolerance 1', async () => {
    // Prepare
    const w = newWorld(failOne);

    // Act
    const result = await w.run(input({ FailureTolerance: { Count: 1 } }), 'one-fails-tolerated');

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const summary = w.summary('one-fails-tolerated');
    expect(summary.Counts.SUCCEEDED).toBe(14);
    expect(summary.Counts.FAILED).toBe(1);
    expect(summary.Failures).toHaveLength(1);
    expect(summary.Failures[0].Targets).toEqual([expect.objectContaining({ AccountId: FAILING.account, Region: FAILING.region })]);
    expect(summary.Failures[0].Error).toBe('AccessDeniedException');
    expect(w.aws.published).toHaveLength(1);
  });

  it('(b) fails with ToleranceExceeded when the same failure meets tolerance 0', async () => {
    // Prepare
    const w = newWorld(failOne);

    // Act
    const result = await w.run(input({ FailureTolerance: { Count: 0 } }), 'one-fails-strict');

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe(ErrorNames.TOLERANCE_EXCEEDED);
    expect(w.summary('one-fails-strict').Counts.SUCCEEDED).toBe(14);
    expect(w.aws.published).toHaveLength(1);
  });

  it('(b) catches a worker that crashes outside defineWorker and lets the siblings finish', async () => {
    // Prepare
    const w = newWorld();
    let crashed = false;
    w.wrapWorker((worker) => async (event, context) => {
      const target = event as { AccountId: string; Region: string };
      if (!crashed && target.AccountId === FAILING.account && target.Region === FAILING.region) {
        crashed = true;
        throw Object.assign(new Error('cannot find module'), { name: 'Runtime.ImportModuleError' });
      }
      return worker(event, context);
    });

    // Act
    const result = await w.run(input({ FailureTolerance: { Percentage: 10 } }), 'one-crashes');

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const summary = w.summary('one-crashes');
    expect(summary.Counts.FAILED).toBe(1);
    expect(summary.Counts.SUCCEEDED).toBe(14);
    expect(summary.Failures[0].Error).toBe('Runtime.ImportModuleError');
  });

  it('(c) marks the targets of an account without the member role ASSUME_ROLE_FAILED, others unaffected', async () => {
    // Prepare
    const w = newWorld();
    w.aws.missingRoleAccounts.add('200000000002');

    // Act
    const result = await w.run(input({ FailureTolerance: { Count: 3 } }), 'missing-role');

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const summary = w.summary('missing-role');
    expect(summary.Counts.ASSUME_ROLE_FAILED).toBe(3);
    expect(summary.Counts.SUCCEEDED).toBe(12);
    const failed = summary.Targets.filter((t) => t.Outcome === Outcomes.ASSUME_ROLE_FAILED);
    expect(new Set(failed.map((t) => t.AccountId))).toEqual(new Set(['200000000002']));
    expect(failed[0].Error).toBe('AccessDenied');
    expect(w.workerInvocations()).toBe(12);
  });

  it('(d) polls a worker that answers IN_PROGRESS twice, then succeeds, handing back its state', async () => {
    // Prepare
    const seen: unknown[] = [];
    const w = newWorld(async (ctx) => {
      if (ctx.accountId !== '200000000001' || ctx.region !== 'us-east-1') return { Status: 'SUCCEEDED' };
      seen.push(ctx.state ?? null);
      if (ctx.poll < 2) return { Status: 'IN_PROGRESS', PollAfterSeconds: 7, State: { step: ctx.poll + 1 } };
      return { Status: 'SUCCEEDED', Result: { steps: ctx.poll } };
    });

    // Act
    const result = await w.run(input(), 'polled');

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(seen).toEqual([null, { step: 1 }, { step: 2 }]);
    expect(w.sleeps.filter((ms) => ms === 7000)).toHaveLength(2);
    expect(w.summary('polled').Counts.SUCCEEDED).toBe(15);
  });

  it('(d) ends a worker that never finishes as TIMED_OUT at the poll bound', async () => {
    // Prepare
    const w = newWorld(async (ctx) =>
      ctx.accountId === '200000000001' && ctx.region === 'us-east-1'
        ? { Status: 'IN_PROGRESS', PollAfterSeconds: 1 }
        : { Status: 'SUCCEEDED' },
    );

    // Act
    const result = await w.run(input({ FailureTolerance: { Count: 1 } }), 'never-finishes');

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const summary = w.summary('never-finishes');
    expect(summary.Counts.TIMED_OUT).toBe(1);
    expect(w.sleeps.filter((ms) => ms === 1000).length).toBe(60);
  });

  it('(e) fails a bad input with InvalidInput before any role is assumed or anything written', async () => {
    // Prepare
    const w = newWorld();

    // Act
    const result = await w.run({ Function: WORKER, Regions: ['us-east-1'], Targetz: {} }, 'bad-input');

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe(ErrorNames.INVALID_INPUT);
    expect(result.cause).toContain('Targetz');
    expect(w.aws.assumeRoleCalls).toHaveLength(0);
    expect(w.aws.objects.size).toBe(0);
    expect(w.aws.published).toHaveLength(0);
  });

  it('(f) retries a throttled worker invocation and succeeds', async () => {
    // Prepare
    const w = newWorld();
    w.throttles.set(WORKER, 2);

    // Act
    const result = await w.run(input(), 'throttled');

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(w.summary('throttled').Counts.SUCCEEDED).toBe(15);
    expect(w.workerInvocations()).toBe(17);
    expect(w.sleeps.length).toBeGreaterThanOrEqual(2);
  });

  it('(g) spends at most 20 state transitions per target on the success path', async () => {
    // Prepare
    const w = newWorld();

    // Act
    const result = await w.run(input(), 'transitions');

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const perTarget = result.stats.stateTransitions / 15;
    expect(perTarget).toBeLessThanOrEqual(20);
  });

  it('keeps member credentials out of everything the execution records', async () => {
    // Prepare
    const w = newWorld();

    // Act
    await w.run(input(), 'no-plaintext');

    // Assess
    const everything = JSON.stringify([...w.aws.objects.values(), w.invocations, w.aws.published]);
    expect(w.aws.assumeRoleCalls).toHaveLength(5);
    expect(everything).not.toContain('do-not-leak');
  });

  it('runs waves in order and cancels the rest once a wave breaks the tolerance', async () => {
    // Prepare
    const w = newWorld(async (ctx) =>
      ctx.accountId === '200000000001' ? Promise.reject(new Error('canary broke')) : { Status: 'SUCCEEDED' },
    );

    // Act
    const result = await w.run(input({ Waves: [1, 2], FailureTolerance: { Count: 0 } }), 'waves');

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe(ErrorNames.TOLERANCE_EXCEEDED);
    const summary = w.summary('waves');
    expect(summary.Counts.FAILED).toBe(3);
    expect(summary.Counts.CANCELLED).toBe(12);
    expect(w.aws.assumeRoleCalls).toHaveLength(1);
  });
});
