import type { Decision, EvaluationInput } from './evaluate';
import { objectResourceKey } from './object-resource-key';
import type { PolicyDocument } from './policy';

/** Context keys that differ on every request; a decision may ignore them only when no policy reads them. */
const CLOCK_KEYS = ['aws:CurrentTime', 'aws:EpochTime'];
const CLOCK_MENTION = /aws:(currenttime|epochtime)/i;

/** The document's content as it is now: never memoized by object, since a document could be changed in place. */
function fingerprint(document: PolicyDocument | undefined): string {
  return document === undefined ? '' : JSON.stringify(document);
}

/**
 * The key of an evaluation: every input that can change its answer, the policies by their full
 * content (so any change to a role, session, key, bucket or function policy is a new key and can
 * never be answered from an older decision), an S3 object by how the policies' patterns match it
 * (see object-resource-key.ts). Undefined when the answer depends on the clock: such evaluations
 * are never cached.
 */
export function decisionKeyOf(input: EvaluationInput): string | undefined {
  const policies = [fingerprint(input.sessionPolicy), fingerprint(input.resourcePolicy), ...input.identityPolicies.map(fingerprint)];
  if (policies.some((text) => CLOCK_MENTION.test(text))) return undefined;
  const context = Object.entries(input.context)
    .filter(([key]) => !CLOCK_KEYS.includes(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const resource = objectResourceKey(input.resource, [input.sessionPolicy, input.resourcePolicy, ...input.identityPolicies]);
  return JSON.stringify([input.principalArn, input.action, resource, input.resourceAccount, context, policies]);
}

/**
 * Decisions by key, the one used longest ago dropped first once full. Most calls of a run repeat
 * a few questions (a state machine role invoking the same worker thousands of times), and
 * evaluating policies costs far more than looking the answer up. An evaluation in progress is
 * shared, so concurrent identical questions are evaluated once.
 */
export class DecisionCache {
  private readonly decisions = new Map<string, Promise<Decision>>();
  private hitCount = 0;
  private missCount = 0;

  public constructor(private readonly maxEntries = 20_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new Error(`maxEntries must be a whole number >= 0 (0 turns the cache off), got ${maxEntries}`);
  }

  /** The remembered decision for the key, else the one `evaluate` makes (remembered unless it fails). */
  public decide(key: string, evaluate: () => Promise<Decision>): Promise<Decision> {
    const known = this.decisions.get(key);
    if (known !== undefined) {
      this.hitCount += 1;
      // Re-inserted so a question asked often stays while one-off ones age out.
      this.decisions.delete(key);
      this.decisions.set(key, known);
      return known;
    }
    this.missCount += 1;
    const decision = evaluate();
    if (this.maxEntries === 0) return decision;
    this.decisions.set(key, decision);
    decision.catch(() => {
      if (this.decisions.get(key) === decision) this.decisions.delete(key);
    });
    if (this.decisions.size > this.maxEntries) {
      const oldest = this.decisions.keys().next().value as string;
      this.decisions.delete(oldest);
    }
    return decision;
  }

  public get stats(): { readonly hits: number; readonly misses: number; readonly size: number } {
    return { hits: this.hitCount, misses: this.missCount, size: this.decisions.size };
  }
}
