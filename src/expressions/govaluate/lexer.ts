/**
 * @module expressions/govaluate/lexer
 * Tokenizer for the govaluate language of `when` conditions (Knetic/govaluate at the commit Argo pins):
 * numbers are float64 (`.` counts as a digit, `0x` hex), barewords are VARIABLE tokens (letters, digits,
 * `_`, `.`; a `.` makes an ACCESSOR), `true`/`false` are booleans, `in` is a comparator, strings run
 * between any two quote characters with `\` escaping the next character, `[...]` is a bracketed variable,
 * and runs of symbol characters must be one of the known operators. A token may only follow certain
 * others; that table (govaluate's lexer states) is checked here too.
 */
import { goFormatFloat } from '../quote.ts';

export type Kind =
  | 'UNKNOWN'
  | 'PREFIX'
  | 'NUMERIC'
  | 'BOOLEAN'
  | 'STRING'
  | 'PATTERN'
  | 'TIME'
  | 'VARIABLE'
  | 'FUNCTION'
  | 'SEPARATOR'
  | 'ACCESSOR'
  | 'COMPARATOR'
  | 'LOGICALOP'
  | 'MODIFIER'
  | 'CLAUSE'
  | 'CLAUSE_CLOSE'
  | 'TERNARY';

export interface GToken {
  kind: Kind;
  value: string | number | boolean | string[];
}

export class GovaluateError extends Error {}

const prefixSymbols = new Set(['-', '!', '~']);
const modifierSymbols = new Set(['+', '-', '*', '/', '%', '**', '&', '|', '^', '>>', '<<']);
const logicalSymbols = new Set(['&&', '||']);
const comparatorSymbols = new Set(['==', '!=', '>', '>=', '<', '<=', '=~', '!~', 'in']);
const ternarySymbols = new Set(['?', ':', '??']);

const valueKinds: Kind[] = [
  'PREFIX',
  'NUMERIC',
  'BOOLEAN',
  'VARIABLE',
  'PATTERN',
  'FUNCTION',
  'ACCESSOR',
  'STRING',
  'TIME',
  'CLAUSE',
];
const afterValue: Kind[] = ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'TERNARY', 'SEPARATOR'];

