import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { FieldPath } from './field-issues';

export interface Position {
  /** 1-based, as editors count. */
  readonly line: number;
  readonly column: number;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null)?.range;
  return range ? range[0] : undefined;
}

/**
 * Where `path` sits in the document: the key itself when `atKey`, else its value. When
 * the path goes further than the document (a missing key), the deepest part that exists
 * is given, which is where the missing key belongs.
 */
export function positionOf(doc: Document, lines: LineCounter, path: FieldPath, atKey: boolean): Position {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      if (last && atKey) {
        offset = keyStart ?? offset;
        break;
      }
      // `key:` with no value has no value node: the key is the place to point at.
      const valueStart = rangeStart(pair.value);
      offset = valueStart ?? keyStart ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      const start = rangeStart(item);
      if (start === undefined) break;
      offset = start;
      node = item;
    } else {
      break;
    }
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
