import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../orchestrator/contract';
import { groupFailures } from '../../../orchestrator/summary/group-failures';
import type { TargetOutcome } from '../../../orchestrator/summary/types';

const target = (id: string, region: string, outcome: Outcome, error?: string, cause?: string): TargetOutcome => ({
  AccountId: id,
  AccountName: `n${id}`,
  Region: region,
  Outcome: outcome,
  ...(error ? { Error: error } : {}),
  ...(cause ? { Cause: cause } : {}),
});

describe('groupFailures', () => {
  it('groups the same failure quoted with each target\'s own account and region, keeping each target\'s link', () => {
    // Prepare
    const denied = (account: string, region: string) => `not authorized to perform sns:CreateTopic on arn:aws:sns:${region}:${account}:outside`;
    const targets = [
      { ...target('200000000001', 'us-east-1', 'FAILED', 'RolledBack', denied('200000000001', 'us-east-1')), Link: { Text: 'stack A', Url: 'https://console/a' } },
      target('200000000002', 'eu-west-1', 'FAILED', 'RolledBack', denied('200000000002', 'eu-west-1')),
    ];

    // Act
    const groups = groupFailures(targets);

    // Assess
    expect(groups).toHaveLength(1);
    expect(groups[0].Cause).toBe('not authorized to perform sns:CreateTopic on arn:aws:sns:<region>:<account>:outside');
    expect(groups[0].Targets[0]).toEqual({ AccountId: '200000000001', AccountName: 'n200000000001', Region: 'us-east-1', Link: { Text: 'stack A', Url: 'https://console/a' } });
  });

  it('groups failed targets by outcome, error and cause, largest group first', () => {
    // Prepare
    const targets = [
      target('1', 'us-east-1', 'FAILED', 'E1', 'disk full'),
      target('2', 'us-east-1', 'ASSUME_ROLE_FAILED', 'AR', 'not tagged'),
      target('3', 'us-east-1', 'ASSUME_ROLE_FAILED', 'AR', 'not tagged'),
      target('4', 'eu-west-1', 'ASSUME_ROLE_FAILED', 'AR', 'not tagged'),
      target('5', 'us-east-1', 'FAILED', 'E1', 'other cause'),
    ];

    // Act
    const groups = groupFailures(targets);

    // Assess
    expect(groups.map((g) => [g.Outcome, g.Error, g.Cause, g.Count])).toEqual([
      ['ASSUME_ROLE_FAILED', 'AR', 'not tagged', 3],
      ['FAILED', 'E1', 'disk full', 1],
      ['FAILED', 'E1', 'other cause', 1],
    ]);
    expect(groups[0]?.Targets).toEqual([
      { AccountId: '2', AccountName: 'n2', Region: 'us-east-1' },
      { AccountId: '3', AccountName: 'n3', Region: 'us-east-1' },
      { AccountId: '4', AccountName: 'n4', Region: 'eu-west-1' },
    ]);
  });

  it('leaves out successes, skipped and cancelled targets', () => {
    // Prepare
    const targets = [target('1', 'a', 'SUCCEEDED'), target('2', 'a', 'NO_CHANGE'), target('3', 'a', 'SKIPPED', undefined, 'suspended'), target('4', 'a', 'CANCELLED', undefined, 'wave 1 was not started')];

    // Act
    const groups = groupFailures(targets);

    // Assess
    expect(groups).toEqual([]);
  });

  it('keeps the same cause under different outcomes apart', () => {
    // Prepare
    const targets = [target('1', 'a', 'FAILED', 'E', 'c'), target('2', 'a', 'TIMED_OUT', 'E', 'c')];

    // Act
    const groups = groupFailures(targets);

    // Assess
    expect(groups).toHaveLength(2);
  });
});
