/**
 * @module expressions/expr/runtime
 * expr-lang's runtime operators (its `vm/runtime` package) on our value model: equality with int/float
 * mixing, ordering, arithmetic with Go's int/float typing (`/` and `**` always float, `%` ints only),
 * ranges, `in`, member fetch (negative indexes, missing map keys are nil), slicing, and Go's type-assertion
 * failures, each raising a `Panic` with expr-lang's message.
 */
import { Panic } from './errors.ts';
import { floatToInt, GoDuration, GoTime, goTypeName, isMap, newMap, type Value, wrapInt } from './values.ts';

const num = (v: Value): v is bigint | number => typeof v === 'bigint' || typeof v === 'number';
const f = (v: bigint | number): number => (typeof v === 'bigint' ? Number(v) : v);

export function equal(a: Value, b: Value): boolean {
  if (num(a) && num(b)) {
    if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
    return f(a) === f(b);
  }
  if (typeof a === 'string' || typeof a === 'boolean') return a === b;
  if (a instanceof GoTime) return b instanceof GoTime && a.ms === b.ms;
  if (a instanceof GoDuration) return b instanceof GoDuration && a.ns === b.ns;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return deepEqual(a, b);
}

/** Go's reflect.DeepEqual on the value model (no int/float mixing, unlike `equal`). */
function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return a.every((x, i) => (Array.isArray(x) || isMap(x) ? deepEqual(x, b[i]!) : equal(x, b[i]!)));
  }
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

function compare(op: string, a: Value, b: Value): boolean {
  let c: number | null = null;
  if (num(a) && num(b)) {
    if (typeof a === 'bigint' && typeof b === 'bigint') c = a < b ? -1 : a > b ? 1 : 0;
    else {
      const x = f(a);
      const y = f(b);
      if (Number.isNaN(x) || Number.isNaN(y)) return false;
      c = x < y ? -1 : x > y ? 1 : 0;
    }
  } else if (typeof a === 'string' && typeof b === 'string') {
    c = Buffer.compare(Buffer.from(a), Buffer.from(b));
  } else if (a instanceof GoTime && b instanceof GoTime) c = Math.sign(a.ms - b.ms);
  else if (a instanceof GoDuration && b instanceof GoDuration) c = a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0;
  if (c === null) throw new Panic(`invalid operation: ${goTypeName(a)} ${op} ${goTypeName(b)}`);
  switch (op) {
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

export const less = (a: Value, b: Value): boolean => compare('<', a, b);
export const more = (a: Value, b: Value): boolean => compare('>', a, b);
export const lessOrEqual = (a: Value, b: Value): boolean => compare('<=', a, b);
export const moreOrEqual = (a: Value, b: Value): boolean => compare('>=', a, b);

export function arithmetic(op: string, a: Value, b: Value): Value {
  if (num(a) && num(b)) {
    if (op === '/') return f(a) / f(b);
    if (op === '%') {
      if (typeof a !== 'bigint' || typeof b !== 'bigint') {
        throw new Panic(`invalid operation: ${goTypeName(a)} % ${goTypeName(b)}`);
      }
      if (b === 0n) throw new Panic('integer divide by zero');
      return wrapInt(a % b);
    }
    if (op === '**' || op === '^') return f(a) ** f(b);
    if (typeof a === 'bigint' && typeof b === 'bigint') {
      if (op === '+') return wrapInt(a + b);
      if (op === '-') return wrapInt(a - b);
      return wrapInt(a * b);
    }
    if (op === '+') return f(a) + f(b);
    if (op === '-') return f(a) - f(b);
    return f(a) * f(b);
  }
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' || op === '-') {
    if (a instanceof GoDuration && b instanceof GoDuration) {
      return new GoDuration(op === '+' ? a.ns + b.ns : a.ns - b.ns);
    }
    if (a instanceof GoTime && b instanceof GoDuration) {
      const delta = Number(b.ns / 1000000n) * (op === '+' ? 1 : -1);
      return new GoTime(a.ms + delta, a.offsetMinutes);
    }
    if (op === '+' && a instanceof GoDuration && b instanceof GoTime) {
      return new GoTime(b.ms + Number(a.ns / 1000000n), b.offsetMinutes);
    }
    if (op === '-' && a instanceof GoTime && b instanceof GoTime) {
      return new GoDuration(BigInt(a.ms - b.ms) * 1000000n);
    }
  }
  if (op === '**' || op === '^') {
    toFloat(a);
    toFloat(b);
  }
  const shown = op === '%' ? '%' : op;
  throw new Panic(`invalid operation: ${goTypeName(a)} ${shown} ${goTypeName(b)}`);
}

export function negate(v: Value): Value {
  if (typeof v === 'bigint') return wrapInt(-v);
  if (typeof v === 'number') return -v;
  throw new Panic(`invalid operation: - ${goTypeName(v)}`);
}

/** runtime.ToInt: numbers only (floats truncate). */
export function toInt(v: Value): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return floatToInt(v);
  throw new Panic(`invalid operation: int(${goTypeName(v)})`);
}

