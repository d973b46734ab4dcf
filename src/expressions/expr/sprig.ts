/**
 * @module expressions/expr/sprig
 * The `sprig.<fn>` namespace of Argo's expression env: the Sprig v3 generic functions that workflows use,
 * with their Go signatures (so wrong argument types fail the way reflection calls do) and Sprig's habit of
 * returning zero values instead of errors. Numbers go through spf13/cast rules (`"12.7"` → 12, bad text → 0).
 */
import { createHash, randomInt } from 'node:crypto';
import { goFormatV, goJsonMarshal } from '../quote.ts';
import { goRegex } from '../regex.ts';
import { goParseFloat, goTrimSpace, intOf } from './builtins.ts';
import { Panic } from './errors.ts';
import {
  floatToInt,
  fromPlain,
  GoFunc,
  GoTime,
  isMap,
  newMap,
  type ParamKind,
  type Value,
  wrapInt,
} from './values.ts';

/** spf13/cast `ToInt64` (also used for Go `int`). */
export function castInt(v: Value): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return floatToInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    if (v === '') return 0n;
    let s = v;
    const m = /^([-+]?\d*)(\.\d*)?$/.exec(s);
    if (m && s.includes('.')) s = m[1] === '' ? '0' : m[1] === '-' || m[1] === '+' ? `${m[1]}0` : m[1]!;
    return parseIntBase0(s) ?? 0n;
  }
  return 0n;
}

function parseIntBase0(s: string): bigint | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  let body = m[2]!;
  if (body.includes('_') && !/^0[xXoObB]/.test(body)) return null;
  body = body.replace(/_/g, '');
  let n: bigint;
  if (/^0[0-7]+$/.test(body)) n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body.replace(/^0O/, '0o').replace(/^0X/, '0x').replace(/^0B/, '0b'));
  if (m[1] === '-') n = -n;
  if (n !== BigInt.asIntN(64, n)) return null;
  return n;
}

/** spf13/cast `ToFloat64`. */
export function castFloat(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v === '' ? 0 : (goParseFloat(v) ?? 0);
  return 0;
}

/** Sprig's `strval`. */
function strval(v: Value): string {
  return typeof v === 'string' ? v : goFormatV(v);
}

/** Sprig's `strslice`: a list's elements as strings, nil elements dropped. */
function strslice(v: Value): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(strval);
  if (v === null) return [];
  return [strval(v)];
}

/** Sprig's `empty`. */
function empty(v: Value): boolean {
  if (v === null) return true;
  if (typeof v === 'string') return v === '';
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}

function goQuoteFull(s: string): string {
  return JSON.stringify(s);
}

function fn(
  name: string,
  params: ParamKind[],
  impl: (...a: Value[]) => Value,
  variadic: ParamKind | null = null,
) {
  return new GoFunc(name, params, variadic, impl);
}

// Math.max/min do not take bigints.
function bigMax(a: bigint, b: bigint): bigint {
  if (a < b) return b;
  return a;
}

function bigMin(a: bigint, b: bigint): bigint {
  if (b < a) return b;
  return a;
}

const intDiv = (a: bigint, b: bigint): bigint => {
  if (b === 0n) throw new Panic('runtime error: integer divide by zero');
  return wrapInt(a / b);
};

function regexReplace(pattern: string, s: string, repl: string): string {
  const re = goRegex(pattern, true);
  return s.replace(re, (...m: unknown[]) => {
    const groups = m.slice(1, -2) as (string | undefined)[];
    return repl.replace(/\$(\{(\w+)\}|(\w+))/g, (_, _b, braced?: string, bare?: string) => {
      const name = braced ?? bare ?? '';
      if (/^\d+$/.test(name)) return name === '0' ? (m[0] as string) : (groups[Number(name) - 1] ?? '');
      return '';
    });
  });
}

/** Go's strings.ReplaceAll: an empty `old` matches before every rune and at the end. */
function goReplaceAll(s: string, old: string, repl: string): string {
  if (old === '') return repl + [...s].map((c) => c + repl).join('');
  return s.split(old).join(repl);
}

