import { DataLimitExceededError, RuntimeError } from './errors';
import { evaluateIntrinsic, isIntrinsic } from './intrinsics';
import { queryRequired, setAtPath } from './jsonpath';

/** Step Functions' quota on any state input or output: 256 KiB of UTF-8 JSON. */
export const MAX_PAYLOAD_BYTES = 262_144;

/** What a `.$` field can reach: the state's effective input and the context object (`$$`). */
export interface TemplateEnv {
  readonly input: unknown;
  readonly context: unknown;
  random(): number;
}

/** Resolves one `.$` expression: a path into the input, a `$$` path, or an intrinsic call. */
export function resolveExpression(expression: string, env: TemplateEnv, field: string): unknown {
  if (expression.startsWith('$$')) {
    return queryRequired(env.context, expression.slice(1), `specified for the field '${field}' in the context object`);
  }
  if (expression.startsWith('$')) return queryRequired(env.input, expression, `specified for the field '${field}'`);
  if (isIntrinsic(expression)) {
    return evaluateIntrinsic(expression, {
      random: env.random,
      resolvePath: (path) => resolveExpression(path, env, field),
    });
  }
  throw new RuntimeError(`the value of the field '${field}' must be a JSONPath or an intrinsic function, got '${expression}'`);
}

/**
 * Builds Parameters / ItemSelector / ResultSelector output: keys ending in `.$` are
 * evaluated (and lose the suffix), everything else is copied as written.
 */
export function evaluateTemplate(template: unknown, env: TemplateEnv): unknown {
  if (Array.isArray(template)) return template.map((item) => evaluateTemplate(item, env));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) {
      if (typeof value !== 'string') throw new RuntimeError(`the value of the field '${key}' must be a string holding a path or an intrinsic function`);
      out[key.slice(0, -2)] = resolveExpression(value, env, key);
    } else {
      out[key] = evaluateTemplate(value, env);
    }
  }
  return out;
}

export function applyInputPath(raw: unknown, path: string | null | undefined): unknown {
  if (path === undefined || path === '$') return raw;
  if (path === null) return {};
  return queryRequired(raw, path, 'specified for the field InputPath');
}

export function applyOutputPath(value: unknown, path: string | null | undefined): unknown {
  if (path === undefined || path === '$') return value;
  if (path === null) return {};
  return queryRequired(value, path, 'specified for the field OutputPath');
}

export function applyResultPath(raw: unknown, result: unknown, path: string | null | undefined): unknown {
  if (path === undefined || path === '$') return result;
  if (path === null) return raw;
  return setAtPath(raw, path, result);
}

/**
 * Sizes of objects already measured. Values are never mutated once produced, so a size
 * stays true; this saves re-serializing an input that a state passes on unchanged.
 */
const sizes = new WeakMap<object, number>();

export function payloadBytes(value: unknown): number {
  if (value !== null && typeof value === 'object') {
    const known = sizes.get(value);
    if (known !== undefined) return known;
    const size = Buffer.byteLength(JSON.stringify(value), 'utf8');
    sizes.set(value, size);
    return size;
  }
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Throws States.DataLimitExceeded when `value` is over the quota; returns its size. */
export function checkPayload(value: unknown, what: string, limit = MAX_PAYLOAD_BYTES): number {
  const size = payloadBytes(value);
  if (size > limit) {
    throw new DataLimitExceededError(`the ${what} has a size of ${size} bytes, above the maximum of ${limit} bytes`);
  }
  return size;
}
