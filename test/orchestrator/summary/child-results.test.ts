import { describe, expect, it } from 'vitest';
import { INVALID_ACCOUNT_RESULT, toChildResult } from '../../../orchestrator/summary/child-results';
import { account, accountResult, writerRecord } from './builders';

describe('toChildResult', () => {
  it('reads a succeeded child: account from its output, stop time as epoch milliseconds', () => {
    // Prepare
    const a = account('111111111111');
    const rec = writerRecord(a, 'SUCCEEDED', { output: accountResult(a), stop: '2026-01-01T10:05:00.000Z' });

    // Act
    const child = toChildResult(rec, 'file');

    // Assess
    expect(child).toMatchObject({ Status: 'SUCCEEDED', AccountId: '111111111111', StopTime: Date.parse('2026-01-01T10:05:00.000Z') });
    expect(child.Output?.Targets).toHaveLength(2);
  });

  it('reads a failed child: account from its input, error and cause kept', () => {
    // Prepare
    const a = account('222222222222');
    const rec = writerRecord(a, 'FAILED', { error: 'States.Runtime', cause: 'bad path' });

    // Act
    const child = toChildResult(rec, 'file');

    // Assess
    expect(child).toMatchObject({ Status: 'FAILED', AccountId: '222222222222', Error: 'States.Runtime', Cause: 'bad path' });
  });

  it('reads a pending child with no stop date', () => {
    // Prepare
    const a = account('333333333333');
    const rec = writerRecord(a, 'PENDING');

    // Act
    const child = toChildResult(rec, 'file');

    // Assess
    expect(child).toMatchObject({ Status: 'PENDING', AccountId: '333333333333', StopTime: undefined });
  });

  it('turns a succeeded child whose output is not an AccountResult into a failed one that says why', () => {
    // Prepare
    const a = account('444444444444');
    const rec = writerRecord(a, 'SUCCEEDED', { output: { Account: 'nope' } });

    // Act
    const child = toChildResult(rec, 'file');

    // Assess
    expect(child).toMatchObject({ Status: 'FAILED', AccountId: '444444444444', Error: INVALID_ACCOUNT_RESULT });
    expect(child.Cause).toMatch(/not an AccountResult \(AccountId: Required\)/);
  });

  it('turns a succeeded child with no exported output into a failed one', () => {
    // Prepare
    const a = account('555555555555');
    const rec = writerRecord(a, 'SUCCEEDED');

    // Act
    const child = toChildResult(rec, 'file');

    // Assess
    expect(child).toMatchObject({ Status: 'FAILED', Cause: 'the child execution succeeded but its output was not exported' });
  });

  it('rejects a record with no Status, naming the file and the writer setting to fix', () => {
    // Prepare
    const rec = { Output: '{}' };

    // Act
    const act = () => toChildResult(rec, 's3://b/k/SUCCEEDED_0.json');

    // Assess
    expect(act).toThrow(/s3:\/\/b\/k\/SUCCEEDED_0\.json: a record is not a Distributed Map child result \(Status: Required\).*transformation \(NONE\)/);
  });
});
