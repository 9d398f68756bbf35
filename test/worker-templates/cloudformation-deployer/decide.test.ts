import { describe, expect, it } from 'vitest';
import { decide, type Action, type Step } from '../../../worker-templates/cloudformation-deployer';

const create: Step = { kind: 'change-set', type: 'CREATE' };
const update: Step = { kind: 'change-set', type: 'UPDATE' };
const wait: Step = { kind: 'wait' };
const recreate: Step = { kind: 'delete', then: 'recreate' };
const remove: Step = { kind: 'delete', then: 'done' };
const nothing: Step = { kind: 'nothing' };
const continueRollback: Step = { kind: 'continue-rollback' };
const attention = (words: string) => ({ kind: 'attention', cause: expect.stringContaining(words) });

/** Every stack status CloudFormation has, with the step for deploy and for delete. */
const TABLE: Array<[string | undefined, unknown, unknown]> = [
  [undefined, create, nothing],
  ['CREATE_IN_PROGRESS', wait, wait],
  ['CREATE_FAILED', recreate, remove],
  ['CREATE_COMPLETE', update, remove],
  ['ROLLBACK_IN_PROGRESS', wait, wait],
  ['ROLLBACK_FAILED', attention('remove them, delete the stack'), remove],
  ['ROLLBACK_COMPLETE', recreate, remove],
  ['DELETE_IN_PROGRESS', wait, wait],
  ['DELETE_FAILED', attention('RetainResources'), attention('RetainResources')],
  ['DELETE_COMPLETE', create, nothing],
  ['UPDATE_IN_PROGRESS', wait, wait],
  ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', wait, wait],
  ['UPDATE_COMPLETE', update, remove],
  ['UPDATE_FAILED', update, remove],
  ['UPDATE_ROLLBACK_IN_PROGRESS', wait, wait],
  ['UPDATE_ROLLBACK_FAILED', continueRollback, continueRollback],
  ['UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', wait, wait],
  ['UPDATE_ROLLBACK_COMPLETE', update, remove],
  ['REVIEW_IN_PROGRESS', recreate, remove],
  ['IMPORT_IN_PROGRESS', wait, wait],
  ['IMPORT_COMPLETE', update, remove],
  ['IMPORT_ROLLBACK_IN_PROGRESS', wait, wait],
  ['IMPORT_ROLLBACK_FAILED', attention('resource import failed'), remove],
  ['IMPORT_ROLLBACK_COMPLETE', update, remove],
];

describe('decide', () => {
  it('covers all 23 CloudFormation stack statuses and a missing stack', () => {
    expect(new Set(TABLE.map(([status]) => status)).size).toBe(24);
  });

  it.each(TABLE.flatMap(([status, deploy, del]) => [[status ?? '(no stack)', 'deploy', deploy] as const, [status ?? '(no stack)', 'delete', del] as const]))(
    '%s, %s → the expected step',
    (status, action, expected) => {
      // Act
      const step = decide(status === '(no stack)' ? undefined : status, action as Action);

      // Assess
      expect(step).toEqual(expected);
    },
  );

  it('does not guess on a status it does not know', () => {
    // Act
    const step = decide('SOMETHING_NEW', 'deploy');

    // Assess
    expect(step).toEqual(attention('not one the deployer knows'));
  });
});
