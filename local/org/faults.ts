import { faultRuleSchema } from './schema';
import { isResourceFaultRule, type CallFaultRule, type FaultError, type FaultRule, type ResourceFaultRule, type ResourceOperation, type ResourcePhase } from './model';

/** What the server does to one call before (or instead of) handing it to the service. */
export interface FaultDecision {
  /** Sum of the latency of every matching rule, waited before answering. */
  readonly latencyMs: number;
  /**
   * `throttle`: answer with the protocol's throttling error (the server knows which code its
   * protocol uses); `error`: answer with this error. Absent: let the call through.
   */
  readonly failure?: { readonly kind: 'throttle' } | ({ readonly kind: 'error' } & FaultError);
  /** Index of the rule that failed the call among the current rules, for logs. */
  readonly rule?: number;
}

export type Faults = (service: string, action: string, accountId: string, region: string) => FaultDecision;

/** What the server's fault hook takes (see local/server/faults.ts): one effect per call. */
export type ServerFault = { readonly throttle: true } | { readonly error: FaultError };

export type FaultInjectorHook = (service: string, action: string, accountId: string, region: string) => Promise<ServerFault | undefined>;

/**
 * What a resource fault does to one CloudFormation resource action: fail it with this reason, or
 * hold it until `released` settles (`removed`: the action goes ahead; `timeout`: it fails with
 * `message`).
 */
export type ResourceFaultDecision =
  | { readonly kind: 'fail'; readonly rule: string; readonly message: string }
  | { readonly kind: 'stuck'; readonly rule: string; readonly message: string; readonly released: Promise<'removed' | 'timeout'> };

/** One resource action of the local CloudFormation, as fault rules match it. */
export interface ResourceAction {
  readonly accountId: string;
  readonly region: string;
  readonly stackName: string;
  readonly logicalId: string;
  /** The resource type, e.g. `AWS::SNS::Topic`. */
  readonly type: string;
  readonly operation: ResourceOperation;
  /** @default 'operation' */
  readonly phase?: ResourcePhase;
}

/** The question the CloudFormation engine asks before each resource action. */
export interface ResourceFaults {
  resourceFault(action: ResourceAction): ResourceFaultDecision | undefined;
}

const STUCK_TIMEOUT = 'Resource timed out waiting for completion (a stuck fault rule with stuckMs held it).';
const INJECTED = 'Resource handler failed (injected by a fault rule).';

interface Entry {
  readonly id: string;
  readonly rule: FaultRule;
  /** Matches so far: calls for throttle, resource actions for times. */
  count: number;
  /** Resolvers of the actions this rule holds stuck. */
  readonly held: Set<(how: 'removed') => void>;
}

/**
 * The fault rules of a running cloud, changeable while it runs: `add` a rule (checked as the
 * organization file checks it) and `remove` it by id. Call rules act on API calls through
 * `injector`; resource rules on the local CloudFormation's resource actions through
 * `resourceFault`. Counts live in memory: a restarted cloud counts afresh.
 */
export class FaultRules implements ResourceFaults {
  private readonly entries: Entry[] = [];
  private next = 0;

  public constructor(
    initial: readonly FaultRule[] = [],
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    for (const rule of initial) this.push(rule);
  }

