/**
 * @module expressions/expr/builtins
 * expr-lang's built-in functions (those that take no closure; `map`, `filter`... live in the evaluator),
 * each with its compile-time check (argument count and the argument kinds expr-lang validates) and its
 * runtime behaviour on the value model. `now()` reads the clock; everything else is pure.
 */
import { goFormatV, goJsonMarshal } from '../quote.ts';
import { Panic } from './errors.ts';
import { assertString, equal, fetch, len, less, more, toInt } from './runtime.ts';
import { isUnknown, T, type Type, typeName } from './types.ts';
import {
  floatToInt,
  fromPlain,
  GoDuration,
  GoFunc,
  GoTime,
  goTypeName,
  isMap,
  newAnyKeyedMap,
  type Value,
  wrapInt,
} from './values.ts';

export interface Builtin {
  /** Returns the static result type, or throws a compile error message (a string). */
  check(args: Type[]): Type;
  run(args: Value[]): Value;
}

class CheckError extends Error {}

/** Thrown by `check`; carries the index of the argument to point at (-1: the call itself). */
export class BuiltinCheckError extends CheckError {
  readonly arg: number;
  constructor(message: string, arg: number) {
    super(message);
    this.arg = arg;
  }
}

const fail = (message: string, arg = -1): never => {
  throw new BuiltinCheckError(message, arg);
};

function arity(args: Type[], n: number): void {
  if (args.length !== n) fail(`invalid number of arguments (expected ${n}, got ${args.length})`);
}

/** A builtin with a fixed Go signature: expr-lang checks each known argument against it. */
function typed(
  name: string,
  params: ('string' | 'int')[],
  result: Type,
  run: (args: Value[]) => Value,
  min?: number,
) {
  const required = min ?? params.length;
  return {
    check(args: Type[]): Type {
      if (args.length < required) fail(`not enough arguments to call ${name}`);
      if (args.length > params.length) fail(`too many arguments to call ${name}`);
      args.forEach((t, i) => {
        const want = params[i]!;
        if (isUnknown(t)) return;
        if (t.kind !== want) {
          const shown = t.kind === 'nil' ? 'nil' : typeName(t);
          fail(`cannot use ${shown} as argument (type ${want}) to call ${name} `, i);
        }
      });
      return result;
    },
    run,
  } satisfies Builtin;
}

const str = assertString;

function goSplit(s: string, sep: string, n: number, after: boolean): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = [...s];
    if (n < 0 || n >= chars.length) return chars;
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
  }
  const out: string[] = [];
  let rest = s;
  while (n < 0 || out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, after ? i + sep.length : i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

function goTrim(s: string, cutset: string): string {
  const set = new Set([...cutset]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a]!)) a++;
  while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** Go's strings.TrimSpace (Unicode white space). */
export function goTrimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '').replace(/^\uFEFF|\uFEFF$/g, (m) => m);
}

function goByteIndex(s: string, sub: string, last: boolean): bigint {
  const i = last ? s.lastIndexOf(sub) : s.indexOf(sub);
  if (i < 0) return -1n;
  return BigInt(Buffer.byteLength(s.slice(0, i), 'utf8'));
}

function roundLike(name: string, fn: (x: number) => number): Builtin {
  return {
    check(args) {
      arity(args, 1);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'int' && t.kind !== 'float')
        fail(`invalid argument for ${name} (type ${typeName(t)})`);
      return T.float;
    },
    run([x]) {
      if (typeof x === 'number') return fn(x);
      if (typeof x === 'bigint') return Number(x);
      throw new Panic(`invalid argument for ${name} (type ${goTypeName(x!)})`);
    },
  };
}

function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** expr-lang's validateAggregateFunc: an untyped or list argument makes the result untyped. */
function aggregate(name: string): (args: Type[]) => Type {
  return (args) => {
    if (args.length === 0) fail(`not enough arguments to call ${name}`);
    for (const t of args) {
      if (isUnknown(t) || t.kind === 'array') return T.unknown;
      if (t.kind !== 'int' && t.kind !== 'float') fail(`invalid argument for ${name} (type ${typeName(t)})`);
    }
    return args[0]!;
  };
}

