/**
 * @module expressions/expr/lexer
 * Tokenizer for expr-lang (the `{{= ...}}` language), following the lexer of the expr-lang version Argo
 * pins: word operators (`and or not in matches contains startsWith endsWith let if else`), `not in`-style
 * pairs, `?.` `??` `..` `**` `#` pointers, comments, three string quotes and Go-style escapes, and numbers in
 * decimal, hex, octal and binary with `_` separators. Positions are code-point offsets (Go counts runes).
 */
import { ExpressionSyntaxError } from './errors.ts';

export type TokenKind = 'Identifier' | 'Number' | 'String' | 'Operator' | 'Bracket' | 'EOF';

export interface Token {
  kind: TokenKind;
  value: string;
  /** Code-point offset of the first character. */
  from: number;
}

const letter = /^[\p{L}_$]$/u;
const digit = /^\p{Nd}$/u;
const space = /^\s$/u;

function isAlpha(ch: string): boolean {
  return letter.test(ch);
}
function isAlphaNumeric(ch: string): boolean {
  return letter.test(ch) || digit.test(ch);
}

const wordOperators = new Set([
  'in',
  'or',
  'and',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  'let',
  'if',
  'else',
]);
const negatable = new Set(['in', 'matches', 'contains', 'startsWith', 'endsWith']);

export function isValidIdentifier(s: string): boolean {
  const chars = [...s];
  return chars.length > 0 && isAlpha(chars[0]!) && chars.every(isAlphaNumeric);
}

/** Splits `source` into tokens; throws ExpressionSyntaxError at the first lexing error. */
export function lex(source: string): Token[] {
  const chars = [...source];
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  const peek = (): string | undefined => chars[pos];
  const word = (): string => chars.slice(start, pos).join('');
  const emit = (kind: TokenKind, value = word()): void => {
    tokens.push({ kind, value, from: start });
    start = pos;
  };
  const accept = (valid: string): boolean => {
    const c = peek();
    if (c !== undefined && valid.includes(c)) {
      pos++;
      return true;
    }
    return false;
  };
  const fail = (message: string, at = pos - 1): never => {
    throw new ExpressionSyntaxError(message, source, Math.max(at, 0));
  };

  while (pos < chars.length) {
    start = pos;
    const r = chars[pos++]!;
    if (space.test(r)) continue;
    if (r === "'" || r === '"') {
      pos = scanString(chars, pos, r, source);
      emit('String', unescapeBody(chars.slice(start + 1, pos - 1).join(''), source, start));
    } else if (r === '`') {
      let value = '';
      for (;;) {
        const c = chars[pos++];
        if (c === undefined) fail('literal not terminated', pos);
        if (c === '`') {
          if (chars[pos] === '`') {
            value += '`';
            pos++;
            continue;
          }
          break;
        }
        value += c;
      }
      emit('String', value);
    } else if (r >= '0' && r <= '9') {
      pos--;
      scanNumber();
    } else if (r === '?') {
      accept('.?');
      emit('Operator');
    } else if (r === '/') {
      if (accept('/')) {
        while (pos < chars.length && chars[pos] !== '\n') pos++;
        start = pos;
      } else if (accept('*')) {
        for (;;) {
          if (pos >= chars.length) fail('unclosed comment', pos);
          if (chars[pos++] === '*' && accept('/')) break;
        }
        start = pos;
      } else emit('Operator');
    } else if (r === '#') {
      accept('#');
      emit('Operator');
      while (pos < chars.length && isAlphaNumeric(chars[pos]!)) pos++;
      if (pos > start) emit('Identifier');
    } else if (r === '|') {
      accept('|');
      emit('Operator');
    } else if (r === ':') {
      accept(':');
      emit('Operator');
    } else if ('([{'.includes(r) || ')]}'.includes(r)) {
      emit('Bracket');
    } else if (',;%+-^'.includes(r)) {
      emit('Operator');
    } else if ('&!=*<>'.includes(r)) {
      accept('&=*');
      emit('Operator');
    } else if (r === '.') {
      const c = peek();
      if (c !== undefined && c >= '0' && c <= '9') {
        pos--;
        scanNumber();
      } else {
        accept('.');
        emit('Operator');
      }
    } else if (isAlphaNumeric(r)) {
      while (pos < chars.length && isAlphaNumeric(chars[pos]!)) pos++;
      const w = word();
      if (w === 'not') {
        emit('Operator');
        while (chars[pos] === ' ') pos++;
        start = pos;
        let end = pos;
        while (end < chars.length && isAlphaNumeric(chars[end]!)) end++;
        const next = chars.slice(pos, end).join('');
        if (negatable.has(next)) {
          pos = end;
          emit('Operator');
        }
      } else if (wordOperators.has(w)) emit('Operator');
      else emit('Identifier');
    } else {
      fail(`unrecognized character: ${goRuneU(r)}`);
    }
  }
  tokens.push({ kind: 'EOF', value: '', from: Math.max(chars.length - 1, 0) });
  return tokens;

  function scanNumber(): void {
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    while (accept(digits));
    const end = pos;
    let rangeFollows = false;
    if (accept('.')) {
      if (peek() === '.') {
        pos = end;
        rangeFollows = true;
      } else while (accept(digits));
    }
    if (!rangeFollows && accept('eE')) {
      accept('+-');
      while (accept(digits));
    }
    const c = peek();
    if (c !== undefined && isAlphaNumeric(c)) {
      pos++;
      fail(`bad number syntax: ${JSON.stringify(word())}`);
    }
    emit('Number');
  }
}

