import { describe, expect, it } from 'vitest';
import { collectWaveOutcomes, TallyErrors } from '../../../orchestrator/summary/collect-outcomes';
import type { ChildResult } from '../../../orchestrator/summary/types';
import { account, accountResult, record, succeededChild } from './builders';

const key = (o: { AccountId: string; Region: string }) => `${o.AccountId}/${o.Region}`;

describe('collectWaveOutcomes', () => {
  it('gives each planned target the outcome its worker recorded', () => {
    // Prepare
    const a = account('111111111111');
    const output = { ...accountResult(a), Targets: [record(a.AccountId, 'us-east-1', 'SUCCEEDED'), record(a.AccountId, 'eu-west-1', 'NO_CHANGE')] };

    // Act
    const outcomes = collectWaveOutcomes([a], [succeededChild(output)]);

    // Assess
    expect(outcomes.map((o) => [key(o), o.Outcome, o.AccountName])).toEqual([
      ['111111111111/us-east-1', 'SUCCEEDED', 'acct-111111111111'],
      ['111111111111/eu-west-1', 'NO_CHANGE', 'acct-111111111111'],
    ]);
  });

  it('keeps the result key the worker wrote', () => {
    // Prepare
    const a = account('111111111111', ['us-east-1']);

    // Act
    const [outcome] = collectWaveOutcomes([a], [succeededChild(accountResult(a))]);

    // Assess
    expect(outcome?.ResultKey).toMatch(/111111111111\/us-east-1\.json$/);
  });

  it('expands ASSUME_ROLE_FAILED to every planned region of the account with its cause', () => {
    // Prepare
    const a = account('222222222222', ['us-east-1', 'eu-west-1', 'ap-south-1']);
    const output = { AccountId: a.AccountId, AccountName: a.AccountName, Regions: a.Regions, AccountOutcome: 'ASSUME_ROLE_FAILED' as const, Error: 'StepEverywhere.AssumeRoleFailed', Cause: 'role StepEverywhereMember is not tagged' };

    // Act
    const outcomes = collectWaveOutcomes([a], [succeededChild(output)]);

    // Assess
    expect(outcomes).toHaveLength(3);
    expect(new Set(outcomes.map((o) => `${o.Outcome}|${o.Error}|${o.Cause}`))).toEqual(
      new Set(['ASSUME_ROLE_FAILED|StepEverywhere.AssumeRoleFailed|role StepEverywhereMember is not tagged']),
    );
  });

  it('records every region of a failed child as FAILED with the child error and cause', () => {
    // Prepare
    const a = account('333333333333');
    const child: ChildResult = { Status: 'FAILED', AccountId: a.AccountId, Error: 'States.Runtime', Cause: 'JSONPath $.Access.Answer.Status not found', StopTime: 5 };

    // Act
    const outcomes = collectWaveOutcomes([a], [child]);

    // Assess
    expect(outcomes).toEqual(
      a.Regions.map((Region) => ({ AccountId: a.AccountId, AccountName: a.AccountName, Region, Outcome: 'FAILED', Error: 'States.Runtime', Cause: 'JSONPath $.Access.Answer.Status not found' })),
    );
  });

  it('names the status of a child that ended without error details', () => {
    // Prepare
    const a = account('333333333333', ['us-east-1']);
    const child: ChildResult = { Status: 'ABORTED', AccountId: a.AccountId, StopTime: 5 };

    // Act
    const [outcome] = collectWaveOutcomes([a], [child]);

    // Assess
    expect(outcome).toMatchObject({ Outcome: 'FAILED', Error: 'States.ABORTED', Cause: "the account's child execution ended with status ABORTED" });
  });

  it('records a planned account with no child as FAILED saying no result was recorded', () => {
    // Prepare
    const a = account('444444444444', ['us-east-1']);

    // Act
    const [outcome] = collectWaveOutcomes([a], []);

    // Assess
    expect(outcome).toMatchObject({ Outcome: 'FAILED', Error: TallyErrors.NO_RESULT });
    expect(outcome?.Cause).toBe("no result was recorded for this account: the wave's Distributed Map reported no child execution for it");
  });

  it('records a PENDING child as FAILED saying it had not finished', () => {
    // Prepare
    const a = account('555555555555', ['us-east-1']);
    const child: ChildResult = { Status: 'PENDING', AccountId: a.AccountId };

    // Act
    const [outcome] = collectWaveOutcomes([a], [child]);

    // Assess
    expect(outcome).toMatchObject({ Outcome: 'FAILED', Error: TallyErrors.NO_RESULT });
    expect(outcome?.Cause).toMatch(/had not finished \(status PENDING\)/);
  });

  it('records every target as FAILED with the Map error when the whole Map failed', () => {
    // Prepare
    const planned = [account('111111111111'), account('222222222222')];
    const failure = { Error: 'States.ItemReaderFailed', Cause: 'Access denied reading the manifest' };

    // Act
    const outcomes = collectWaveOutcomes(planned, [], failure);

    // Assess
    expect(outcomes).toHaveLength(4);
    expect(new Set(outcomes.map((o) => o.Cause))).toEqual(
      new Set(["no result was recorded for this account: the wave's Distributed Map failed (States.ItemReaderFailed: Access denied reading the manifest)"]),
    );
  });

  it('counts a redriven child once, preferring the latest stop', () => {
    // Prepare
    const a = account('666666666666', ['us-east-1']);
    const first: ChildResult = { Status: 'FAILED', AccountId: a.AccountId, Error: 'States.Timeout', Cause: 'timed out', StopTime: 100 };
    const redriven = succeededChild(accountResult(a), 200);

    // Act
    const outcomes = collectWaveOutcomes([a], [redriven, first]);

    // Assess
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.Outcome).toBe('SUCCEEDED');
  });

  it('prefers a finished child over a pending one whatever the order', () => {
    // Prepare
    const a = account('666666666666', ['us-east-1']);
    const pending: ChildResult = { Status: 'PENDING', AccountId: a.AccountId };
    const done = succeededChild(accountResult(a), 10);

    // Act
    const outcomes = collectWaveOutcomes([a], [done, pending]);

    // Assess
    expect(outcomes.map((o) => o.Outcome)).toEqual(['SUCCEEDED']);
  });

  it('counts a retried target record once, preferring the final answer', () => {
    // Prepare
    const a = account('777777777777', ['us-east-1']);
    const output = { ...accountResult(a), Targets: [record(a.AccountId, 'us-east-1', 'FAILED', { Poll: 2, Error: 'E', Cause: 'c' }), record(a.AccountId, 'us-east-1', 'IN_PROGRESS', { Poll: 3 })] };

    // Act
    const outcomes = collectWaveOutcomes([a], [succeededChild(output)]);

    // Assess
    expect(outcomes).toEqual([expect.objectContaining({ Region: 'us-east-1', Outcome: 'FAILED', Error: 'E', Cause: 'c' })]);
  });

  it('turns a left-over IN_PROGRESS record into TIMED_OUT', () => {
    // Prepare
    const a = account('888888888888', ['us-east-1']);
    const output = { ...accountResult(a), Targets: [record(a.AccountId, 'us-east-1', 'IN_PROGRESS', { Poll: 7 })] };

    // Act
    const [outcome] = collectWaveOutcomes([a], [succeededChild(output)]);

    // Assess
    expect(outcome).toMatchObject({ Outcome: 'TIMED_OUT', Error: TallyErrors.POLL_LIMIT });
    expect(outcome?.Cause).toMatch(/IN_PROGRESS \(poll 7\)/);
  });

  it('records a planned region missing from the child output as FAILED', () => {
    // Prepare
    const a = account('999999999999', ['us-east-1', 'eu-west-1']);
    const output = { ...accountResult(a), Targets: [record(a.AccountId, 'us-east-1', 'SUCCEEDED')] };

    // Act
    const outcomes = collectWaveOutcomes([a], [succeededChild(output)]);

    // Assess
    expect(outcomes[1]).toMatchObject({ Region: 'eu-west-1', Outcome: 'FAILED', Error: TallyErrors.NO_RESULT });
  });

  it('ignores children and regions that were not planned', () => {
    // Prepare
    const a = account('111111111111', ['us-east-1']);
    const stray = succeededChild(accountResult(account('000000000000')));
    const output = { ...accountResult(a), Targets: [record(a.AccountId, 'us-east-1', 'SUCCEEDED'), record(a.AccountId, 'sa-east-1', 'SUCCEEDED')] };

    // Act
    const outcomes = collectWaveOutcomes([a], [stray, succeededChild(output)]);

    // Assess
    expect(outcomes.map(key)).toEqual(['111111111111/us-east-1']);
  });

  it('shows the errorMessage of a worker failure caught as a Lambda error', () => {
    // Prepare
    const a = account('121212121212', ['us-east-1']);
    const cause = JSON.stringify({ errorMessage: 'bucket policy denies PutObject', errorType: 'AccessDenied', trace: ['at a', 'at b'] });
    const output = { ...accountResult(a), Targets: [record(a.AccountId, 'us-east-1', 'FAILED', { Error: 'AccessDenied', Cause: cause })] };

    // Act
    const [outcome] = collectWaveOutcomes([a], [succeededChild(output)]);

    // Assess
    expect(outcome).toMatchObject({ Error: 'AccessDenied', Cause: 'bucket policy denies PutObject' });
  });

  it('lists a target planned twice only once', () => {
    // Prepare
    const a = account('131313131313', ['us-east-1', 'us-east-1']);

    // Act
    const outcomes = collectWaveOutcomes([a, a], [succeededChild(accountResult(account('131313131313', ['us-east-1'])))]);

    // Assess
    expect(outcomes).toHaveLength(1);
  });
});
