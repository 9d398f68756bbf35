/**
 * What to do next with a stack, from its status alone: a pure function, so every one of
 * CloudFormation's stack statuses is answered in one table that tests read whole.
 */

export type Action = 'deploy' | 'delete';

export type Step =
  /** Create a change set (CREATE for a new stack, UPDATE for an existing one). */
  | { readonly kind: 'change-set'; readonly type: 'CREATE' | 'UPDATE' }
  /** Another operation is running on the stack: wait for it to end, then decide again. */
  | { readonly kind: 'wait' }
  /** Delete the stack; `then: 'recreate'` creates it afresh afterwards. */
  | { readonly kind: 'delete'; readonly then: 'recreate' | 'done' }
  /** Resume a rollback that failed, then decide again. */
  | { readonly kind: 'continue-rollback' }
  /** Nothing to do: the stack is already as asked. */
  | { readonly kind: 'nothing' }
  /** Only a person can resolve this; `cause` says how. */
  | { readonly kind: 'attention'; readonly cause: string };

const IN_PROGRESS = new Set([
  'CREATE_IN_PROGRESS',
  'ROLLBACK_IN_PROGRESS',
  'DELETE_IN_PROGRESS',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_ROLLBACK_IN_PROGRESS',
]);

/** Statuses from which CloudFormation accepts an update. */
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE', 'UPDATE_FAILED']);

const ADVICE: Record<string, string> = {
  DELETE_FAILED:
    'the last delete left resources CloudFormation could not remove: see the stack events for why, fix or remove them, then delete the stack (RetainResources for what must stay) and run again',
  ROLLBACK_FAILED:
    'the failed create could not be rolled back: see the stack events for the resources that were not deleted, remove them, delete the stack, then run again',
  IMPORT_ROLLBACK_FAILED:
    'a resource import failed and could not be rolled back: see the stack events, fix the resources named there, then run again',
};

/** The next step for a stack in `status` (undefined: no such stack) given what is asked. */
export function decide(status: string | undefined, action: Action): Step {
  if (status === undefined || status === 'DELETE_COMPLETE') {
    return action === 'deploy' ? { kind: 'change-set', type: 'CREATE' } : { kind: 'nothing' };
  }
  if (IN_PROGRESS.has(status)) return { kind: 'wait' };
  if (status === 'UPDATE_ROLLBACK_FAILED') return { kind: 'continue-rollback' };
  if (action === 'delete') {
    // A stack that failed to delete needs its cause fixed first; any other settled stack can go.
    if (status === 'DELETE_FAILED') return { kind: 'attention', cause: `${status}: ${ADVICE.DELETE_FAILED}` };
    return { kind: 'delete', then: 'done' };
  }
  if (UPDATABLE.has(status)) return { kind: 'change-set', type: 'UPDATE' };
  // A create that failed leaves a stack that can only be deleted: remove it and create afresh.
  if (status === 'ROLLBACK_COMPLETE' || status === 'CREATE_FAILED') return { kind: 'delete', then: 'recreate' };
  // Only change sets live in a stack under review: clear a leftover one and start again.
  if (status === 'REVIEW_IN_PROGRESS') return { kind: 'delete', then: 'recreate' };
  const advice = ADVICE[status];
  return { kind: 'attention', cause: `${status}: ${advice ?? 'this status is not one the deployer knows how to move on from; look at the stack in the console'}` };
}