function minMax(name: string, better: (a: Value, b: Value) => boolean, args: Value[]): Value {
  let val: Value = null;
  const visit = (arg: Value, nested: boolean): void => {
    if (Array.isArray(arg)) {
      for (const e of arg) visit(e, true);
      return;
    }
    if (typeof arg === 'bigint' || typeof arg === 'number') {
      if (val === null || better(val, arg)) val = arg;
      return;
    }
    if (!nested && args.length === 1) {
      val = arg;
      return;
    }
    throw new Panic(`invalid argument for ${name} (type ${goTypeName(arg)})`);
  };
  for (const a of args) visit(a, false);
  return val;
}

function numbers(name: string, args: Value[]): number[] {
  const out: number[] = [];
  const visit = (v: Value): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'bigint' || typeof v === 'number') out.push(Number(v));
    else throw new Panic(`invalid argument for ${name} (type ${goTypeName(v)})`);
  };
  args.forEach(visit);
  return out;
}

function listCheck(name: string, verb: string, result: Type = T.array()): Builtin['check'] {
  return (args) => {
    arity(args, 1);
    const t = args[0]!;
    if (!isUnknown(t) && t.kind !== 'array') fail(`${verb} ${typeName(t)}`);
    void name;
    return result;
  };
}

function asList(v: Value, verb: string): Value[] {
  if (Array.isArray(v)) return v;
  throw new Panic(`${verb} ${kindName(v)}`);
}

/** reflect.Kind names, which some expr-lang runtime messages print. */
function kindName(v: Value): string {
  if (v === null) return 'invalid';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoFunc) return 'func';
  if (v instanceof GoTime) return 'struct';
  if (v instanceof GoDuration) return 'int64';
  return 'map';
}

/** Go's time.ParseDuration. */
export function parseGoDuration(s: string): GoDuration {
  const units: Record<string, bigint> = {
    ns: 1n,
    us: 1000n,
    µs: 1000n,
    μs: 1000n,
    ms: 1000000n,
    s: 1000000000n,
    m: 60000000000n,
    h: 3600000000000n,
  };
  const bad = (): never => {
    throw new Panic(`time: invalid duration ${JSON.stringify(s)}`);
  };
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return new GoDuration(0n);
  if (rest === '') bad();
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*)(\.\d*)?(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '.') === '.')) return bad();
    total += Number(`${m[1] || '0'}${m[2] ?? ''}`) * Number(units[m[3]!]!);
    rest = rest.slice(m[0].length);
  }
  return new GoDuration(BigInt(Math.round(neg ? -total : total)));
}

function parseDate(args: Value[]): Value {
  const date = str(args[0]!);
  if (args.length >= 2) {
    const layout = str(args[1]!);
    if (layout === '2006-01-02T15:04:05Z07:00' || layout === 'RFC3339') return rfc3339(date);
    if (layout === '2006-01-02') return dateOnly(date);
    throw new Panic(`unsupported date layout ${JSON.stringify(layout)}`);
  }
  for (const parse of [dateOnly, rfc3339]) {
    try {
      return parse(date);
    } catch {}
  }
  throw new Panic(`invalid date ${date}`);
}

function dateOnly(s: string): GoTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Panic(`parsing time ${JSON.stringify(s)}`);
  return new GoTime(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function rfc3339(s: string): GoTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(s);
  if (!m) throw new Panic(`parsing time ${JSON.stringify(s)}`);
  const offset = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const ms =
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) +
    Math.floor(Number(m[7] ?? 0) * 1000) -
    offset * 60000;
  return new GoTime(ms, offset);
}

function goInt(x: Value): Value {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') return floatToInt(x);
  if (typeof x === 'string') {
    if (!/^[+-]?\d+$/.test(x)) throw new Panic(`invalid operation: int(${x})`);
    const n = BigInt(x);
    if (n !== BigInt.asIntN(64, n)) throw new Panic(`invalid operation: int(${x})`);
    return n;
  }
  if (x instanceof GoDuration) return x.ns;
  throw new Panic(`invalid operation: int(${goTypeName(x)})`);
}

