import { describe, expect, it } from 'vitest';
import { codeCommitEvent, matchesPattern } from '../../../local/pipeline/events';
import type { RepositoryRecord } from '../../../local/pipeline/records';

const repository: RepositoryRecord = { name: 'tiny', arn: 'arn:aws:codecommit:us-east-1:111111111111:tiny', repositoryId: 'id', accountId: '111111111111', region: 'us-east-1', path: '/x', cloneUrl: 'file:///x' };
const pattern = { source: ['aws.codecommit'], resources: [repository.arn], 'detail-type': ['CodeCommit Repository State Change'], detail: { event: ['referenceCreated', 'referenceUpdated'], referenceName: ['main'] } };
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

describe('CodeCommit events and rule patterns', () => {
  it('matches a push that updates main against the rule CDK synthesizes', () => {
    // Act
    const event = codeCommitEvent(repository, { oldRev: A, newRev: B, ref: 'refs/heads/main' });

    // Assess
    expect(event.detail).toMatchObject({ event: 'referenceUpdated', referenceName: 'main', commitId: B, oldCommitId: A });
    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it('calls a first push referenceCreated, which the rule also matches', () => {
    // Act
    const event = codeCommitEvent(repository, { oldRev: ZERO, newRev: B, ref: 'refs/heads/main' });

    // Assess
    expect(event.detail.event).toBe('referenceCreated');
    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it('does not match a push to another branch', () => {
    // Act
    const matched = matchesPattern(pattern, codeCommitEvent(repository, { oldRev: A, newRev: B, ref: 'refs/heads/feature' }));

    // Assess
    expect(matched).toBe(false);
  });

  it('does not match a deleted branch', () => {
    // Act
    const matched = matchesPattern(pattern, codeCommitEvent(repository, { oldRev: A, newRev: ZERO, ref: 'refs/heads/main' }));

    // Assess
    expect(matched).toBe(false);
  });

  it('supports prefix and anything-but', () => {
    // Prepare
    const event = codeCommitEvent(repository, { oldRev: A, newRev: B, ref: 'refs/heads/release-1' });

    // Act
    const prefix = matchesPattern({ detail: { referenceName: [{ prefix: 'release-' }] } }, event);
    const anythingBut = matchesPattern({ detail: { referenceName: [{ 'anything-but': ['release-1'] }] } }, event);

    // Assess
    expect(prefix).toBe(true);
    expect(anythingBut).toBe(false);
  });
});
