import { ExecutionInterrupted } from './errors';
import type { Cancellation, ExecutionScope } from './runtime';

/** The default clock: a real timer that a stop clears, so a stopped hour-long Wait holds no timer. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits `ms` (a Wait state, a retry interval) as AWS does: StopExecution ends the wait at
 * once, and the wait never runs past the execution's TimeoutSeconds, so a stopped or timed
 * out execution reports its end when it happened rather than when the wait would have.
 * Throws the interruption or States.Timeout when either cut the wait short.
 */
export async function interruptibleSleep(ms: number, scope: ExecutionScope, cancel: Cancellation): Promise<void> {
  const { runtime } = scope;
  const left = scope.deadline === undefined ? Infinity : scope.deadline - runtime.now().getTime();
  const controller = new AbortController();
  let off = (): void => undefined;
  const stopped = new Promise<void>((resolve) => {
    off = cancel.onInterrupt(() => {
      controller.abort();
      resolve();
    });
  });
  try {
    await Promise.race([runtime.sleep(Math.max(0, Math.min(ms, left)), controller.signal), stopped]);
  } finally {
    off();
    controller.abort();
  }
  cancel.check();
  if (ms > left) throw timedOut();
}

export function timedOut(): ExecutionInterrupted {
  return new ExecutionInterrupted('TIMED_OUT', 'States.Timeout', 'the execution ran longer than its TimeoutSeconds');
}

/**
 * Settles with `work` or, when the execution is stopped first, rejects with the stop: AWS
 * marks a stopped execution ABORTED without waiting for the task in flight, whose answer
 * is then ignored.
 */
export async function untilInterrupted<T>(work: Promise<T>, cancel: Cancellation): Promise<T> {
  let off = (): void => undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    off = cancel.onInterrupt(reject);
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    off();
  }
}