const alphaNum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Builds the `sprig` map of the expression env. */
export function sprigFunctions(): Record<string, Value> {
  const list: Record<string, GoFunc> = {
    trim: fn('trim', ['string'], (s) => goTrimSpace(s as string)),
    trimAll: fn('trimAll', ['string', 'string'], (c, s) => {
      const set = new Set([...(c as string)]);
      const chars = [...(s as string)];
      let a = 0;
      let b = chars.length;
      while (a < b && set.has(chars[a]!)) a++;
      while (b > a && set.has(chars[b - 1]!)) b--;
      return chars.slice(a, b).join('');
    }),
    trimPrefix: fn('trimPrefix', ['string', 'string'], (p, s) =>
      (s as string).startsWith(p as string) ? (s as string).slice((p as string).length) : (s as string),
    ),
    trimSuffix: fn('trimSuffix', ['string', 'string'], (p, s) =>
      (p as string) !== '' && (s as string).endsWith(p as string)
        ? (s as string).slice(0, (s as string).length - (p as string).length)
        : (s as string),
    ),
    upper: fn('upper', ['string'], (s) => (s as string).toUpperCase()),
    lower: fn('lower', ['string'], (s) => (s as string).toLowerCase()),
    title: fn('title', ['string'], (s) =>
      (s as string).replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, a, b) => a + b.toUpperCase()),
    ),
    toString: fn('toString', ['any'], (v) => strval(v!)),
    toStrings: fn('toStrings', ['any'], (v) => strslice(v!)),
    int: fn('int', ['any'], (v) => castInt(v!)),
    int64: fn('int64', ['any'], (v) => castInt(v!)),
    float64: fn('float64', ['any'], (v) => castFloat(v!)),
    atoi: fn('atoi', ['string'], (s) => {
      try {
        return intOf(s!);
      } catch {
        return 0n;
      }
    }),
    add: fn('add', [], (...xs) => wrapInt(xs.reduce<bigint>((a, x) => a + castInt(x), 0n)), 'any'),
    add1: fn('add1', ['any'], (x) => wrapInt(castInt(x!) + 1n)),
    sub: fn('sub', ['any', 'any'], (a, b) => wrapInt(castInt(a!) - castInt(b!))),
    mul: fn(
      'mul',
      ['any'],
      (a, ...xs) => wrapInt(xs.reduce<bigint>((p, x) => p * castInt(x), castInt(a!))),
      'any',
    ),
    div: fn('div', ['any', 'any'], (a, b) => intDiv(castInt(a!), castInt(b!))),
    mod: fn('mod', ['any', 'any'], (a, b) => {
      const d = castInt(b!);
      if (d === 0n) throw new Panic('runtime error: integer divide by zero');
      return castInt(a!) % d;
    }),
    max: fn('max', ['any'], (a, ...xs) => xs.map(castInt).reduce(bigMax, castInt(a!)), 'any'),
    min: fn('min', ['any'], (a, ...xs) => xs.map(castInt).reduce(bigMin, castInt(a!)), 'any'),
    addf: fn('addf', [], (...xs) => xs.reduce<number>((a, x) => a + castFloat(x), 0), 'any'),
    subf: fn(
      'subf',
      ['any'],
      (a, ...xs) => xs.reduce<number>((p, x) => p - castFloat(x), castFloat(a!)),
      'any',
    ),
    mulf: fn(
      'mulf',
      ['any'],
      (a, ...xs) => xs.reduce<number>((p, x) => p * castFloat(x), castFloat(a!)),
      'any',
    ),
    divf: fn(
      'divf',
      ['any'],
      (a, ...xs) => xs.reduce<number>((p, x) => p / castFloat(x), castFloat(a!)),
      'any',
    ),
    list: fn('list', [], (...xs) => xs, 'any'),
    dict: fn(
      'dict',
      [],
      (...xs) => {
        const out = newMap();
        for (let i = 0; i < xs.length; i += 2) out[strval(xs[i]!)] = i + 1 < xs.length ? xs[i + 1]! : '';
        return out;
      },
      'any',
    ),
    get: fn('get', ['map', 'string'], (m, k) =>
      m !== null && isMap(m) && Object.hasOwn(m, k as string) ? (m[k as string] as Value) : '',
    ),
    hasKey: fn(
      'hasKey',
      ['map', 'string'],
      (m, k) => m !== null && isMap(m) && Object.hasOwn(m, k as string),
    ),
    keys: fn('keys', [], (...ms) => ms.flatMap((m) => (m !== null && isMap(m) ? Object.keys(m) : [])), 'map'),
    values: fn('values', ['map'], (m) => (m !== null && isMap(m) ? Object.keys(m).map((k) => m[k]!) : [])),
    pick: fn(
      'pick',
      ['map'],
      (m, ...ks) => {
        const out = newMap();
        if (m !== null && isMap(m))
          for (const k of ks) if (Object.hasOwn(m, k as string)) out[k as string] = m[k as string]!;
        return out;
      },
      'string',
    ),
    join: fn('join', ['string', 'any'], (sep, v) => strslice(v!).join(sep as string)),
    splitList: fn('splitList', ['string', 'string'], (sep, s) => (s as string).split(sep as string)),
    split: fn('split', ['string', 'string'], (sep, s) => {
      const out = newMap();
      (s as string).split(sep as string).forEach((p, i) => {
        out[`_${i}`] = p;
      });
      return out;
    }),
    sortAlpha: fn('sortAlpha', ['any'], (v) => strslice(v!).sort()),
    first: fn('first', ['any'], (v) => (Array.isArray(v) && v.length > 0 ? v[0]! : null)),
    last: fn('last', ['any'], (v) => (Array.isArray(v) && v.length > 0 ? v[v.length - 1]! : null)),
    has: fn(
      'has',
      ['any', 'any'],
      (needle, hay) =>
        Array.isArray(hay) &&
        hay.some((x) => goFormatV(x) === goFormatV(needle!) && typeof x === typeof needle),
    ),
    contains: fn('contains', ['string', 'string'], (sub, s) => (s as string).includes(sub as string)),
    hasPrefix: fn('hasPrefix', ['string', 'string'], (p, s) => (s as string).startsWith(p as string)),
    hasSuffix: fn('hasSuffix', ['string', 'string'], (p, s) => (s as string).endsWith(p as string)),
    replace: fn('replace', ['string', 'string', 'string'], (a, b, s) =>
      goReplaceAll(s as string, a as string, b as string),
    ),
    repeat: fn('repeat', ['int', 'string'], (n, s) => {
      if ((n as bigint) < 0n) throw new Panic('strings: negative Repeat count');
      return (s as string).repeat(Number(n));
    }),
    default: fn(
      'default',
      ['any'],
      (d, ...given) => (given.length === 0 || empty(given[0]!) ? d! : given[0]!),
      'any',
    ),
    empty: fn('empty', ['any'], (v) => empty(v!)),
    coalesce: fn('coalesce', [], (...xs) => xs.find((x) => !empty(x)) ?? null, 'any'),
    ternary: fn('ternary', ['any', 'any', 'bool'], (a, b, c) => (c ? a! : b!)),
    quote: fn(
      'quote',
      [],
      (...xs) =>
        xs
          .filter((x) => x !== null)
          .map((x) => goQuoteFull(strval(x)))
          .join(' '),
      'any',
    ),
    squote: fn(
      'squote',
      [],
      (...xs) =>
        xs
          .filter((x) => x !== null)
          .map((x) => `'${strval(x)}'`)
          .join(' '),
      'any',
    ),
    cat: fn(
      'cat',
      [],
      (...xs) =>
        xs
          .filter((x) => x !== null)
          .map(strval)
          .join(' '),
      'any',
    ),
    b64enc: fn('b64enc', ['string'], (s) => Buffer.from(s as string, 'utf8').toString('base64')),
    b64dec: fn('b64dec', ['string'], (s) => {
      const x = s as string;
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(x) || x.length % 4 !== 0)
        return 'illegal base64 data at input byte 0';
      return Buffer.from(x, 'base64').toString('utf8');
    }),
    toJson: fn('toJson', ['any'], (v) => {
      try {
        return goJsonMarshal(v!);
      } catch {
        return '';
      }
    }),
    toPrettyJson: fn('toPrettyJson', ['any'], (v) => {
      try {
        return goJsonMarshal(v!, '  ');
      } catch {
        return '';
      }
    }),
    fromJson: fn('fromJson', ['string'], (s) => {
      try {
        return fromPlain(JSON.parse(s as string));
      } catch {
        return null;
      }
    }),
    regexMatch: fn('regexMatch', ['string', 'string'], (re, s) => {
      try {
        return goRegex(re as string).test(s as string);
      } catch {
        return false;
      }
    }),
    regexFind: fn(
      'regexFind',
      ['string', 'string'],
      (re, s) => goRegex(re as string).exec(s as string)?.[0] ?? '',
    ),
    regexFindAll: fn('regexFindAll', ['string', 'string', 'int'], (re, s, n) => {
      const all = [...(s as string).matchAll(goRegex(re as string, true))].map((m) => m[0]);
      return (n as bigint) < 0n ? all : all.slice(0, Number(n));
    }),
    regexReplaceAll: fn('regexReplaceAll', ['string', 'string', 'string'], (re, s, r) =>
      regexReplace(re as string, s as string, r as string),
    ),
    regexReplaceAllLiteral: fn('regexReplaceAllLiteral', ['string', 'string', 'string'], (re, s, r) =>
      (s as string).replace(goRegex(re as string, true), () => r as string),
    ),
    nospace: fn('nospace', ['string'], (s) => (s as string).replace(/\s/gu, '')),
    trunc: fn('trunc', ['int', 'string'], (c, s) => {
      const n = Number(c);
      const b = Buffer.from(s as string, 'utf8');
      if (n < 0 && b.length + n > 0) return b.subarray(b.length + n).toString('utf8');
      if (n >= 0 && b.length > n) return b.subarray(0, n).toString('utf8');
      return s as string;
    }),
    substr: fn('substr', ['int', 'int', 'string'], (a, e, s) => {
      const start = Number(a);
      const end = Number(e);
      const b = Buffer.from(s as string, 'utf8');
      const cut = (from: number, to: number): string => {
        if (from < 0 || to > b.length || from > to) {
          throw new Panic(`runtime error: slice bounds out of range [${from}:${to}]`);
        }
        return b.subarray(from, to).toString('utf8');
      };
      if (start < 0) return cut(0, end);
      if (end < 0 || end > b.length) return cut(start, b.length);
      return cut(start, end);
    }),
    abbrev: fn('abbrev', ['int', 'string'], (w, s) => {
      const n = Number(w);
      const x = s as string;
      if (n < 4 || x.length <= n) return x;
      return `${x.slice(0, n - 3)}...`;
    }),
    indent: fn('indent', ['int', 'string'], (n, s) => {
      const pad = ' '.repeat(Number(n));
      return pad + (s as string).replace(/\n/g, `\n${pad}`);
    }),
    nindent: fn('nindent', ['int', 'string'], (n, s) => {
      const pad = ' '.repeat(Number(n));
      return `\n${pad}${(s as string).replace(/\n/g, `\n${pad}`)}`;
    }),
    until: fn('until', ['int'], (n) => {
      const c = Number(n);
      const out: Value[] = [];
      if (c >= 0) for (let i = 0; i < c; i++) out.push(BigInt(i));
      else for (let i = 0; i > c; i--) out.push(BigInt(i));
      return out;
    }),
    uniq: fn('uniq', ['any'], (v) => {
      const out: Value[] = [];
      if (Array.isArray(v))
        for (const x of v) if (!out.some((y) => goFormatV(y) === goFormatV(x))) out.push(x);
      return out;
    }),
    sha256sum: fn('sha256sum', ['string'], (s) =>
      createHash('sha256')
        .update(s as string, 'utf8')
        .digest('hex'),
    ),
    sha1sum: fn('sha1sum', ['string'], (s) =>
      createHash('sha1')
        .update(s as string, 'utf8')
        .digest('hex'),
    ),
    randAlphaNum: fn('randAlphaNum', ['int'], (n) =>
      Array.from({ length: Number(n) }, () => alphaNum[randomInt(alphaNum.length)]).join(''),
    ),
    randNumeric: fn('randNumeric', ['int'], (n) =>
      Array.from({ length: Number(n) }, () => String(randomInt(10))).join(''),
    ),
    now: fn('now', [], () => new GoTime(Date.now())),
    date: fn('date', ['string', 'any'], (layout, d) => formatDate(layout as string, d!)),
  };
  const out = newMap();
  for (const [k, v] of Object.entries(list)) out[k] = v;
  return out;
}

