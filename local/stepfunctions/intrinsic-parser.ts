import { IntrinsicFailureError } from './errors';

/**
 * Parses an intrinsic function call such as
 * `States.Format('{}/{}.json', $.Prefix, States.UUID())` into a tree, once per distinct text.
 */
export type IntrinsicArg =
  | { readonly kind: 'literal'; readonly value: unknown; readonly raw?: string }
  | { readonly kind: 'path'; readonly path: string }
  | IntrinsicCall;

export interface IntrinsicCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
}

const cache = new Map<string, IntrinsicCall>();

export function parseIntrinsic(text: string): IntrinsicCall {
  const hit = cache.get(text);
  if (hit) return hit;
  const parser = new Parser(text);
  const call = parser.call();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail(`unexpected '${text.slice(parser.pos)}' after the closing parenthesis`);
  cache.set(text, call);
  return call;
}

class Parser {
  public pos = 0;
  public constructor(private readonly text: string) {}

  public atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  public fail(problem: string): never {
    throw new IntrinsicFailureError(`invalid intrinsic function '${this.text}': ${problem} (at position ${this.pos})`);
  }

  public skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos])) this.pos++;
  }

  public call(): IntrinsicCall {
    this.skipSpace();
    const match = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected a function name such as States.Format');
    this.pos += match[0].length;
    this.skipSpace();
    if (this.text[this.pos] !== '(') this.fail(`expected '(' after ${match[0]}`);
    this.pos++;
    const args: IntrinsicArg[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { kind: 'call', name: match[0], args };
    }
    for (;;) {
      args.push(this.arg());
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ')') return { kind: 'call', name: match[0], args };
      if (c !== ',') this.fail(`expected ',' or ')' in the arguments of ${match[0]}`);
    }
  }

  private arg(): IntrinsicArg {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "'") return this.string();
    if (c === '$') return { kind: 'path', path: this.path() };
    const rest = this.text.slice(this.pos);
    if (rest.startsWith('States.')) return this.call();
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      this.pos += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    const word = /^(true|false|null)\b/.exec(rest);
    if (word) {
      this.pos += word[0].length;
      return { kind: 'literal', value: word[0] === 'null' ? null : word[0] === 'true' };
    }
    return this.fail('expected a string in single quotes, a number, a path or a States.* call');
  }

  /** `value` has every escape resolved; `raw` keeps `\{` and `\}` for States.Format. */
  private string(): IntrinsicArg {
    this.pos++;
    let value = '';
    let raw = '';
    while (!this.atEnd()) {
      const c = this.text[this.pos];
      if (c === '\\') {
        const next = this.text[this.pos + 1];
        if (next === undefined) break;
        value += next;
        raw += next === '{' || next === '}' || next === '\\' ? `\\${next}` : next;
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        this.pos++;
        return { kind: 'literal', value, raw };
      }
      value += c;
      raw += c;
      this.pos++;
    }
    return this.fail('a string literal is never closed (missing \')');
  }

  private path(): string {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    while (!this.atEnd()) {
      const c = this.text[this.pos];
      if (quote) {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (depth === 0 && (c === ',' || c === ')' || /\s/.test(c))) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }
}
