/**
 * What to do next with a stack, from what CloudFormation says of it and what is asked: a pure
 * function, so every one of CloudFormation's stack statuses is answered in one table that
 * tests read whole.
 */

export type Action = 'deploy' | 'delete';

/** The part of DescribeStacks' answer the decision reads. */
export interface StackView {
  readonly StackStatus: string;
  readonly EnableTerminationProtection?: boolean;
}

/** What the payload asks of the stack. */
export interface Desired {
  readonly Action: Action;
  /** Report what a run would do; change nothing but a change set made for the report. */
  readonly PlanOnly?: boolean;
  /** `false` lets the deployer lift termination protection when it must delete the stack. */
  readonly TerminationProtection?: boolean;
}

export type Step =
  /** Create a change set (CREATE for a new stack, UPDATE for an existing one). */
  | { readonly kind: 'change-set'; readonly type: 'CREATE' | 'UPDATE' }
  /** Another operation is running on the stack: wait for it to end, then decide again. */
  | { readonly kind: 'wait' }
  /** Delete the stack; `then: 'recreate'` creates it afresh afterwards. */
  | { readonly kind: 'delete'; readonly then: 'recreate' | 'done' }
  /** Turn termination protection off (the payload asked for it off), then decide again. */
  | { readonly kind: 'unprotect' }
  /** Resume a rollback that failed, then decide again. */
  | { readonly kind: 'continue-rollback' }
  /** Nothing to do: the stack is already as asked. */
  | { readonly kind: 'nothing' }
  /** Plan only: say what a run would do that no change set can show, and do none of it. */
  | { readonly kind: 'report'; readonly note: string }
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

/** Left by a create that failed (or only change sets, never executed): it can only be deleted. */
const RECREATE = new Set(['ROLLBACK_COMPLETE', 'CREATE_FAILED', 'REVIEW_IN_PROGRESS']);

const ADVICE: Record<string, string> = {
  DELETE_FAILED:
    'the last delete left resources CloudFormation could not remove: see the stack events for why, fix or remove them, then delete the stack (RetainResources for what must stay) and run again',
  ROLLBACK_FAILED:
    'the failed create could not be rolled back: see the stack events for the resources that were not deleted, remove them, delete the stack, then run again',
  IMPORT_ROLLBACK_FAILED:
    'a resource import failed and could not be rolled back: see the stack events, fix the resources named there, then run again',
};

const PLAN_NOTES = {
  recreate: 'a deploy would delete this stack, which holds nothing a failed create or an unexecuted change set did not leave, and create it afresh; its changes are then those of a new stack',
  'continue-rollback': 'a run would first continue the failed rollback; what follows can only be planned after that',
  delete: 'a delete would delete the stack and every resource it holds',
  unprotect: 'a delete would turn termination protection off (the payload sets TerminationProtection: false), then delete the stack and every resource it holds',
} as const;

/** What a person should do about a stack left in `status`, when the deployer cannot move it on. */
export function attentionAdvice(status: string): string | undefined {
  return ADVICE[status];
}

/** Deleting a protected stack: only when the payload turns protection off, else a person decides. */
function deleteStep(stack: StackView, desired: Desired, then: 'recreate' | 'done'): Step {
  if (stack.EnableTerminationProtection !== true) return { kind: 'delete', then };
  if (desired.TerminationProtection === false) return { kind: 'unprotect' };
  const why = then === 'recreate' ? 'must be deleted to be created again' : 'is to be deleted';
  return {
    kind: 'attention',
    cause: `${stack.StackStatus}: the stack ${why} but has termination protection: set TerminationProtection: false in the payload, or disable it in the console, then run again`,
  };
}

/** The step a real run would take, before plan-only turns the changing ones into a report. */
function runStep(stack: StackView | undefined, desired: Desired): Step {
  const status = stack?.StackStatus;
  if (stack === undefined || status === 'DELETE_COMPLETE') {
    return desired.Action === 'deploy' ? { kind: 'change-set', type: 'CREATE' } : { kind: 'nothing' };
  }
  if (IN_PROGRESS.has(stack.StackStatus)) return { kind: 'wait' };
  if (stack.StackStatus === 'UPDATE_ROLLBACK_FAILED') return { kind: 'continue-rollback' };
  if (desired.Action === 'delete') {
    // A stack that failed to delete needs its cause fixed first; any other settled stack can go.
    if (stack.StackStatus === 'DELETE_FAILED') return { kind: 'attention', cause: `${stack.StackStatus}: ${ADVICE.DELETE_FAILED}` };
    return deleteStep(stack, desired, 'done');
  }
  if (UPDATABLE.has(stack.StackStatus)) return { kind: 'change-set', type: 'UPDATE' };
  if (RECREATE.has(stack.StackStatus)) return deleteStep(stack, desired, 'recreate');
  const advice = ADVICE[stack.StackStatus];
  return { kind: 'attention', cause: `${stack.StackStatus}: ${advice ?? 'this status is not one the deployer knows how to move on from; look at the stack in the console'}` };
}

/** The next step for `current` (undefined: no such stack) given what is `desired`. */
export function decide(current: StackView | undefined, desired: Desired): Step {
  const step = runStep(current, desired);
  if (desired.PlanOnly !== true) return step;
  const status = current?.StackStatus ?? 'no stack';
  switch (step.kind) {
    case 'delete':
      return step.then === 'recreate'
        ? { kind: 'report', note: `${status}: ${PLAN_NOTES.recreate}` }
        : { kind: 'report', note: `${status}: ${PLAN_NOTES.delete}` };
    case 'unprotect':
      return desired.Action === 'delete'
        ? { kind: 'report', note: `${status}: ${PLAN_NOTES.unprotect}` }
        : { kind: 'report', note: `${status}: ${PLAN_NOTES.recreate}` };
    case 'continue-rollback':
      return { kind: 'report', note: `${status}: ${PLAN_NOTES['continue-rollback']}` };
    default:
      return step;
  }
}
