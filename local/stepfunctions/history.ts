import { RuntimeError } from './errors';

/** AWS's quota on the events of one execution's history. */
export const MAX_HISTORY_EVENTS = 25_000;

/** An event as GetExecutionHistory returns it; the details sit under AWS's key for the type. */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Date;
  readonly type: string;
  readonly [detailsKey: string]: unknown;
}

/**
 * One execution's history. It always counts (the quota is enforced on the count) but keeps
 * events only when asked to: at 17,000 targets the objects would cost more than the run.
 */
export class History {
  public count = 0;
  public readonly events: HistoryEvent[] | undefined;
  private closed = false;

  public constructor(
    private readonly limit: number,
    private readonly now: () => Date,
    record: boolean,
  ) {
    this.events = record ? [] : undefined;
  }

  /**
   * Counts one event of `type`; `details` is only called when events are kept. Throws the
   * terminal States.Runtime once the quota is passed, except for events that report a failure
   * or the end (`closing`), which AWS always writes. Nothing is counted after `end`.
   */
  public add(type: string, details?: () => Record<string, unknown>, closing = false): void {
    // A task still in flight when its execution was stopped answers after the closing event.
    if (this.closed) return;
    this.count++;
    if (this.events) {
      const event: Record<string, unknown> = { id: this.count, previousEventId: this.count - 1, timestamp: this.now(), type };
      if (details) event[detailsKey(type)] = details();
      this.events.push(event as unknown as HistoryEvent);
    }
    if (!closing && this.count > this.limit) {
      throw new RuntimeError(
        `the execution reached the maximum number of history events (${this.limit}); split the work into child executions (a Distributed Map) to stay under it`,
      );
    }
  }

  /** Writes the execution's closing event (Succeeded, Failed, Aborted, TimedOut); later events are dropped. */
  public end(type: string, details: () => Record<string, unknown>): void {
    this.add(type, details, true);
    this.closed = true;
  }
}

function detailsKey(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type[0].toLowerCase()}${type.slice(1)}EventDetails`;
}
