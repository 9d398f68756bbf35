import type { PolicyDocument } from './policy';

/** `arn:<partition>:s3:::<bucket>/<key>`, the key not empty. */
const S3_OBJECT_ARN = /^arn:(aws[a-z-]*):s3:::([^/*?]+)\/(.+)$/s;

/**
 * What of an S3 object ARN a decision can depend on. Result records, manifests and templates
 * are written under a new object key on nearly every request, so a decision keyed by the whole
 * ARN would be evaluated afresh every time — the costliest authorization of a run. Two keys of
 * one bucket that every Resource and NotResource pattern of the policies matches alike are
 * decided alike, so the key is replaced by how each pattern matches it.
 *
 * Each pattern is matched four ways (the whole ARN and the part after the bucket's `:::`, each
 * case-sensitive and not), so two ARNs given the same answer here are matched alike by any of
 * those readings of IAM's wildcard rules, whichever the evaluation uses. The whole ARN is kept
 * when a key carries `*` or `?` (the evaluation reads those as wildcards), and when a pattern
 * holds a policy variable (`${aws:username}`, resolved from the request context).
 */
export function objectResourceKey(resource: string, policies: readonly (PolicyDocument | undefined)[]): string {
  const object = S3_OBJECT_ARN.exec(resource);
  if (!object) return resource;
  const [, partition, bucket, key] = object;
  if (key.includes('*') || key.includes('?')) return resource;
  const patterns = resourcePatternsOf(policies);
  if (patterns === undefined) return resource;
  const part = `${bucket}/${key}`;
  const matches = patterns.map((pattern) => matchesOf(pattern, resource, part)).join(',');
  return `s3-object:${partition}:${bucket}:${matches}`;
}

/** Every Resource and NotResource pattern, in order; undefined when one holds a policy variable. */
function resourcePatternsOf(policies: readonly (PolicyDocument | undefined)[]): string[] | undefined {
  const patterns: string[] = [];
  for (const policy of policies) {
    if (policy === undefined) continue;
    const statements = Array.isArray(policy.Statement) ? (policy.Statement as unknown[]) : [policy.Statement];
    for (const statement of statements) {
      if (typeof statement !== 'object' || statement === null) continue;
      for (const field of ['Resource', 'NotResource'] as const) {
        const value = (statement as Record<string, unknown>)[field];
        for (const pattern of Array.isArray(value) ? (value as unknown[]) : [value]) {
          if (typeof pattern !== 'string') continue;
          if (pattern.includes('${')) return undefined;
          patterns.push(pattern);
        }
      }
    }
  }
  return patterns;
}

/** Four bits: whole ARN and resource part, each case-sensitive and not. */
function matchesOf(pattern: string, arn: string, part: string): string {
  const [sensitive, insensitive] = globsOf(pattern);
  const patternPart = pattern.split(':').slice(5).join(':');
  const [partSensitive, partInsensitive] = globsOf(patternPart);
  return [sensitive.test(arn), insensitive.test(arn), partSensitive.test(part), partInsensitive.test(part)].map((bit) => (bit ? '1' : '0')).join('');
}

const compiled = new Map<string, readonly [RegExp, RegExp]>();

/** `*` any run of characters, `?` any one, everything else itself. */
function globsOf(pattern: string): readonly [RegExp, RegExp] {
  let globs = compiled.get(pattern);
  if (globs === undefined) {
    const source = `^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`;
    globs = [new RegExp(source, 's'), new RegExp(source, 'si')];
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, globs);
  }
  return globs;
}
