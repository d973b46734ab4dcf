/**
 * @module spec/yaml-fast
 * A quick reader for the YAML that manifests are usually written in: block mappings and sequences,
 * one-line plain and quoted scalars, literal block scalars (`|`, `|-`, `|+`) and one-line flow
 * collections. It returns the same plain data as the full reader in `yaml-load.ts`, whose own scalar
 * tags resolve every plain scalar, or `undefined` as soon as the text holds anything else: anchors,
 * aliases, tags, merge keys, folded or multi-line scalars, multi-line flow collections, tabs, duplicate
 * keys, non-string keys, a top level that is not a mapping, or anything the full reader would reject.
 * The full reader then reads the text again and reports what it finds.
 *
 * The full reader builds a node tree with the position of every node; this one builds only the data,
 * which a large manifest needs many times less time for, and a file that lints clean never needs the
 * positions. `test/spec/yaml-quick.test.ts` holds it to the full reader's results over Argo's examples,
 * thousands of mutations of them and generated documents.
 */

/** A plain scalar's value, or `unsupported` when the full reader has to decide. */
export type PlainResolver = (plain: string) => unknown;

/** What a resolver returns for a scalar it cannot resolve the way the full reader does. */
export const unsupported: unique symbol = Symbol('unsupported');

export interface FastDocument {
  /** The document's mapping as plain data. */
  object: Record<string, unknown>;
  /** Offset of the document's first key in the text (where the full reader's node tree starts). */
  offset: number;
}

/** Thrown inside the reader to give up; never leaves this module. */
class GiveUp {}
const giveUp = new GiveUp();

const space = 32;
const hash = 35;

/** Characters that cannot start a plain scalar (`-`, `?` and `:` only when a space follows). */
const indicators = new Set([...',[]{}#&*!|>\'"%@`']);

/** What after a `-`, `?` or `:` makes it an indicator rather than the start of a plain scalar (`-c`). */
const notAfterIndicator = new Set([...' \t,[]{}#']);

/** Reads every document of `text`; `undefined` when any part needs the full reader. */
export function readFast(text: string, resolve: PlainResolver): FastDocument[] | undefined {
  try {
    return new Reader(text, resolve).documents();
  } catch (e) {
    // Nesting deeper than the stack goes: the full reader reports it as the YAML error it is.
    if (e === giveUp || e instanceof RangeError) return undefined;
    throw e;
  }
}

class Reader {
  readonly #text: string;
  readonly #resolve: PlainResolver;
  /** Per line: offset of its first character, of its end (its `\n` or the text's end), its indentation. */
  readonly #start: number[] = [];
  readonly #end: number[] = [];
  readonly #indent: number[] = [];
  /** Per line: nothing but spaces, or spaces and a comment. */
  readonly #blank: boolean[] = [];
  /** The end (exclusive line index) of the document being read. */
  #docEnd = 0;