/** Go's strconv.ParseFloat on the forms people write (decimal, exponent, Inf, NaN, hex floats). */
export function goParseFloat(s: string): number | null {
  const t = s.replace(/_/g, (m) => m);
  if (/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/.test(t)) return Number(t);
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return Number.NaN;
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) return Number(t.replace(/^([+-]?)0[xX]/, '$10x'));
  return null;
}

function goFloat(x: Value): Value {
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'string') {
    const f = goParseFloat(x);
    if (f === null) throw new Panic(`invalid operation: float(${x})`);
    return f;
  }
  throw new Panic(`invalid operation: float(${goTypeName(x)})`);
}

/** Argo's `asInt` and expr-lang's `int()` share this implementation. */
export const intOf = goInt;
/** Argo's `asFloat` and expr-lang's `float()` share this implementation. */
export const floatOf = goFloat;

function convertCheck(name: string, result: Type): Builtin['check'] {
  return (args) => {
    arity(args, 1);
    const t = args[0]!;
    if (
      !isUnknown(t) &&
      !['int', 'float', 'string'].includes(t.kind) &&
      !(name === 'int' && t.kind === 'duration')
    ) {
      fail(`invalid argument for ${name} (type ${t.kind === 'nil' ? '%!s(<nil>)' : typeName(t)})`);
    }
    return result;
  };
}

function bit(name: string, fn: (x: bigint, y: bigint) => bigint): Builtin {
  return typed(name, ['int', 'int'], T.int, ([x, y]) => {
    if (typeof x !== 'bigint' || typeof y !== 'bigint') {
      throw new Panic(`invalid operation: ${name}(${goTypeName(x!)}, ${goTypeName(y!)})`);
    }
    return wrapInt(fn(x, y));
  });
}

