import { createHash, randomUUID } from 'crypto';
import { IntrinsicFailureError, RuntimeError } from './errors';
import { parseIntrinsic, type IntrinsicArg, type IntrinsicCall } from './intrinsic-parser';

/** What intrinsic evaluation needs from the state: path lookup (input or `$$`) and randomness. */
export interface IntrinsicEnv {
  /** The value at a `$…` or `$$…` path; throws States.Runtime when it is missing. */
  resolvePath(path: string): unknown;
  random(): number;
}

type Fn = (args: unknown[], env: IntrinsicEnv, call: IntrinsicCall) => unknown;

/** AWS caps the string arguments of the encoding and hashing functions at 10,000 characters. */
const MAX_ENCODE_CHARS = 10_000;
const MAX_RANGE_ITEMS = 1_000;

export function isIntrinsic(text: string): boolean {
  return text.startsWith('States.');
}

export function evaluateIntrinsic(text: string, env: IntrinsicEnv): unknown {
  return evaluateCall(parseIntrinsic(text), env);
}

function evaluateCall(call: IntrinsicCall, env: IntrinsicEnv): unknown {
  const fn = FUNCTIONS[call.name];
  if (!fn) throw new RuntimeError(`the intrinsic function ${call.name} is not supported (check its spelling and case)`);
  const args = call.args.map((arg) => evaluateArg(arg, env));
  return fn(args, env, call);
}

function evaluateArg(arg: IntrinsicArg, env: IntrinsicEnv): unknown {
  if (arg.kind === 'literal') return arg.value;
  if (arg.kind === 'path') return env.resolvePath(arg.path);
  return evaluateCall(arg, env);
}

function fail(call: IntrinsicCall, problem: string): never {
  throw new IntrinsicFailureError(`${call.name}: ${problem}`);
}

function arity(call: IntrinsicCall, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    fail(call, `expects ${expected} argument(s), got ${args.length}`);
  }
}

