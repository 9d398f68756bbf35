/** What one invocation hands the next through IN_PROGRESS (kept small: it rides in the state machine). */
export interface DeployState {
  /** Operations started so far for this target: part of every name, so each operation gets its own. */
  readonly step: number;
  readonly phase?: 'change-set' | 'operation';
  readonly changeSetName?: string;
  readonly changeSetType?: 'CREATE' | 'UPDATE';
  /** The running operation's kind and ClientRequestToken. */
  readonly operation?: 'execute' | 'delete' | 'continue-rollback';
  readonly token?: string;
  /** What follows a delete: create the stack again, or stop. */
  readonly then?: 'recreate' | 'done';
  /** When the running operation started (ISO 8601), to find its events. */
  readonly startedAt?: string;
  /** A failure to report once a rollback that had to be continued is over. */
  readonly failure?: { readonly error: string; readonly cause: string };
}

export function readState(state: unknown): DeployState {
  if (typeof state === 'object' && state !== null && typeof (state as DeployState).step === 'number') return state as DeployState;
  return { step: 0 };
}
