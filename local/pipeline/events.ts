import type { RepositoryRecord } from './records';

/** An EventBridge event as rules see it. */
export interface CloudEvent {
  readonly source: string;
  readonly 'detail-type': string;
  readonly account: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface RefUpdate {
  readonly oldRev: string;
  readonly newRev: string;
  /** e.g. `refs/heads/main` */
  readonly ref: string;
}

const ZERO = /^0+$/;

/** The "CodeCommit Repository State Change" event CodeCommit emits for a pushed branch or tag. */
export function codeCommitEvent(repository: RepositoryRecord, update: RefUpdate): CloudEvent {
  const isBranch = update.ref.startsWith('refs/heads/');
  const event = ZERO.test(update.oldRev) ? 'referenceCreated' : ZERO.test(update.newRev) ? 'referenceDeleted' : 'referenceUpdated';
  return {
    source: 'aws.codecommit',
    'detail-type': 'CodeCommit Repository State Change',
    account: repository.accountId,
    region: repository.region,
    resources: [repository.arn],
    detail: {
      event,
      repositoryName: repository.name,
      repositoryId: repository.repositoryId,
      referenceType: isBranch ? 'branch' : 'tag',
      referenceName: update.ref.replace(/^refs\/(heads|tags)\//, ''),
      referenceFullName: update.ref,
      ...(ZERO.test(update.newRev) ? {} : { commitId: update.newRev }),
      ...(ZERO.test(update.oldRev) ? {} : { oldCommitId: update.oldRev }),
    },
  };
}

function matchesValue(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => matchesValue(expected, item));
  if (typeof expected === 'object' && expected !== null) {
    const rule = expected as Record<string, unknown>;
    if (typeof rule.prefix === 'string') return typeof actual === 'string' && actual.startsWith(rule.prefix);
    if (rule['anything-but'] !== undefined) {
      const excluded = Array.isArray(rule['anything-but']) ? rule['anything-but'] : [rule['anything-but']];
      return actual !== undefined && !excluded.includes(actual);
    }
    if (rule.exists !== undefined) return (actual !== undefined) === (rule.exists === true);
    return false;
  }
  return expected === actual;
}

/**
 * EventBridge pattern matching for the forms rules on CodeCommit events use: every field the
 * pattern names must match; a list matches when any of its values (or prefix / anything-but /
 * exists forms) matches the event's value, or any element of an array value.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) return false;
  const data = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  return Object.entries(pattern as Record<string, unknown>).every(([field, expected]) => {
    const actual = data[field];
    if (Array.isArray(expected)) {
      if (expected.some((entry) => typeof entry === 'object' && entry !== null && (entry as Record<string, unknown>).exists === false)) return actual === undefined;
      return actual !== undefined && expected.some((entry) => matchesValue(entry, actual));
    }
    if (typeof expected === 'object' && expected !== null) return matchesPattern(expected, actual);
    return false;
  });
}
