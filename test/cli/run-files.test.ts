import { describe, expect, it } from 'vitest';
import { classifyKeys, countProgress, type RunFileContents } from '../../cli/run-files';
import type { AccountItem } from '../../orchestrator/contract';

const P = 'StepEverywhere/StepEverywhere_x/$LATEST/run-1';

const wave0: AccountItem[] = [
  { AccountId: '111111111111', AccountName: 'a', Regions: ['eu-west-1', 'us-east-1'] },
  { AccountId: '222222222222', AccountName: 'b', Regions: ['eu-west-1'] },
];
const wave1: AccountItem[] = [{ AccountId: '333333333333', AccountName: 'c', Regions: ['eu-west-1', 'us-east-1'] }];

describe('classifyKeys', () => {
  it('sorts run files, result objects and the summary apart, ignoring other keys', () => {
    // Prepare
    const keys = [
      `${P}/_run/waves/1/manifest.json`,
      `${P}/_run/waves/0/manifest.json`,
      `${P}/_run/waves/0/outcomes.json`,
      `${P}/_run/skipped.json`,
      `${P}/_run/notified.json`,
      `${P}/111111111111/eu-west-1.json`,
      `${P}/summary.json`,
      `${P}-other/111111111111/eu-west-1.json`,
      `${P}/111111111111/notes.txt`,
    ];

    // Act
    const listing = classifyKeys(P, keys);

    // Assess
    expect(listing).toEqual({
      manifests: [0, 1],
      tallied: [0],
      hasSkipped: true,
      hasSummary: true,
      results: ['111111111111/eu-west-1'],
    });
  });
});

describe('countProgress', () => {
  it('has no total until the skipped list and every manifest have been read', () => {
    // Prepare
    const listing = classifyKeys(P, [`${P}/_run/waves/0/manifest.json`]);
    const files: RunFileContents = { manifests: new Map([[0, wave0]]), outcomes: new Map() };

    // Act
    const counts = countProgress(listing, files);

    // Assess
    expect(counts.total).toBeUndefined();
    expect(counts.done).toBe(0);
  });

  it('counts skipped targets and result objects of running waves as done', () => {
    // Prepare
    const listing = classifyKeys(P, [
      `${P}/_run/waves/0/manifest.json`,
      `${P}/_run/waves/1/manifest.json`,
      `${P}/_run/skipped.json`,
      `${P}/111111111111/eu-west-1.json`,
      `${P}/222222222222/eu-west-1.json`,
    ]);
    const files: RunFileContents = { manifests: new Map([[0, wave0], [1, wave1]]), outcomes: new Map(), skippedCount: 2 };

    // Act
    const counts = countProgress(listing, files);

    // Assess
    expect(counts).toEqual({ total: 7, done: 4, waves: 2, talliedWaves: 0 });
  });

  it('counts a tallied wave by its outcomes, with its failures, and not its result objects twice', () => {
    // Prepare
    const listing = classifyKeys(P, [
      `${P}/_run/waves/0/manifest.json`,
      `${P}/_run/waves/0/outcomes.json`,
      `${P}/_run/waves/1/manifest.json`,
      `${P}/_run/skipped.json`,
      `${P}/111111111111/eu-west-1.json`,
      `${P}/111111111111/us-east-1.json`,
      `${P}/333333333333/us-east-1.json`,
    ]);
    const files: RunFileContents = {
      manifests: new Map([[0, wave0], [1, wave1]]),
      outcomes: new Map([[0, [{ Outcome: 'SUCCEEDED' as const }, { Outcome: 'FAILED' as const }, { Outcome: 'ASSUME_ROLE_FAILED' as const }]]]),
      skippedCount: 0,
    };

    // Act
    const counts = countProgress(listing, files);

    // Assess
    expect(counts).toEqual({ total: 5, done: 4, failed: 2, waves: 2, talliedWaves: 1 });
  });

  it('waits for a gap in the manifests to close before giving a total', () => {
    // Prepare
    const listing = classifyKeys(P, [`${P}/_run/waves/1/manifest.json`, `${P}/_run/skipped.json`]);
    const files: RunFileContents = { manifests: new Map([[1, wave1]]), outcomes: new Map(), skippedCount: 0 };

    // Act
    const counts = countProgress(listing, files);

    // Assess
    expect(counts.total).toBeUndefined();
  });
});