/** Sprig's `date FORMAT TIME` for the Go layouts people use (reference time Mon Jan 2 15:04:05 MST 2006). */
function formatDate(layout: string, d: Value): string {
  const t = d instanceof GoTime ? d : new GoTime(Date.now());
  const local = new Date(t.ms + t.offsetMinutes * 60000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const table: [string, () => string][] = [
    ['2006', () => p(local.getUTCFullYear(), 4)],
    ['Jan', () => months[local.getUTCMonth()]!],
    ['Mon', () => days[local.getUTCDay()]!],
    ['01', () => p(local.getUTCMonth() + 1)],
    ['02', () => p(local.getUTCDate())],
    ['15', () => p(local.getUTCHours())],
    ['03', () => p(local.getUTCHours() % 12 || 12)],
    ['04', () => p(local.getUTCMinutes())],
    ['05', () => p(local.getUTCSeconds())],
    ['06', () => p(local.getUTCFullYear() % 100)],
    ['MST', () => 'UTC'],
    ['PM', () => (local.getUTCHours() < 12 ? 'AM' : 'PM')],
  ];
  let out = '';
  let i = 0;
  outer: while (i < layout.length) {
    for (const [k, f] of table) {
      if (layout.startsWith(k, i)) {
        out += f();
        i += k.length;
        continue outer;
      }
    }
    out += layout[i];
    i++;
  }
  return out;
}
