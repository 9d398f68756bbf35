import { NoChoiceMatchedError, RuntimeError } from './errors';
import { preview, query } from './jsonpath';
import type { ChoiceRule, ChoiceState } from './types';

type Kind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

const KINDS: readonly Kind[] = ['String', 'Numeric', 'Boolean', 'Timestamp'];
const RELATIONS: readonly Relation[] = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];
const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'] as const;

/** Every comparison operator name (`StringEquals`, `NumericLessThanPath`, `IsPresent`, …). */
export const COMPARISON_OPERATORS: ReadonlySet<string> = new Set([
  ...KINDS.flatMap((k) => RELATIONS.filter((r) => k !== 'Boolean' || r === 'Equals').flatMap((r) => [`${k}${r}`, `${k}${r}Path`])),
  'StringMatches',
  ...TYPE_TESTS,
]);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value !== 'string' || !RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The name of the state to go to next: the first matching rule's Next, else Default. */
export function chooseNext(state: ChoiceState, input: unknown, stateName: string): string {
  for (const rule of state.Choices) {
    if (evaluateRule(rule, input)) return rule.Next as string;
  }
  if (state.Default !== undefined) return state.Default;
  throw new NoChoiceMatchedError(`no Choice rule of state '${stateName}' matched the input '${preview(input)}' and it has no Default`);
}

export function evaluateRule(rule: ChoiceRule, input: unknown): boolean {
  if (rule.And) return rule.And.every((r) => evaluateRule(r, input));
  if (rule.Or) return rule.Or.some((r) => evaluateRule(r, input));
  if (rule.Not) return !evaluateRule(rule.Not, input);
  const operator = Object.keys(rule).find((key) => COMPARISON_OPERATORS.has(key)) as string;
  const variable = rule.Variable as string;
  const value = query(input, variable);
  if (operator === 'IsPresent') return (value !== undefined) === rule.IsPresent;
  if (value === undefined) {
    throw new RuntimeError(`invalid path '${variable}': the Choice rule's Variable references a value not in the input`);
  }
  const expected = rule[operator];
  switch (operator) {
    case 'IsNull':
      return (value === null) === expected;
    case 'IsNumeric':
      return (typeof value === 'number') === expected;
    case 'IsString':
      return (typeof value === 'string') === expected;
    case 'IsBoolean':
      return (typeof value === 'boolean') === expected;
    case 'IsTimestamp':
      return (parseTimestamp(value) !== undefined) === expected;
    case 'StringMatches':
      return typeof value === 'string' && wildcard(expected as string).test(value);
  }
  const byPath = operator.endsWith('Path');
  const name = byPath ? operator.slice(0, -4) : operator;
  const kind = KINDS.find((k) => name.startsWith(k)) as Kind;
  const relation = name.slice(kind.length) as Relation;
  let other = expected;
  if (byPath) {
    other = query(input, expected as string);
    if (other === undefined) throw new RuntimeError(`invalid path '${String(expected)}' in ${operator}: it references a value not in the input`);
  }
  return compare(kind, relation, value, other);
}

function compare(kind: Kind, relation: Relation, a: unknown, b: unknown): boolean {
  let x: string | number;
  let y: string | number;
  if (kind === 'String') {
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    [x, y] = [a, b];
  } else if (kind === 'Numeric') {
    if (typeof a !== 'number' || typeof b !== 'number') return false;
    [x, y] = [a, b];
  } else if (kind === 'Boolean') {
    return typeof a === 'boolean' && a === b;
  } else {
    const [ta, tb] = [parseTimestamp(a), parseTimestamp(b)];
    if (ta === undefined || tb === undefined) return false;
    [x, y] = [ta, tb];
  }
  switch (relation) {
    case 'Equals':
      return x === y;
    case 'LessThan':
      return x < y;
    case 'GreaterThan':
      return x > y;
    case 'LessThanEquals':
      return x <= y;
    case 'GreaterThanEquals':
      return x >= y;
  }
}

const patterns = new Map<string, RegExp>();

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are literal. */
function wildcard(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (regex) return regex;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += escape(pattern[++i]);
    else if (c === '*') source += '.*';
    else source += escape(c);
  }
  regex = new RegExp(`^${source}$`, 's');
  patterns.set(pattern, regex);
  return regex;
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