export const builtins: Record<string, Builtin> = {
  len: {
    check(args) {
      arity(args, 1);
      const t = args[0]!;
      if (!isUnknown(t) && !['array', 'map', 'string'].includes(t.kind)) {
        fail(`invalid argument for len (type ${t.kind === 'nil' ? '%!s(<nil>)' : typeName(t)})`);
      }
      return T.int;
    },
    run: ([x]) => len(x!),
  },
  type: {
    check(args) {
      arity(args, 1);
      return T.unknown;
    },
    run([x]) {
      if (x === null) return 'nil';
      if (typeof x === 'string') return 'string';
      if (typeof x === 'bigint') return 'int';
      if (typeof x === 'number') return 'float';
      if (typeof x === 'boolean') return 'bool';
      if (Array.isArray(x)) return 'array';
      if (x instanceof GoFunc) return 'func';
      if (x instanceof GoTime) return 'time.Time';
      if (x instanceof GoDuration) return 'time.Duration';
      return 'map';
    },
  },
  abs: {
    check(args) {
      arity(args, 1);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'int' && t.kind !== 'float')
        fail(`invalid argument for abs (type ${typeName(t)})`);
      return t;
    },
    run([x]) {
      if (typeof x === 'bigint') return x < 0n ? wrapInt(-x) : x;
      // Go keeps -0 (it is not < 0), unlike Math.abs.
      if (typeof x === 'number') return x < 0 ? -x : x;
      throw new Panic(`invalid argument for abs (type ${goTypeName(x!)})`);
    },
  },
  ceil: roundLike('ceil', Math.ceil),
  floor: roundLike('floor', Math.floor),
  round: roundLike('round', goRound),
  int: { check: convertCheck('int', T.int), run: ([x]) => goInt(x!) },
  float: { check: convertCheck('float', T.float), run: ([x]) => goFloat(x!) },
  string: {
    check(args) {
      if (args.length < 1) fail('not enough arguments to call string');
      if (args.length > 1) fail('too many arguments to call string');
      return T.string;
    },
    run: ([x]) => goFormatV(x),
  },
  trim: typed(
    'trim',
    ['string', 'string'],
    T.string,
    ([s, c]) => (c === undefined ? goTrimSpace(str(s!)) : goTrim(str(s!), str(c))),
    1,
  ),
  trimPrefix: typed(
    'trimPrefix',
    ['string', 'string'],
    T.string,
    ([s, p]) => {
      const x = str(s!);
      const pre = p === undefined ? ' ' : str(p);
      return x.startsWith(pre) ? x.slice(pre.length) : x;
    },
    1,
  ),
  trimSuffix: typed(
    'trimSuffix',
    ['string', 'string'],
    T.string,
    ([s, p]) => {
      const x = str(s!);
      const suf = p === undefined ? ' ' : str(p);
      return suf !== '' && x.endsWith(suf) ? x.slice(0, x.length - suf.length) : x;
    },
    1,
  ),
  upper: typed('upper', ['string'], T.string, ([s]) => str(s!).toUpperCase()),
  lower: typed('lower', ['string'], T.string, ([s]) => str(s!).toLowerCase()),
  split: typed(
    'split',
    ['string', 'string', 'int'],
    T.array(T.string),
    ([s, sep, n]) => goSplit(str(s!), str(sep!), n === undefined ? -1 : Number(toInt(n)), false),
    2,
  ),
  splitAfter: typed(
    'splitAfter',
    ['string', 'string', 'int'],
    T.array(T.string),
    ([s, sep, n]) => goSplit(str(s!), str(sep!), n === undefined ? -1 : Number(toInt(n)), true),
    2,
  ),
  replace: typed(
    'replace',
    ['string', 'string', 'string', 'int'],
    T.string,
    ([s, a, b, n]) => {
      const x = str(s!);
      const from = str(a!);
      const to = str(b!);
      let limit = n === undefined ? -1 : Number(toInt(n));
      if (from === '') {
        const chars = [...x];
        let out = '';
        for (let i = 0; i <= chars.length; i++) {
          if (limit !== 0) {
            out += to;
            limit--;
          }
          if (i < chars.length) out += chars[i];
        }
        return out;
      }
      const parts = x.split(from);
      if (limit < 0 || limit >= parts.length - 1) return parts.join(to);
      return parts.slice(0, limit + 1).join(to) + from + parts.slice(limit + 1).join(from);
    },
    3,
  ),
  repeat: typed('repeat', ['string', 'int'], T.string, ([s, n]) => {
    const count = toInt(n!);
    if (count < 0n) throw new Panic(`invalid argument for repeat (expected positive integer, got ${count})`);
    if (count > 1000000n) throw new Panic('memory budget exceeded');
    return str(s!).repeat(Number(count));
  }),
  join: {
    check(args) {
      if (args.length < 1) fail('not enough arguments to call join');
      if (args.length > 2) fail('too many arguments to call join');
      return T.string;
    },
    run([list, glue]) {
      const sep = glue === undefined ? '' : str(glue);
      if (!Array.isArray(list)) throw new Panic(`invalid argument for join (type ${goTypeName(list!)})`);
      return list.map((x) => str(x)).join(sep);
    },
  },
  indexOf: typed('indexOf', ['string', 'string'], T.int, ([s, sub]) =>
    goByteIndex(str(s!), str(sub!), false),
  ),
  lastIndexOf: typed('lastIndexOf', ['string', 'string'], T.int, ([s, sub]) =>
    goByteIndex(str(s!), str(sub!), true),
  ),
  hasPrefix: typed('hasPrefix', ['string', 'string'], T.bool, ([s, p]) => str(s!).startsWith(str(p!))),
  hasSuffix: typed('hasSuffix', ['string', 'string'], T.bool, ([s, p]) => str(s!).endsWith(str(p!))),
  max: { check: aggregate('max'), run: (args) => minMax('max', less, args) },
  min: { check: aggregate('min'), run: (args) => minMax('min', more, args) },
  mean: {
    check: aggregate('mean'),
    run(args) {
      const xs = numbers('mean', args);
      return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
    },
  },
  median: {
    check: aggregate('median'),
    run(args) {
      const xs = numbers('median', args).sort((a, b) => a - b);
      const n = xs.length;
      if (n === 0) return 0;
      return n % 2 === 1 ? xs[(n - 1) / 2]! : (xs[n / 2 - 1]! + xs[n / 2]!) / 2;
    },
  },
  toJSON: {
    check(args) {
      arity(args, 1);
      return T.string;
    },
    run: ([x]) => goJsonMarshal(x!, '  '),
  },
  fromJSON: typed('fromJSON', ['string'], T.unknown, ([s]) => {
    try {
      return fromPlain(JSON.parse(str(s!)));
    } catch (e) {
      throw new Panic((e as Error).message);
    }
  }),
  toBase64: typed('toBase64', ['string'], T.string, ([s]) => Buffer.from(str(s!), 'utf8').toString('base64')),
  fromBase64: typed('fromBase64', ['string'], T.string, ([s]) => {
    const x = str(s!);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(x) || x.length % 4 !== 0) {
      throw new Panic('illegal base64 data at input byte 0');
    }
    return Buffer.from(x, 'base64').toString('utf8');
  }),
  now: {
    check(args) {
      if (args.length !== 0) fail(`invalid number of arguments (expected 0, got ${args.length})`);
      return T.time;
    },
    run: () => new GoTime(Date.now()),
  },
  duration: typed('duration', ['string'], T.duration, ([s]) => parseGoDuration(str(s!))),
  date: {
    check(args) {
      if (args.length < 1) fail(`invalid number of arguments (expected at least 1, got ${args.length})`);
      if (args.length > 3) fail(`invalid number of arguments (expected at most 3, got ${args.length})`);
      return T.time;
    },
    run: (args) => parseDate(args),
  },
  first: {
    check(args) {
      arity(args, 1);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'array') fail(`cannot get first element from ${typeName(t)}`);
      return t.elem ?? T.unknown;
    },
    run([x]) {
      try {
        return fetch(x!, 0n);
      } catch {
        return null;
      }
    },
  },
  last: {
    check(args) {
      arity(args, 1);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'array') fail(`cannot get last element from ${typeName(t)}`);
      return t.elem ?? T.unknown;
    },
    run([x]) {
      try {
        return fetch(x!, -1n);
      } catch {
        return null;
      }
    },
  },
  get: {
    check(args) {
      if (args.length !== 2) fail(`invalid number of arguments (expected 2, got ${args.length})`);
      const t = args[0]!;
      if (!isUnknown(t) && !['array', 'map', 'string', 'nil'].includes(t.kind)) {
        fail(`type ${typeName(t)} does not support indexing`, 0);
      }
      return T.unknown;
    },
    run([from, i]) {
      if (from === null) return null;
      if (Array.isArray(from) || typeof from === 'string') {
        const n = typeof from === 'string' ? Buffer.byteLength(from) : from.length;
        let idx = Number(toInt(i!));
        if (idx < 0) idx += n;
        return idx >= 0 && idx < n ? fetch(from, BigInt(idx)) : null;
      }
      if (isMap(from)) return typeof i === 'string' && Object.hasOwn(from, i) ? from[i]! : null;
      return null;
    },
  },
  take: {
    check(args) {
      if (args.length !== 2) fail(`invalid number of arguments (expected 2, got ${args.length})`);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'array') fail(`cannot take from ${typeName(t)}`);
      const n = args[1]!;
      if (!isUnknown(n) && n.kind !== 'int') fail(`cannot take ${typeName(n)} elements`);
      // Only the Go type survives (`[]interface {}`), not the element type the checker inferred.
      return t.literal ? T.array() : t;
    },
    run([x, n]) {
      const list = asList(x!, 'cannot take from');
      if (typeof n !== 'bigint') throw new Panic(`cannot take ${kindName(n!)} elements`);
      return list.slice(0, Math.max(0, Math.min(list.length, Number(n))));
    },
  },
  keys: {
    check(args) {
      arity(args, 1);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'map') fail(`cannot get keys from ${typeName(t)}`);
      return T.array();
    },
    run([m]) {
      if (!isMap(m!)) throw new Panic(`cannot get keys from ${kindName(m!)}`);
      return Object.keys(m);
    },
  },
  values: {
    check(args) {
      arity(args, 1);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'map') fail(`cannot get values from ${typeName(t)}`);
      return T.array();
    },
    run([m]) {
      if (!isMap(m!)) throw new Panic(`cannot get values from ${kindName(m!)}`);
      return Object.keys(m).map((k) => m[k]!);
    },
  },
  toPairs: {
    check(args) {
      arity(args, 1);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'map') fail(`cannot transform ${typeName(t)} to pairs`);
      return T.array();
    },
    run([m]) {
      if (!isMap(m!)) throw new Panic(`cannot transform ${kindName(m!)} to pairs`);
      return Object.keys(m).map((k) => [k, m[k]!]);
    },
  },
  fromPairs: {
    check(args) {
      arity(args, 1);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'array') fail(`cannot transform ${typeName(t)} from pairs`);
      return T.map;
    },
    run([list]) {
      const out = newAnyKeyedMap();
      for (const pair of asList(list!, 'cannot transform from pairs')) {
        if (!Array.isArray(pair)) throw new Panic(`invalid pair ${goFormatV(pair)}`);
        if (pair.length !== 2) throw new Panic(`invalid pair length ${goFormatV(pair)}`);
        const k = pair[0]!;
        if (typeof k !== 'string')
          throw new Panic(
            `reflect.Value.SetMapIndex: value of type ${goTypeName(k)} is not assignable to type string`,
          );
        out[k] = pair[1]!;
      }
      return out;
    },
  },
  reverse: {
    check: listCheck('reverse', 'cannot reverse'),
    run: ([x]) => [...asList(x!, 'cannot reverse')].reverse(),
  },
  uniq: {
    check: listCheck('uniq', 'cannot uniq'),
    run([x]) {
      const out: Value[] = [];
      for (const v of asList(x!, 'cannot uniq')) if (!out.some((r) => equal(v, r))) out.push(v);
      return out;
    },
  },
  concat: {
    check(args) {
      if (args.length === 0) fail('invalid number of arguments (expected at least 1, got 0)');
      for (const t of args) if (!isUnknown(t) && t.kind !== 'array') fail(`cannot concat ${typeName(t)}`);
      return T.array();
    },
    run: (args) => args.flatMap((a) => asList(a, 'cannot concat')),
  },
  flatten: {
    check: listCheck('flatten', 'cannot flatten'),
    run([x]) {
      const out: Value[] = [];
      const visit = (v: Value): void => {
        if (Array.isArray(v)) v.forEach(visit);
        else out.push(v);
      };
      asList(x!, 'cannot flatten').forEach(visit);
      return out;
    },
  },
  sort: {
    check(args) {
      if (args.length !== 1 && args.length !== 2)
        fail(`invalid number of arguments (expected 1 or 2, got ${args.length})`);
      const t = args[0]!;
      if (!isUnknown(t) && t.kind !== 'array')
        fail(`cannot use ${typeName(t)} as argument (type []int) to call sort `, 0);
      return T.array();
    },
    run([x, order]) {
      const list = [...asList(x!, 'cannot sort')];
      const desc = order !== undefined && str(order) === 'desc';
      if (order !== undefined && !['asc', 'desc'].includes(str(order))) {
        throw new Panic(`unknown order ${str(order)}, use asc or desc`);
      }
      list.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
      return desc ? list.reverse() : list;
    },
  },
  bitand: bit('bitand', (x, y) => x & y),
  bitor: bit('bitor', (x, y) => x | y),
  bitxor: bit('bitxor', (x, y) => x ^ y),
  bitnand: bit('bitnand', (x, y) => x & ~y),
  bitshl: bit('bitshl', (x, y) => {
    if (y < 0n) throw new Panic(`invalid operation: negative shift count ${y}`);
    return x << y;
  }),
  bitshr: bit('bitshr', (x, y) => {
    if (y < 0n) throw new Panic(`invalid operation: negative shift count ${y}`);
    return x >> y;
  }),
  bitushr: bit('bitushr', (x, y) => {
    if (y < 0n) throw new Panic(`invalid operation: negative shift count ${y}`);
    return BigInt.asIntN(64, BigInt.asUintN(64, x) >> y);
  }),
  bitnot: typed('bitnot', ['int'], T.int, ([x]) => wrapInt(~toInt(x!))),
};