export function toFloat(v: Value): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  throw new Panic(`invalid operation: float(${goTypeName(v)})`);
}

/** Go's `x.(bool)` as the VM does it for `!`, `&&`, `||` and conditions. */
export function assertBool(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  throw new Panic(`interface conversion: interface {} is ${v === null ? 'nil' : goTypeName(v)}, not bool`);
}

export function assertString(v: Value): string {
  if (typeof v === 'string') return v;
  throw new Panic(`interface conversion: interface {} is ${v === null ? 'nil' : goTypeName(v)}, not string`);
}

export function makeRange(a: Value, b: Value): Value[] {
  const lo = toInt(a);
  const hi = toInt(b);
  const out: Value[] = [];
  if (hi - lo + 1n > 1000000n) throw new Panic('memory budget exceeded');
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

export function inOp(needle: Value, haystack: Value): boolean {
  if (haystack === null) return false;
  if (Array.isArray(haystack)) return haystack.some((x) => equal(x, needle));
  if (isMap(haystack)) {
    if (needle === null) return '' in haystack;
    if (typeof needle !== 'string') {
      throw new Panic(
        `reflect.Value.MapIndex: value of type ${goTypeName(needle)} is not assignable to type string`,
      );
    }
    return Object.hasOwn(haystack, needle);
  }
  throw new Panic(`operator "in" not defined on ${goTypeName(haystack)}`);
}

function utf8Bytes(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/** runtime.Fetch: `from[i]` / `from.i`. */
export function fetch(from: Value, i: Value): Value {
  if (Array.isArray(from) || typeof from === 'string') {
    let index = Number(toInt(i));
    const bytes = typeof from === 'string' ? utf8Bytes(from) : null;
    const len = bytes ? bytes.length : (from as Value[]).length;
    if (index < 0) index = len + index;
    if (index < 0 || index >= len) throw new Panic(`index out of range: ${index} (array length is ${len})`);
    return bytes ? BigInt(bytes[index]!) : (from as Value[])[index]!;
  }
  if (isMap(from)) {
    if (i === null) return Object.hasOwn(from, '') ? from['']! : null;
    if (typeof i !== 'string') {
      throw new Panic(
        `reflect.Value.MapIndex: value of type ${goTypeName(i)} is not assignable to type string`,
      );
    }
    return Object.hasOwn(from, i) ? from[i]! : null;
  }
  throw new Panic(`cannot fetch ${formatIndex(i)} from ${goTypeName(from)}`);
}

function formatIndex(i: Value): string {
  if (i === null) return '<nil>';
  if (typeof i === 'bigint') return i.toString();
  return String(i);
}

/** runtime.Slice: `a[from:to]` with clamping; strings slice by bytes like Go. */
export function slice(array: Value, from: Value, to: Value): Value {
  if (Array.isArray(array) || typeof array === 'string') {
    const bytes = typeof array === 'string' ? utf8Bytes(array) : null;
    const length = bytes ? bytes.length : (array as Value[]).length;
    let a = Number(toInt(from));
    let b = Number(toInt(to));
    if (a < 0) a = length + a;
    if (a < 0) a = 0;
    if (b < 0) b = length + b;
    if (b < 0) b = 0;
    if (b > length) b = length;
    if (a > b) a = b;
    return bytes ? bytes.subarray(a, b).toString('utf8') : (array as Value[]).slice(a, b);
  }
  throw new Panic(`cannot slice ${formatIndex(from)}`);
}

export function len(v: Value): bigint {
  if (Array.isArray(v)) return BigInt(v.length);
  if (typeof v === 'string') return BigInt([...v].length);
  if (isMap(v)) return BigInt(Object.keys(v).length);
  throw new Panic(`invalid argument for len (type ${goTypeName(v)})`);
}

export function isNil(v: Value | undefined): boolean {
  return v === null || v === undefined;
}

/** A shallow copy of a map value (Go maps are references, but results are never mutated). */
export function copyMap(m: Record<string, Value>): Record<string, Value> {
  const out = newMap();
  for (const k of Object.keys(m)) out[k] = m[k]!;
  return out;
}