function str(call: IntrinsicCall, value: unknown, position: number): string {
  if (typeof value !== 'string') fail(call, `argument ${position} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function arr(call: IntrinsicCall, value: unknown, position: number): unknown[] {
  if (!Array.isArray(value)) fail(call, `argument ${position} must be an array, got ${JSON.stringify(value)}`);
  return value;
}

function int(call: IntrinsicCall, value: unknown, position: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(call, `argument ${position} must be an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function limited(call: IntrinsicCall, value: string): string {
  if (value.length > MAX_ENCODE_CHARS) fail(call, `the input is ${value.length} characters; the limit is ${MAX_ENCODE_CHARS}`);
  return value;
}

/** Structural equality of JSON values, for ArrayContains and ArrayUnique. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEquals(v, b[i]));
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  if (ka.length !== Object.keys(rb).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && jsonEquals((a as Record<string, unknown>)[k], rb[k]));
}

function format(args: unknown[], _env: IntrinsicEnv, call: IntrinsicCall): string {
  if (args.length < 1) fail(call, 'expects a template string as its first argument');
  const first = call.args[0];
  const template = first.kind === 'literal' && first.raw !== undefined ? first.raw : str(call, args[0], 1);
  let out = '';
  let next = 1;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '\\' && i + 1 < template.length) {
      out += template[++i];
    } else if (c === '{' && template[i + 1] === '}') {
      if (next >= args.length) fail(call, `the template has more {} placeholders than the ${args.length - 1} value(s) given`);
      const value = args[next++];
      if (value !== null && typeof value === 'object') fail(call, `argument ${next} must be a string, number, boolean or null to be formatted`);
      out += typeof value === 'string' ? value : JSON.stringify(value);
      i++;
    } else {
      out += c;
    }
  }
  if (next !== args.length) fail(call, `${args.length - 1} value(s) given for ${next - 1} {} placeholder(s)`);
  return out;
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const FUNCTIONS: Record<string, Fn> = {
  'States.Format': format,
  'States.StringToJson': (args, _env, call) => {
    arity(call, args, 1);
    try {
      return JSON.parse(str(call, args[0], 1));
    } catch (e) {
      if (e instanceof IntrinsicFailureError) throw e;
      return fail(call, `argument 1 is not valid JSON: ${(e as Error).message}`);
    }
  },
  'States.JsonToString': (args, _env, call) => {
    arity(call, args, 1);
    return JSON.stringify(args[0]);
  },
  'States.JsonMerge': (args, _env, call) => {
    arity(call, args, 3);
    const [a, b, deep] = args;
    const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!isObject(a) || !isObject(b)) fail(call, 'arguments 1 and 2 must be JSON objects');
    if (deep !== false) fail(call, 'only a shallow merge is supported: argument 3 must be false');
    return { ...(a as object), ...(b as object) };
  },
  'States.Array': (args) => args,
  'States.ArrayLength': (args, _env, call) => {
    arity(call, args, 1);
    return arr(call, args[0], 1).length;
  },
  'States.ArrayGetItem': (args, _env, call) => {
    arity(call, args, 2);
    const items = arr(call, args[0], 1);
    const index = int(call, args[1], 2);
    if (index < 0 || index >= items.length) fail(call, `index ${index} is outside the array of ${items.length} item(s)`);
    return items[index];
  },
  'States.ArrayPartition': (args, _env, call) => {
    arity(call, args, 2);
    const items = arr(call, args[0], 1);
    const size = int(call, args[1], 2);
    if (size <= 0) fail(call, `the chunk size must be a positive integer, got ${size}`);
    const chunks: unknown[][] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    return chunks;
  },
  'States.ArrayContains': (args, _env, call) => {
    arity(call, args, 2);
    return arr(call, args[0], 1).some((item) => jsonEquals(item, args[1]));
  },
  'States.ArrayRange': (args, _env, call) => {
    arity(call, args, 3);
    const [start, end, step] = [int(call, args[0], 1), int(call, args[1], 2), int(call, args[2], 3)];
    if (step === 0) fail(call, 'the step must not be 0');
    const count = Math.max(0, Math.floor((end - start) / step) + 1);
    if (count > MAX_RANGE_ITEMS) fail(call, `the range would have ${count} items; the limit is ${MAX_RANGE_ITEMS}`);
    return Array.from({ length: count }, (_v, i) => start + i * step);
  },
  'States.ArrayUnique': (args, _env, call) => {
    arity(call, args, 1);
    const unique: unknown[] = [];
    for (const item of arr(call, args[0], 1)) if (!unique.some((u) => jsonEquals(u, item))) unique.push(item);
    return unique;
  },
  'States.Base64Encode': (args, _env, call) => {
    arity(call, args, 1);
    return Buffer.from(limited(call, str(call, args[0], 1)), 'utf8').toString('base64');
  },
  'States.Base64Decode': (args, _env, call) => {
    arity(call, args, 1);
    const text = limited(call, str(call, args[0], 1));
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) fail(call, 'argument 1 is not valid base64');
    return Buffer.from(text, 'base64').toString('utf8');
  },
  'States.Hash': (args, _env, call) => {
    arity(call, args, 2);
    const algorithm = HASHES[str(call, args[1], 2)];
    if (!algorithm) fail(call, `algorithm ${JSON.stringify(args[1])} is not one of ${Object.keys(HASHES).join(', ')}`);
    const data = typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
    return createHash(algorithm).update(limited(call, data), 'utf8').digest('hex');
  },
  'States.MathAdd': (args, _env, call) => {
    arity(call, args, 2);
    return int(call, args[0], 1) + int(call, args[1], 2);
  },
  'States.MathRandom': (args, env, call) => {
    arity(call, args, 2, 3);
    const [start, end] = [int(call, args[0], 1), int(call, args[1], 2)];
    if (end <= start) fail(call, `the end (${end}) must be greater than the start (${start})`);
    // The seed (argument 3) is accepted but the engine's injectable random() decides.
    return start + Math.floor(env.random() * (end - start));
  },
  'States.StringSplit': (args, _env, call) => {
    arity(call, args, 2);
    const text = str(call, args[0], 1);
    const delimiters = str(call, args[1], 2);
    if (delimiters === '') return [text];
    const parts: string[] = [];
    let current = '';
    for (const c of text) {
      if (delimiters.includes(c)) {
        if (current !== '') parts.push(current);
        current = '';
      } else current += c;
    }
    if (current !== '') parts.push(current);
    return parts;
  },
  'States.UUID': (args, _env, call) => {
    arity(call, args, 0);
    return randomUUID();
  },
};