function goRuneU(r: string): string {
  const cp = r.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`;
}

function scanString(chars: string[], pos: number, quote: string, source: string): number {
  for (;;) {
    const ch = chars[pos++];
    if (ch === undefined || ch === '\n')
      throw new ExpressionSyntaxError('literal not terminated', source, pos - 1);
    if (ch === quote) return pos;
    if (ch === '\\') {
      const e = chars[pos++];
      if (e === undefined) throw new ExpressionSyntaxError('literal not terminated', source, pos - 1);
      if ('abfnrtv\\'.includes(e) || e === quote) continue;
      const want = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : e >= '0' && e <= '7' ? 2 : -1;
      if (e === 'u' && chars[pos] === '{') {
        let n = 0;
        pos++;
        while (chars[pos] !== '}' && chars[pos] !== undefined && /[0-9a-fA-F]/.test(chars[pos]!) && n < 6) {
          pos++;
          n++;
        }
        if (chars[pos] !== '}' || n === 0)
          throw new ExpressionSyntaxError('invalid char escape', source, pos);
        pos++;
        continue;
      }
      if (want < 0) throw new ExpressionSyntaxError('invalid char escape', source, pos - 1);
      const re = e >= '0' && e <= '7' ? /[0-7]/ : /[0-9a-fA-F]/;
      for (let i = 0; i < want; i++) {
        const d = chars[pos];
        if (d === undefined || !re.test(d))
          throw new ExpressionSyntaxError('invalid char escape', source, pos);
        pos++;
      }
    }
  }
}

/** Decodes the escapes of a quoted string body (both quote kinds), like expr-lang's `unescape`. */
function unescapeBody(body: string, source: string, at: number): string {
  const text = body.replace(/\r\n|\r/g, '\n');
  let out = '';
  const bad = (): never => {
    throw new ExpressionSyntaxError('unable to unescape string', source, at);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = text[++i];
    switch (e) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
      case "'":
      case '"':
      case '`':
      case '?':
        out += e;
        break;
      case 'x':
      case 'X':
      case 'u':
      case 'U': {
        let v: number;
        if (e === 'u' && text[i + 1] === '{') {
          const close = text.indexOf('}', i + 2);
          if (close < 0) bad();
          v = Number.parseInt(text.slice(i + 2, close), 16);
          i = close;
        } else {
          const n = e === 'u' ? 4 : e === 'U' ? 8 : 2;
          const digits = text.slice(i + 1, i + 1 + n);
          if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== n) bad();
          v = Number.parseInt(digits, 16);
          i += n;
        }
        if (v > 0x10ffff || Number.isNaN(v)) bad();
        out += String.fromCodePoint(v);
        break;
      }
      case '0':
      case '1':
      case '2':
      case '3': {
        const digits = text.slice(i + 1, i + 3);
        if (!/^[0-7]{2}$/.test(digits)) bad();
        out += String.fromCodePoint(Number.parseInt(e + digits, 8));
        i += 2;
        break;
      }
      default:
        bad();
    }
  }
  return out;
}
