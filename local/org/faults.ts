import type { FaultError, FaultRule } from './model';

/** What the server does to one call before (or instead of) handing it to the service. */
export interface FaultDecision {
  /** Sum of the latency of every matching rule, waited before answering. */
  readonly latencyMs: number;
  /**
   * `throttle`: answer with the protocol's throttling error (the server knows which code its
   * protocol uses); `error`: answer with this error. Absent: let the call through.
   */
  readonly failure?: { readonly kind: 'throttle' } | ({ readonly kind: 'error' } & FaultError);
  /** Index of the rule that failed the call, for logs. */
  readonly rule?: number;
}

export type Faults = (service: string, action: string, accountId: string, region: string) => FaultDecision;

/**
 * Applies fault rules to calls. Each rule with `throttle: N` counts its own matching calls, so
 * "throttle the first 2 Invoke calls in account X" fails exactly two calls however the others
 * interleave. Counts live in memory: a restarted cloud throttles afresh.
 */
export function createFaults(rules: readonly FaultRule[]): Faults {
  const counts = rules.map(() => 0);
  return (service, action, accountId, region) => {
    let latencyMs = 0;
    let failure: FaultDecision['failure'];
    let failedBy: number | undefined;
    rules.forEach((rule, index) => {
      if (!matches(rule, service, action, accountId, region)) return;
      latencyMs += rule.latencyMs ?? 0;
      if (failure !== undefined) return;
      if (rule.throttle !== undefined) {
        const seen = counts[index] ?? 0;
        counts[index] = seen + 1;
        if (seen >= rule.throttle) return;
        failure = rule.error ? { kind: 'error', ...rule.error } : { kind: 'throttle' };
        failedBy = index;
      } else if (rule.error) {
        failure = { kind: 'error', ...rule.error };
        failedBy = index;
      }
    });
    return { latencyMs, ...(failure ? { failure, rule: failedBy } : {}) };
  };
}

function matches(rule: FaultRule, service: string, action: string, accountId: string, region: string): boolean {
  return (
    (rule.service === undefined || rule.service === service) &&
    (rule.action === undefined || rule.action === action) &&
    (rule.account === undefined || rule.account === accountId) &&
    (rule.region === undefined || rule.region === region)
  );
}

/** What the server's fault hook takes (see local/server/faults.ts): one effect per call. */
export type ServerFault = { readonly throttle: true } | { readonly error: FaultError };

/**
 * The rules as the server's fault hook: waits out the matching rules' latency itself (so a slow
 * call can also fail), then answers the failure, if any, for the server to throw.
 */
export function createFaultInjector(
  rules: readonly FaultRule[],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): (service: string, action: string, accountId: string, region: string) => Promise<ServerFault | undefined> {
  const faults = createFaults(rules);
  return async (service, action, accountId, region) => {
    const decision = faults(service, action, accountId, region);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.failure === undefined) return undefined;
    if (decision.failure.kind === 'throttle') return { throttle: true };
    const { code, message, status } = decision.failure;
    return { error: { code, message, status } };
  };
}
