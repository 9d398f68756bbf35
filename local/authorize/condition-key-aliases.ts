import type { PolicyDocument } from './policy';

/**
 * The evaluation library recognises keys with a variable part only when the variable follows a
 * slash (`aws:ResourceTag/<key>`); KMS's `kms:EncryptionContext:<key>` puts it after a colon, and
 * the library then drops the key from the request as not applicable, so every condition on it
 * fails. Until the library handles it, both the policies and the request context carry such keys
 * under an alias the library does keep: a request-tag key with a prefix no real tag can have
 * (tag keys may not start with `aws:`, and this one spells out what it is).
 */
const KMS_CONTEXT = /^kms:encryptioncontext:(.+)$/i;
const ALIAS_PREFIX = 'aws:RequestTag/aws:kms-encryption-context:';

export function aliasKey(key: string): string {
  const match = KMS_CONTEXT.exec(key);
  return match ? `${ALIAS_PREFIX}${match[1]}` : key;
}

export function aliasContext(context: Readonly<Record<string, string | string[]>>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(context).map(([key, value]) => [aliasKey(key), value]));
}

/** The same policy with its condition keys aliased; documents without such keys come back unchanged. */
export function aliasPolicy(policy: PolicyDocument): PolicyDocument {
  const statements = policy.Statement;
  if (statements === undefined) return policy;
  const list = Array.isArray(statements) ? statements : [statements];
  const aliased = list.map((statement: unknown) => {
    if (typeof statement !== 'object' || statement === null) return statement;
    const condition = (statement as Record<string, unknown>).Condition;
    if (typeof condition !== 'object' || condition === null) return statement;
    const operators = Object.fromEntries(
      Object.entries(condition as Record<string, unknown>).map(([operator, keys]) => [
        operator,
        typeof keys === 'object' && keys !== null
          ? Object.fromEntries(Object.entries(keys as Record<string, unknown>).map(([key, value]) => [aliasKey(key), value]))
          : keys,
      ]),
    );
    return { ...(statement as Record<string, unknown>), Condition: operators };
  });
  return { ...policy, Statement: Array.isArray(statements) ? aliased : aliased[0] };
}