/** govaluate's lexer states: which kinds may follow a kind, and whether the expression may end there. */
const states: Record<Kind, { eof: boolean; next: Kind[] }> = {
  UNKNOWN: { eof: false, next: valueKinds },
  CLAUSE: { eof: false, next: [...valueKinds, 'CLAUSE_CLOSE'] },
  CLAUSE_CLOSE: {
    eof: true,
    next: [
      'COMPARATOR',
      'MODIFIER',
      'NUMERIC',
      'BOOLEAN',
      'VARIABLE',
      'STRING',
      'PATTERN',
      'TIME',
      'CLAUSE',
      'CLAUSE_CLOSE',
      'LOGICALOP',
      'TERNARY',
      'SEPARATOR',
    ],
  },
  NUMERIC: { eof: true, next: afterValue },
  BOOLEAN: { eof: true, next: afterValue },
  STRING: { eof: true, next: afterValue },
  TIME: { eof: true, next: ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR'] },
  PATTERN: { eof: true, next: ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR'] },
  VARIABLE: { eof: true, next: afterValue },
  MODIFIER: {
    eof: false,
    next: [
      'PREFIX',
      'NUMERIC',
      'VARIABLE',
      'FUNCTION',
      'ACCESSOR',
      'STRING',
      'BOOLEAN',
      'CLAUSE',
      'CLAUSE_CLOSE',
    ],
  },
  COMPARATOR: {
    eof: false,
    next: [
      'PREFIX',
      'NUMERIC',
      'BOOLEAN',
      'VARIABLE',
      'FUNCTION',
      'ACCESSOR',
      'STRING',
      'TIME',
      'CLAUSE',
      'CLAUSE_CLOSE',
      'PATTERN',
    ],
  },
  LOGICALOP: {
    eof: false,
    next: [
      'PREFIX',
      'NUMERIC',
      'BOOLEAN',
      'VARIABLE',
      'FUNCTION',
      'ACCESSOR',
      'STRING',
      'TIME',
      'CLAUSE',
      'CLAUSE_CLOSE',
    ],
  },
  PREFIX: {
    eof: false,
    next: ['NUMERIC', 'BOOLEAN', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'CLAUSE', 'CLAUSE_CLOSE'],
  },
  TERNARY: {
    eof: false,
    next: [
      'PREFIX',
      'NUMERIC',
      'BOOLEAN',
      'STRING',
      'TIME',
      'VARIABLE',
      'FUNCTION',
      'ACCESSOR',
      'CLAUSE',
      'SEPARATOR',
    ],
  },
  FUNCTION: { eof: false, next: ['CLAUSE'] },
  ACCESSOR: {
    eof: true,
    next: ['CLAUSE', 'MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'TERNARY', 'SEPARATOR'],
  },
  SEPARATOR: {
    eof: false,
    next: ['PREFIX', 'NUMERIC', 'BOOLEAN', 'STRING', 'TIME', 'VARIABLE', 'FUNCTION', 'ACCESSOR', 'CLAUSE'],
  },
};

const isSpace = (c: string): boolean => /^\s$/u.test(c);
const isLetter = (c: string): boolean => /^\p{L}$/u.test(c);
const isDigit = (c: string): boolean => /^\p{Nd}$/u.test(c);
const isNumeric = (c: string): boolean => isDigit(c) || c === '.';
const isQuote = (c: string): boolean => c === "'" || c === '"';
const isVariableChar = (c: string): boolean => isLetter(c) || isDigit(c) || c === '_' || c === '.';
const isSymbolChar = (c: string): boolean => !(isDigit(c) || isLetter(c) || '()[]'.includes(c) || isQuote(c));

/** Go's `%v` of a token value, as govaluate prints it in messages. */
export function showValue(v: GToken['value'] | null | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.join(' ')}]`;
  if (typeof v === 'number') return goFormatFloat(v);
  return String(v);
}

/** Lexes a govaluate expression into tokens; throws GovaluateError with govaluate's messages. */
export function lexGovaluate(expression: string): GToken[] {
  const chars = [...expression];
  let pos = 0;
  const tokens: GToken[] = [];
  let state = states.UNKNOWN;

  /** govaluate's readUntilFalse: honours `\` escapes; `breakOnSpace` ends the token at white space. */
  const readWhile = (
    cond: (c: string) => boolean,
    includeSpace: boolean,
    breakOnSpace: boolean,
  ): [string, boolean] => {
    let buf = '';
    while (pos < chars.length) {
      let c = chars[pos++]!;
      if (c === '\\') {
        c = chars[pos++] ?? '';
        buf += c;
        continue;
      }
      if (isSpace(c)) {
        if (breakOnSpace && buf.length > 0) return [buf, true];
        if (!includeSpace) continue;
      }
      if (cond(c)) buf += c;
      else {
        pos--;
        return [buf, true];
      }
    }
    return [buf, false];
  };

  while (pos < chars.length) {
    const c = chars[pos++]!;
    if (isSpace(c)) continue;
    let token: GToken;
    if (isNumeric(c)) {
      if (c === '0' && chars[pos] === 'x' && pos + 1 <= chars.length - 1) {
        pos++;
        const [hex] = readWhile((x) => /^[0-9a-fA-F]$/.test(x), false, true);
        const n = Number.parseInt(hex, 16);
        if (hex === '' || Number.isNaN(n))
          throw new GovaluateError(`Unable to parse hex value '${hex}' to uint64\n`);
        token = { kind: 'NUMERIC', value: n };
      } else {
        pos--;
        const [text] = readWhile(isNumeric, false, true);
        if (!/^(\d+\.?\d*|\.\d+)$/u.test(text)) {
          throw new GovaluateError(`Unable to parse numeric value '${text}' to float64\n`);
        }
        token = { kind: 'NUMERIC', value: Number(text) };
      }
    } else if (c === ',') {
      token = { kind: 'SEPARATOR', value: ',' };
    } else if (c === '[') {
      const [name, completed] = readWhile((x) => x !== ']', true, false);
      if (!completed) throw new GovaluateError('Unclosed parameter bracket');
      pos++;
      token = { kind: 'VARIABLE', value: name };
    } else if (isLetter(c)) {
      pos--;
      const [word] = readWhile(isVariableChar, false, true);
      token = { kind: 'VARIABLE', value: word };
      if (word === 'true' || word === 'false') token = { kind: 'BOOLEAN', value: word === 'true' };
      if (word === 'in' || word === 'IN') token = { kind: 'COMPARATOR', value: 'in' };
      const dot = word.indexOf('.');
      if (dot > 0) {
        if (word.endsWith('.')) throw new GovaluateError(`Hanging accessor on token '${word}'`);
        const parts = word.split('.');
        for (const part of parts.slice(1)) {
          const first = [...part][0] ?? '';
          if (first.toUpperCase() !== first) {
            throw new GovaluateError(`Unable to access unexported field '${part}' in token '${word}'`);
          }
        }
        token = { kind: 'ACCESSOR', value: parts };
      }
    } else if (isQuote(c)) {
      const [text, completed] = readWhile((x) => !isQuote(x), true, false);
      if (!completed) throw new GovaluateError('Unclosed string literal');
      pos++;
      token = { kind: 'STRING', value: text };
    } else if (c === '(') {
      token = { kind: 'CLAUSE', value: '(' };
    } else if (c === ')') {
      token = { kind: 'CLAUSE_CLOSE', value: ')' };
    } else {
      pos--;
      const [sym] = readWhile(isSymbolChar, false, true);
      let kind: Kind | null = null;
      if (state.next.includes('PREFIX') && prefixSymbols.has(sym)) kind = 'PREFIX';
      else if (modifierSymbols.has(sym)) kind = 'MODIFIER';
      else if (logicalSymbols.has(sym)) kind = 'LOGICALOP';
      else if (comparatorSymbols.has(sym)) kind = 'COMPARATOR';
      else if (ternarySymbols.has(sym)) kind = 'TERNARY';
      if (!kind) throw new GovaluateError(`Invalid token: '${sym}'`);
      token = { kind, value: sym };
    }
    state = states[token.kind];
    tokens.push(token);
  }
  checkBalance(tokens);
  return tokens;
}

function checkBalance(tokens: GToken[]): void {
  let parens = 0;
  for (const t of tokens) {
    if (t.kind === 'CLAUSE') parens++;
    if (t.kind === 'CLAUSE_CLOSE') parens--;
  }
  if (parens !== 0) throw new GovaluateError('Unbalanced parenthesis');
}

/** govaluate's `checkExpressionSyntax`: every token must be allowed after the previous one. */
export function checkSyntax(tokens: GToken[]): void {
  let state = states.UNKNOWN;
  let last: GToken | null = null;
  let kind: Kind = 'UNKNOWN';
  for (const t of tokens) {
    if (!state.next.includes(t.kind)) {
      if (last?.kind === 'VARIABLE' && t.kind === 'CLAUSE')
        throw new GovaluateError(`Undefined function ${String(last.value)}`);
      throw new GovaluateError(
        `Cannot transition token types from ${kind} [${showValue(last?.value)}] to ${t.kind} [${showValue(t.value)}]`,
      );
    }
    state = states[t.kind];
    kind = t.kind;
    last = t;
  }
  if (!state.eof) throw new GovaluateError('Unexpected end of expression');
}
