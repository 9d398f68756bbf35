import type { z } from 'zod';
import { knownKeys } from './deployment-file';

export type FieldPath = ReadonlyArray<string | number>;

/** One problem with one field of a deployment, worded "problem — fix". */
export interface FieldIssue {
  readonly path: FieldPath;
  /** The problem and its fix, without the field name. */
  readonly message: string;
  /** Points at the key itself (an unknown key) rather than at its value. */
  readonly atKey: boolean;
}

/** `targets.accounts[1]`: the field as a reader of the file would name it. */
export function dottedPath(path: FieldPath): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

function valueAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Edit distance, for "did you mean": a misspelt key is the commonest mistake in these files. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const closest = [...allowed].sort((x, y) => distance(key, x) - distance(key, y))[0];
  const hint = closest !== undefined && distance(key, closest) <= Math.max(2, Math.floor(closest.length / 3)) ? `did you mean "${closest}"? ` : '';
  return `is not a known key — ${hint}the keys here are: ${allowed.join(', ')}`;
}

/** Turns zod's issues into field issues; every message names the fix. */
export function fieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = knownKeys(issue.path);
      return issue.keys.map((key) => ({ path: [...issue.path, key], message: unknownKeyMessage(key, allowed), atKey: true }));
    }
    const value = valueAt(input, issue.path);
    if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'custom')) {
      const message = issue.message.includes('—') ? issue.message : 'is missing — add it';
      return [{ path: issue.path, message, atKey: false }];
    }
    const fixed = issue.message.includes('—') ? issue.message : `${issue.message.toLowerCase()} — correct the value`;
    return [{ path: issue.path, message: issue.path.length ? `(${shown(value)}) ${fixed}` : fixed, atKey: false }];
  });
}

/** `field (value) problem — fix`, the one-line form used by the flags and the file check. */
export function issueText(issue: FieldIssue, label = dottedPath(issue.path)): string {
  return label ? `${label} ${issue.message}` : issue.message;
}
