import { ResultPathMatchFailureError, RuntimeError } from './errors';

/**
 * The JSONPath that ASL's JSONPath mode uses: `$`, `.field`, `['field']`, `[n]`, `[*]`/`.*`.
 * Parsed paths are cached: the same few hundred paths are evaluated for every item of a
 * large Map, so parsing once matters.
 */
export type Segment = { readonly field: string } | { readonly index: number } | { readonly wildcard: true };

const cache = new Map<string, readonly Segment[]>();

/** Parses `$…`; throws RuntimeError naming the path when it is not one we understand. */
export function parsePath(path: string): readonly Segment[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const segments = parseUncached(path);
  cache.set(path, segments);
  return segments;
}

function parseUncached(path: string): Segment[] {
  if (!path.startsWith('$')) throw new RuntimeError(`invalid JSONPath '${path}': a path must start with '$'`);
  const segments: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      let j = i + 1;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      const name = path.slice(i + 1, j);
      if (name === '') throw new RuntimeError(`invalid JSONPath '${path}': empty field name at position ${i}`);
      segments.push(name === '*' ? { wildcard: true } : { field: name });
      i = j;
    } else if (c === '[') {
      const close = findClose(path, i);
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') segments.push({ wildcard: true });
      else if (/^-?\d+$/.test(inner)) segments.push({ index: Number(inner) });
      else if (/^'.*'$|^".*"$/s.test(inner)) segments.push({ field: inner.slice(1, -1).replace(/\\(.)/g, '$1') });
      else throw new RuntimeError(`invalid JSONPath '${path}': unsupported selector [${inner}] (use a field, an index or *)`);
      i = close + 1;
    } else {
      throw new RuntimeError(`invalid JSONPath '${path}': unexpected '${c}' at position ${i}`);
    }
  }
  return segments;
}

function findClose(path: string, open: number): number {
  let quote: string | undefined;
  for (let k = open + 1; k < path.length; k++) {
    const c = path[k];
    if (quote) {
      if (c === '\\') k++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return k;
  }
  throw new RuntimeError(`invalid JSONPath '${path}': '[' at position ${open} is never closed`);
}

export function isDefinite(segments: readonly Segment[]): boolean {
  return segments.every((s) => !('wildcard' in s));
}

const MISSING: unique symbol = Symbol('missing');

/** The value at `path`, or `undefined` when the path does not exist in `value`. */
export function query(value: unknown, path: string): unknown {
  const segments = parsePath(path);
  if (isDefinite(segments)) {
    const found = walk(value, segments, 0);
    return found === MISSING ? undefined : found;
  }
  const matches: unknown[] = [];
  collect(value, segments, 0, matches);
  return matches;
}

/** Like `query`, but a missing path is the States.Runtime error AWS raises, naming `usage`. */
export function queryRequired(value: unknown, path: string, usage: string): unknown {
  const found = query(value, path);
  if (found === undefined) {
    throw new RuntimeError(`the JSONPath '${path}' ${usage} could not be found in the input '${preview(value)}'`);
  }
  return found;
}

function walk(value: unknown, segments: readonly Segment[], from: number): unknown {
  let current: unknown = value;
  for (let k = from; k < segments.length; k++) {
    const s = segments[k];
    if ('field' in s) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return MISSING;
      if (!Object.prototype.hasOwnProperty.call(current, s.field)) return MISSING;
      current = (current as Record<string, unknown>)[s.field];
    } else if ('index' in s) {
      if (!Array.isArray(current)) return MISSING;
      const index = s.index < 0 ? current.length + s.index : s.index;
      if (index < 0 || index >= current.length) return MISSING;
      current = current[index];
    }
  }
  return current;
}

function collect(value: unknown, segments: readonly Segment[], from: number, out: unknown[]): void {
  for (let k = from; k < segments.length; k++) {
    const s = segments[k];
    if ('wildcard' in s) {
      if (value === null || typeof value !== 'object') return;
      const children = Array.isArray(value) ? value : Object.values(value);
      for (const child of children) collect(child, segments, k + 1, out);
      return;
    }
    const next = walk(value, [s], 0);
    if (next === MISSING) return;
    value = next;
  }
  out.push(value);
}

/**
 * Returns a copy of `root` with `result` placed at the reference path `path`, copying only
 * the objects along the path (the rest is shared: values are never mutated in this engine).
 */
export function setAtPath(root: unknown, path: string, result: unknown): unknown {
  const segments = parsePath(path);
  if (segments.length === 0) return result;
  if (!isDefinite(segments)) throw new RuntimeError(`ResultPath '${path}' must be a reference path without '*'`);
  return setIn(root, segments, 0, result, path);
}

function setIn(node: unknown, segments: readonly Segment[], k: number, result: unknown, path: string): unknown {
  const s = segments[k];
  const last = k === segments.length - 1;
  if ('index' in s) {
    if (!Array.isArray(node) || s.index < 0 || s.index >= node.length) {
      throw new ResultPathMatchFailureError(`unable to apply ResultPath '${path}': index ${s.index} is not in an array of the input`);
    }
    const copy = node.slice();
    copy[s.index] = last ? result : setIn(node[s.index], segments, k + 1, result, path);
    return copy;
  }
  const field = (s as { field: string }).field;
  if (node === undefined) node = {};
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new ResultPathMatchFailureError(
      `unable to apply ResultPath '${path}' to the input '${preview(node)}': the input at '${field}' is not a JSON object`,
    );
  }
  const record = node as Record<string, unknown>;
  const child = Object.prototype.hasOwnProperty.call(record, field) ? record[field] : undefined;
  return { ...record, [field]: last ? result : setIn(child, segments, k + 1, result, path) };
}

/** A short rendering of a value for error causes: causes must stay small. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
