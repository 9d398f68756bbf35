/**
 * Requests the cloud answered, per service and operation (e.g. `kms` → `Decrypt` → 17000), so a
 * benchmark or a test can tell how many calls a run made without wrapping every client.
 */
export class RequestCounts {
  private readonly counts = new Map<string, Map<string, number>>();

  public add(service: string, action: string): void {
    let actions = this.counts.get(service);
    if (!actions) {
      actions = new Map();
      this.counts.set(service, actions);
    }
    actions.set(action, (actions.get(action) ?? 0) + 1);
  }

  /** Requests of one service, of one operation when given. */
  public of(service: string, action?: string): number {
    const actions = this.counts.get(service);
    if (!actions) return 0;
    if (action !== undefined) return actions.get(action) ?? 0;
    let total = 0;
    for (const count of actions.values()) total += count;
    return total;
  }

  /** Every count so far, as `{service: {action: count}}`. */
  public snapshot(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [service, actions] of this.counts) out[service] = Object.fromEntries(actions);
    return out;
  }
}
