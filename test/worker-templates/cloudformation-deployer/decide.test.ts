import { describe, expect, it } from 'vitest';
import { decide, type Desired, type Step } from '../../../worker-templates/cloudformation-deployer';

const create: Step = { kind: 'change-set', type: 'CREATE' };
const update: Step = { kind: 'change-set', type: 'UPDATE' };
const wait: Step = { kind: 'wait' };
const recreate: Step = { kind: 'delete', then: 'recreate' };
const remove: Step = { kind: 'delete', then: 'done' };
const nothing: Step = { kind: 'nothing' };
const continueRollback: Step = { kind: 'continue-rollback' };
const attention = (words: string) => ({ kind: 'attention', cause: expect.stringContaining(words) });
const report = (words: string) => ({ kind: 'report', note: expect.stringContaining(words) });

/** Plan-only answers for the steps that would change the stack. */
const planRecreate = report('a deploy would delete this stack');
const planDelete = report('a delete would delete the stack');
const planContinue = report('continue the failed rollback');

/**
 * Every stack status CloudFormation has, with the step for: deploy, delete, a plan of a
 * deploy, a plan of a delete.
 */
const TABLE: Array<[string | undefined, unknown, unknown, unknown, unknown]> = [
  [undefined, create, nothing, create, nothing],
  ['CREATE_IN_PROGRESS', wait, wait, wait, wait],
  ['CREATE_FAILED', recreate, remove, planRecreate, planDelete],
  ['CREATE_COMPLETE', update, remove, update, planDelete],
  ['ROLLBACK_IN_PROGRESS', wait, wait, wait, wait],
  ['ROLLBACK_FAILED', attention('remove them, delete the stack'), remove, attention('remove them, delete the stack'), planDelete],
  ['ROLLBACK_COMPLETE', recreate, remove, planRecreate, planDelete],
  ['DELETE_IN_PROGRESS', wait, wait, wait, wait],
  ['DELETE_FAILED', attention('RetainResources'), attention('RetainResources'), attention('RetainResources'), attention('RetainResources')],
  ['DELETE_COMPLETE', create, nothing, create, nothing],
  ['UPDATE_IN_PROGRESS', wait, wait, wait, wait],
  ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', wait, wait, wait, wait],
  ['UPDATE_COMPLETE', update, remove, update, planDelete],
  ['UPDATE_FAILED', update, remove, update, planDelete],
  ['UPDATE_ROLLBACK_IN_PROGRESS', wait, wait, wait, wait],
  ['UPDATE_ROLLBACK_FAILED', continueRollback, continueRollback, planContinue, planContinue],
  ['UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', wait, wait, wait, wait],
  ['UPDATE_ROLLBACK_COMPLETE', update, remove, update, planDelete],
  ['REVIEW_IN_PROGRESS', recreate, remove, planRecreate, planDelete],
  ['IMPORT_IN_PROGRESS', wait, wait, wait, wait],
  ['IMPORT_COMPLETE', update, remove, update, planDelete],
  ['IMPORT_ROLLBACK_IN_PROGRESS', wait, wait, wait, wait],
  ['IMPORT_ROLLBACK_FAILED', attention('resource import failed'), remove, attention('resource import failed'), planDelete],
  ['IMPORT_ROLLBACK_COMPLETE', update, remove, update, planDelete],
];

const DESIRED: Array<[string, Desired]> = [
  ['deploy', { Action: 'deploy' }],
  ['delete', { Action: 'delete' }],
  ['plan deploy', { Action: 'deploy', PlanOnly: true }],
  ['plan delete', { Action: 'delete', PlanOnly: true }],
];

const CASES = TABLE.flatMap(([status, ...steps]) => DESIRED.map(([label, desired], i) => [status ?? '(no stack)', label, desired, steps[i]] as const));

describe('decide', () => {
  it('covers all 23 CloudFormation stack statuses and a missing stack', () => {
    expect(new Set(TABLE.map(([status]) => status)).size).toBe(24);
  });

  it.each(CASES)('%s, %s → the expected step', (status, _label, desired, expected) => {
    // Prepare
    const current = status === '(no stack)' ? undefined : { StackStatus: status };

    // Act
    const step = decide(current, desired);

    // Assess
    expect(step).toEqual(expected);
  });

  it('does not guess on a status it does not know', () => {
    // Act
    const step = decide({ StackStatus: 'SOMETHING_NEW' }, { Action: 'deploy' });

    // Assess
    expect(step).toEqual(attention('not one the deployer knows'));
  });
});

describe('decide with termination protection', () => {
  it('asks a person before deleting a protected stack, naming the payload field that lifts it', () => {
    // Act
    const step = decide({ StackStatus: 'UPDATE_COMPLETE', EnableTerminationProtection: true }, { Action: 'delete' });

    // Assess
    expect(step).toEqual(attention('UPDATE_COMPLETE: the stack is to be deleted but has termination protection: set TerminationProtection: false'));
  });

  it('asks a person before deleting a protected stack to recreate it', () => {
    // Act
    const step = decide({ StackStatus: 'ROLLBACK_COMPLETE', EnableTerminationProtection: true }, { Action: 'deploy', TerminationProtection: true });

    // Assess
    expect(step).toEqual(attention('must be deleted to be created again but has termination protection'));
  });

  it('turns protection off first when the payload sets TerminationProtection: false', () => {
    // Act
    const step = decide({ StackStatus: 'UPDATE_COMPLETE', EnableTerminationProtection: true }, { Action: 'delete', TerminationProtection: false });

    // Assess
    expect(step).toEqual({ kind: 'unprotect' });
  });

  it('only reports lifting protection in a plan', () => {
    // Act
    const step = decide({ StackStatus: 'UPDATE_COMPLETE', EnableTerminationProtection: true }, { Action: 'delete', TerminationProtection: false, PlanOnly: true });

    // Assess
    expect(step).toEqual(report('a delete would turn termination protection off'));
  });

  it('updates a protected stack as usual: protection only guards deletes', () => {
    // Act
    const step = decide({ StackStatus: 'UPDATE_COMPLETE', EnableTerminationProtection: true }, { Action: 'deploy' });

    // Assess
    expect(step).toEqual(update);
  });
});