  /** Adds a rule; a malformed one is refused with the field and the fix. Returns its id for `remove`. */
  public add(rule: FaultRule): string {
    const parsed = faultRuleSchema.safeParse(rule);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(rule)';
      throw new Error(`fault rule ${field}: ${issue?.message ?? 'is invalid'}`);
    }
    return this.push(parsed.data);
  }

  /** Removes a rule; actions it holds stuck go ahead. Answers whether the rule was there. */
  public remove(id: string): boolean {
    const index = this.entries.findIndex((entry) => entry.id === id);
    if (index < 0) return false;
    const [entry] = this.entries.splice(index, 1);
    for (const release of entry?.held ?? []) release('removed');
    return true;
  }

  /** Removes every rule. */
  public clear(): void {
    for (const entry of [...this.entries]) this.remove(entry.id);
  }

  public list(): ReadonlyArray<{ readonly id: string; readonly rule: FaultRule }> {
    return this.entries.map(({ id, rule }) => ({ id, rule }));
  }

  /**
   * Call rules applied to one call. Each rule with `throttle: N` counts its own matching calls,
   * so "throttle the first 2 Invoke calls in account X" fails exactly two calls however the
   * others interleave.
   */
  public callFault(service: string, action: string, accountId: string, region: string): FaultDecision {
    let latencyMs = 0;
    let failure: FaultDecision['failure'];
    let failedBy: number | undefined;
    this.entries.forEach((entry, index) => {
      const rule = entry.rule;
      if (isResourceFaultRule(rule) || !matchesCall(rule, service, action, accountId, region)) return;
      latencyMs += rule.latencyMs ?? 0;
      if (failure !== undefined) return;
      if (rule.throttle !== undefined) {
        const seen = entry.count;
        entry.count = seen + 1;
        if (seen >= rule.throttle) return;
        failure = rule.error ? { kind: 'error', ...rule.error } : { kind: 'throttle' };
        failedBy = index;
      } else if (rule.error) {
        failure = { kind: 'error', ...rule.error };
        failedBy = index;
      }
    });
    return { latencyMs, ...(failure ? { failure, rule: failedBy } : {}) };
  }

  /**
   * The server's fault hook: waits out the matching rules' latency itself (so a slow call can
   * also fail), then answers the failure, if any, for the server to throw.
   */
  public readonly injector: FaultInjectorHook = async (service, action, accountId, region) => {
    const decision = this.callFault(service, action, accountId, region);
    if (decision.latencyMs > 0) await this.sleep(decision.latencyMs);
    if (decision.failure === undefined) return undefined;
    if (decision.failure.kind === 'throttle') return { throttle: true };
    const { code, message, status } = decision.failure;
    return { error: { code, message, status } };
  };

  /** The first resource rule matching the action decides it; its `times` counts this action. */
  public resourceFault(action: ResourceAction): ResourceFaultDecision | undefined {
    const entry = this.entries.find(({ rule, count }) => {
      if (!isResourceFaultRule(rule) || !matchesResource(rule, action)) return false;
      return rule.times === undefined || count < rule.times;
    });
    if (!entry) return undefined;
    entry.count += 1;
    const rule = entry.rule as ResourceFaultRule;
    const message = rule.error?.message ?? (rule.stuck ? STUCK_TIMEOUT : INJECTED);
    if (!rule.stuck) return { kind: 'fail', rule: entry.id, message };
    const released = new Promise<'removed' | 'timeout'>((resolve) => {
      const release = (how: 'removed' | 'timeout') => {
        entry.held.delete(release);
        if (timer !== undefined) clearTimeout(timer);
        resolve(how);
      };
      entry.held.add(release);
      const timer = rule.stuckMs === undefined ? undefined : setTimeout(() => release('timeout'), rule.stuckMs);
      // A held action must not keep a finished process alive.
      timer?.unref();
    });
    return { kind: 'stuck', rule: entry.id, message, released };
  }

  private push(rule: FaultRule): string {
    this.next += 1;
    const id = `fault-${this.next}`;
    this.entries.push({ id, rule, count: 0, held: new Set() });
    return id;
  }
}

function matchesCall(rule: CallFaultRule, service: string, action: string, accountId: string, region: string): boolean {
  return (
    (rule.service === undefined || rule.service === service) &&
    (rule.action === undefined || rule.action === action) &&
    (rule.account === undefined || rule.account === accountId) &&
    (rule.region === undefined || rule.region === region)
  );
}

/** `name` matches `name` exactly; `prefix*` matches names starting with the prefix. */
function matchesStack(pattern: string | undefined, stackName: string): boolean {
  if (pattern === undefined || pattern === '*') return true;
  return pattern.endsWith('*') ? stackName.startsWith(pattern.slice(0, -1)) : stackName === pattern;
}

function matchesResource(rule: ResourceFaultRule, action: ResourceAction): boolean {
  return (
    (rule.account === undefined || rule.account === action.accountId) &&
    (rule.region === undefined || rule.region === action.region) &&
    matchesStack(rule.stack, action.stackName) &&
    (rule.resource === undefined || rule.resource === action.logicalId) &&
    (rule.resourceType === undefined || rule.resourceType === action.type) &&
    (rule.operation === undefined || rule.operation === action.operation) &&
    (rule.during === undefined || rule.during === (action.phase ?? 'operation'))
  );
}

/** Call rules as a decision function (resource rules are ignored: they act inside CloudFormation). */
export function createFaults(rules: readonly FaultRule[]): Faults {
  const live = new FaultRules(rules);
  return (service, action, accountId, region) => live.callFault(service, action, accountId, region);
}

/** The rules as the server's fault hook, for a cloud whose rules do not change while it runs. */
export function createFaultInjector(rules: readonly FaultRule[], sleep?: (ms: number) => Promise<void>): FaultInjectorHook {
  return new FaultRules(rules, sleep).injector;
}