  constructor(text: string, resolve: PlainResolver) {
    this.#text = text;
    this.#resolve = resolve;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // Control characters (other than tab and newline), a BOM, CR line ends: the full reader's business.
      if ((c < space && c !== 9 && c !== 10) || c === 0x7f || c === 0xfeff) throw giveUp;
    }
    // Lines without their `\n`; a final `\n` does not start another line.
    let from = 0;
    while (from < text.length) {
      let to = text.indexOf('\n', from);
      if (to < 0) to = text.length;
      let i = from;
      while (i < to && text.charCodeAt(i) === space) i++;
      this.#start.push(from);
      this.#end.push(to);
      this.#indent.push(i - from);
      this.#blank.push(i === to || text.charCodeAt(i) === hash);
      from = to + 1;
    }
  }

  documents(): FastDocument[] {
    const out: FastDocument[] = [];
    const lines = this.#start.length;
    let from = 0;
    for (let i = 0; i <= lines; i++) {
      if (i < lines && !this.#isMarker(i)) continue;
      this.#docEnd = i;
      const doc = this.#document(from);
      if (doc) out.push(doc);
      from = i + 1;
    }
    return out;
  }

  /** `---` alone (or with a comment) at the start of line `i`; other markers and directives give up. */
  #isMarker(i: number): boolean {
    const t = this.#text;
    const s = this.#start[i]!;
    const e = this.#end[i]!;
    const c = t.charCodeAt(s);
    if (c === 0x25 /* % */) throw giveUp;
    if (!t.startsWith('---', s) && !t.startsWith('...', s)) return false;
    const after = s + 3;
    if (after < e && t.charCodeAt(after) !== space) return false; // `---x` is a plain scalar
    if (c === 0x2e /* . */) throw giveUp;
    this.#restIsBlank(after, e);
    return true;
  }

  #document(from: number): FastDocument | undefined {
    const first = this.#nextContent(from);
    if (first >= this.#docEnd) return undefined;
    const n = this.#indent[first]!;
    const at = this.#start[first]! + n;
    if (this.#isSeqItem(at)) throw giveUp;
    const [object, next] = this.#map(first, n, at);
    if (this.#nextContent(next) < this.#docEnd) throw giveUp;
    return { object, offset: at };
  }

  /** The first line at or after `i` (within the document) that holds more than spaces and a comment. */
  #nextContent(i: number): number {
    let j = i;
    while (j < this.#docEnd && this.#blank[j]) j++;
    return j;
  }

  /** `-` followed by a space or the line's end at `at`. */
  #isSeqItem(at: number): boolean {
    const t = this.#text;
    if (t.charCodeAt(at) !== 0x2d /* - */) return false;
    const next = t.charCodeAt(at + 1);
    return Number.isNaN(next) || next === space || next === 10;
  }

  /** From `at` to `end`: only spaces, then the end or a comment. */
  #restIsBlank(at: number, end: number): void {
    let i = at;
    while (i < end && this.#text.charCodeAt(i) === space) i++;
    if (i < end && (this.#text.charCodeAt(i) !== hash || i === at)) throw giveUp;
  }

  /** A block mapping whose keys stand at column `n`, the first of them at offset `at` on line `line`. */
  #map(line: number, n: number, at: number): [Record<string, unknown>, number] {
    const out: Record<string, unknown> = {};
    let i = line;
    let pos = at;
    for (;;) {
      const [key, after] = this.#key(pos, this.#end[i]!);
      if (key === '__proto__' || Object.hasOwn(out, key)) throw giveUp;
      const [value, next] = this.#value(i, after, n, true);
      out[key] = value;
      i = this.#nextContent(next);
      if (i >= this.#docEnd || this.#indent[i]! < n) return [out, i];
      if (this.#indent[i]! > n) throw giveUp;
      pos = this.#start[i]! + n;
      if (this.#isSeqItem(pos)) throw giveUp;
    }
  }

  /** A block sequence whose `-` stand at column `n`, starting on line `line`. */
  #seq(line: number, n: number): [unknown[], number] {
    const out: unknown[] = [];
    const t = this.#text;
    let i = line;
    for (;;) {
      const end = this.#end[i]!;
      let at = this.#start[i]! + n + 1;
      while (at < end && t.charCodeAt(at) === space) at++;
      let item: [unknown, number];
      // `- - a` and `- key: value` start a sequence or mapping at the column of their first character.
      if (this.#isSeqItem(at)) item = this.#seq(i, at - this.#start[i]!);
      else if (at < end && this.#scanKey(at, end) !== undefined)
        item = this.#map(i, at - this.#start[i]!, at);
      else item = this.#value(i, at, n, false);
      out.push(item[0]);
      i = this.#nextContent(item[1]);
      if (i >= this.#docEnd || this.#indent[i]! < n) return [out, i];
      if (this.#indent[i]! > n) throw giveUp;
      if (!this.#isSeqItem(this.#start[i]! + n)) return [out, i];
    }
  }

  /**
   * The value that starts at `at` on line `line` (after a key's `:` or a sequence's `-`), in a node
   * whose indentation is `n`. Returns the value and the line after it.
   */
  #value(line: number, at: number, n: number, inMap: boolean): [unknown, number] {
    const t = this.#text;
    const end = this.#end[line]!;
    let i = at;
    while (i < end && t.charCodeAt(i) === space) i++;
    // Nothing (or a comment, which a space always precedes here) after the `:` or `-`.
    if (i === end || t.charCodeAt(i) === hash) {
      const next = this.#nextContent(line + 1);
      if (next < this.#docEnd) {
        const ind = this.#indent[next]!;
        const pos = this.#start[next]! + ind;
        if (ind > n) {
          if (this.#isSeqItem(pos)) return this.#seq(next, ind);
          if (this.#scanKey(pos, this.#end[next]!) === undefined) throw giveUp; // a scalar on a line of its own
          return this.#map(next, ind, pos);
        }
        // A mapping's value may be a sequence at the key's own indentation.
        if (inMap && ind === n && this.#isSeqItem(pos)) return this.#seq(next, n);
      }
      return [null, line + 1];
    }
    const c = t[i]!;
    if (c === '|') return this.#literal(line, i, n);
    if (c === '"' || c === "'") {
      const [s, after] = this.#quoted(i, end);
      this.#restIsBlank(after, end);
      return [s, line + 1];
    }
    if (c === '[' || c === '{') {
      const [v, after] = this.#flow(i, end);
      this.#restIsBlank(after, end);
      return [v, line + 1];
    }
    return [this.#plain(i, end), line + 1];
  }

  /** A plain scalar in block context from `at` to the line's end or a comment. */
  #plain(at: number, end: number): unknown {
    const t = this.#text;
    this.#plainStart(at, end);
    let stop = end;
    for (let i = at; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === 9) throw giveUp;
      if (c === hash && t.charCodeAt(i - 1) === space) {
        stop = i;
        break;
      }
      // `a: b: c` nests a mapping in a compact one: an error for the full reader.
      if (this.#isKeyColon(i, end)) throw giveUp;
    }
    return this.#resolvePlain(t.slice(at, stop).trimEnd());
  }

  #resolvePlain(s: string): unknown {
    const v = this.#resolve(s);
    if (v === unsupported) throw giveUp;
    return v;
  }

  /** Gives up where a plain scalar cannot start. */
  #plainStart(at: number, end: number): void {
    const t = this.#text;
    const c = t[at]!;
    if (indicators.has(c)) throw giveUp;
    // `-`, `?` and `:` start a plain scalar only when what follows could not end it.
    if ((c === '-' || c === '?' || c === ':') && (at + 1 >= end || notAfterIndicator.has(t[at + 1]!)))
      throw giveUp;
  }

  /** A `:` at `i` that ends a mapping key: followed by a space or the line's end. */
  #isKeyColon(i: number, end: number): boolean {
    const t = this.#text;
    return t.charCodeAt(i) === 0x3a && (i + 1 === end || t.charCodeAt(i + 1) === space);
  }

  /**
   * The mapping key at `at`, when the text there is one (a quoted or plain scalar, then `: ` or `:` and the
   * line's end): a quoted key's value or a plain key's text, whether it was quoted, the offset after its `:`.
   */
  #scanKey(at: number, end: number): [string, boolean, number] | undefined {
    const t = this.#text;
    const c = t[at]!;
    if (c === '"' || c === "'") {
      const [key, after] = this.#quoted(at, end);
      const i = this.#skipSpaces(after, end);
      return this.#isKeyColon(i, end) ? [key, true, i + 1] : undefined;
    }
    if (indicators.has(c)) return undefined;
    for (let i = at; i < end; i++) {
      const k = t.charCodeAt(i);
      if (k === 9 || (k === hash && i > at && t.charCodeAt(i - 1) === space)) return undefined;
      if (this.#isKeyColon(i, end)) return [t.slice(at, i).trimEnd(), false, i + 1];
    }
    return undefined;
  }

  /** The key at `at` (where a key must be) and the offset after its `:`. */
  #key(at: number, end: number): [string, number] {
    const found = this.#scanKey(at, end);
    if (!found) throw giveUp;
    const [key, quoted, after] = found;
    if (!quoted) {
      this.#plainStart(at, end);
      // `<<` merges, and a key that resolves to a bool, number or null is stringified: the full reader's.
      if (key === '<<' || typeof this.#resolvePlain(key) !== 'string') throw giveUp;
    }
    return [key, after];
  }

  /** A quoted scalar that opens at `at` and closes on the same line; its value and the offset after it. */
  #quoted(at: number, end: number): [string, number] {
    const t = this.#text;
    if (t[at] === "'") {
      let out = '';
      let from = at + 1;
      for (;;) {
        const q = t.indexOf("'", from);
        if (q < 0 || q >= end) throw giveUp;
        out += t.slice(from, q);
        if (t[q + 1] !== "'") return [out, q + 1];
        out += "'";
        from = q + 2;
      }
    }
    let out = '';
    let from = at + 1;
    for (let i = from; i < end; i++) {
      const c = t[i];
      if (c === '"') return [out + t.slice(from, i), i + 1];
      if (c !== '\\') continue;
      out += t.slice(from, i);
      const [s, next] = this.#escape(i + 1, end);
      out += s;
      i = next - 1;
      from = next;
    }
    throw giveUp;
  }

  /** The escape after a `\` at `at`; its text and the offset after it. */
  #escape(at: number, end: number): [string, number] {
    const t = this.#text;
    const c = t[at];
    const simple = c === undefined ? undefined : escapes[c];
    if (simple !== undefined) return [simple, at + 1];
    const digits = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const hex = t.slice(at + 1, at + 1 + digits);
    if (digits === 0 || at + 1 + digits > end || !/^[0-9a-fA-F]+$/.test(hex)) throw giveUp;
    const code = Number.parseInt(hex, 16);
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw giveUp;
    return [String.fromCodePoint(code), at + 1 + digits];
  }

  /** A flow collection that opens at `at` and closes on the same line; its value and the offset after it. */
  #flow(at: number, end: number): [unknown, number] {
    const t = this.#text;
    const close = t[at] === '[' ? ']' : '}';
    const isMap = close === '}';
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    let i = this.#skipSpaces(at + 1, end);
    if (t[i] === close) return [isMap ? map : list, i + 1];
    for (;;) {
      if (isMap) {
        const [key, afterKey] = this.#flowScalar(i, end, true);
        if (typeof key !== 'string' || key === '__proto__' || Object.hasOwn(map, key)) throw giveUp;
        if (t[afterKey] !== ':' || t.charCodeAt(afterKey + 1) !== space) throw giveUp;
        const [value, afterValue] = this.#flowItem(this.#skipSpaces(afterKey + 1, end), end);
        map[key] = value;
        i = afterValue;
      } else {
        const [value, after] = this.#flowItem(i, end);
        list.push(value);
        i = after;
      }
      i = this.#skipSpaces(i, end);
      if (t[i] === close) return [isMap ? map : list, i + 1];
      if (t[i] !== ',') throw giveUp;
      i = this.#skipSpaces(i + 1, end);
      if (t[i] === close) throw giveUp; // a trailing comma
    }
  }

  #flowItem(at: number, end: number): [unknown, number] {
    const c = this.#text[at];
    if (c === '[' || c === '{') return this.#flow(at, end);
    return this.#flowScalar(at, end, false);
  }

  /** A quoted or plain scalar inside a flow collection. A key's plain scalar stops at its `:`. */
  #flowScalar(at: number, end: number, isKey: boolean): [unknown, number] {
    const t = this.#text;
    const c = t[at];
    if (c === undefined || at >= end) throw giveUp;
    if (c === '"' || c === "'") return this.#quoted(at, end);
    this.#plainStart(at, end);
    let i = at;
    for (; i < end; i++) {
      const k = t[i]!;
      if (k === ',' || k === ']' || k === '}' || k === '[' || k === '{') break;
      if (k === ':') {
        if (isKey) break;
        throw giveUp;
      }
      if (k === '\t' || (k === '#' && t.charCodeAt(i - 1) === space)) throw giveUp;
    }
    const raw = t.slice(at, i).trimEnd();
    if (raw === '') throw giveUp;
    return [this.#resolvePlain(raw), isKey ? this.#skipSpaces(i, end) : i];
  }

  #skipSpaces(at: number, end: number): number {
    let i = at;
    while (i < end && this.#text.charCodeAt(i) === space) i++;
    return i;
  }

  /** A literal block scalar whose `|` is at `at` on line `line`, in a node indented `n`. */
  #literal(line: number, at: number, n: number): [string, number] {
    const t = this.#text;
    const end = this.#end[line]!;
    let i = at + 1;
    const chomp = t[i] === '-' || t[i] === '+' ? t[i++] : '';
    this.#restIsBlank(i, end);
    const lines: (string | null)[] = [];
    let m = -1;
    let leading = 0;
    let j = line + 1;
    for (; j < this.#docEnd; j++) {
      const s = this.#start[j]!;
      const e = this.#end[j]!;
      const ind = this.#indent[j]!;
      if (s + ind === e) {
        // Only spaces: content (the spaces after the indentation) when longer than it, else an empty line.
        if (m < 0) leading = Math.max(leading, e - s);
        lines.push(m >= 0 && e - s > m ? t.slice(s + m, e) : null);
        continue;
      }
      if (m < 0) {
        if (ind <= n) break;
        if (leading > ind) throw giveUp;
        m = ind;
      } else if (ind < m) break;
      lines.push(t.slice(s + m, e));
    }
    // The text ends inside the scalar without a line break: the full reader's rules.
    if (j === this.#start.length && !t.endsWith('\n')) throw giveUp;
    let last = lines.length - 1;
    while (last >= 0 && lines[last] === null) last--;
    const trailing = lines.length - 1 - last;
    if (last < 0) return [chomp === '+' ? '\n'.repeat(lines.length) : '', j];
    const body = lines
      .slice(0, last + 1)
      .map((l) => l ?? '')
      .join('\n');
    if (chomp === '-') return [body, j];
    return [chomp === '+' ? `${body}\n${'\n'.repeat(trailing)}` : `${body}\n`, j];
  }
}

const escapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
