/**
 * @module expressions/expr/values
 * The value model of the expression evaluator, chosen so that expr-lang's Go types survive: a Go `int` is a
 * JS `bigint` (wrapping at 64 bits like Go), a Go `float64` is a JS `number`, strings, booleans and `nil`
 * (`null`) map directly, arrays are JS arrays and maps are null-prototype objects. Functions are
 * `GoFunc`s, times and durations have small classes of their own. Invariant: no `undefined` inside values.
 */

/** A Go `time.Time`, kept as epoch milliseconds plus the zone offset it was read in (minutes east of UTC). */
export class GoTime {
  readonly ms: number;
  readonly offsetMinutes: number;
  constructor(ms: number, offsetMinutes = 0) {
    this.ms = ms;
    this.offsetMinutes = offsetMinutes;
  }
}

/** A Go `time.Duration` in nanoseconds. */
export class GoDuration {
  readonly ns: bigint;
  constructor(ns: bigint) {
    this.ns = ns;
  }
}

/** How a parameter of a Go function accepts an argument when called through reflection. */
export type ParamKind = 'any' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | 'strings' | 'list' | 'map';

/** A callable value: an env function (Argo's or sprig's). `params` drives Go's reflection-call checks. */
export class GoFunc {
  readonly name: string;
  readonly params: ParamKind[];
  readonly variadic: ParamKind | null;
  readonly impl: (...args: Value[]) => Value;
  constructor(
    name: string,
    params: ParamKind[],
    variadic: ParamKind | null,
    impl: (...args: Value[]) => Value,
  ) {
    this.name = name;
    this.params = params;
    this.variadic = variadic;
    this.impl = impl;
  }
}

export type GoMap = { [key: string]: Value };
export type Value =
  | string
  | number
  | bigint
  | boolean
  | null
  | Value[]
  | GoMap
  | GoFunc
  | GoTime
  | GoDuration;

export function newMap(): GoMap {
  return Object.create(null) as GoMap;
}

const anyKeyed = Symbol('map[interface {}]interface {}');

/**
 * A map whose Go type is `map[interface{}]interface{}` (made by `fromPairs` and `groupBy`): it behaves
 * like any map in expressions, but `encoding/json` refuses to marshal it.
 */
export function newAnyKeyedMap(): GoMap {
  const m = newMap();
  Object.defineProperty(m, anyKeyed, { value: true, enumerable: false });
  return m;
}

export function isAnyKeyedMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && anyKeyed in v;
}

export function isMap(v: unknown): v is GoMap {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof GoFunc) &&
    !(v instanceof GoTime) &&
    !(v instanceof GoDuration)
  );
}

export function isInt(v: unknown): v is bigint {
  return typeof v === 'bigint';
}

export function isFloat(v: unknown): v is number {
  return typeof v === 'number';
}

export function isNumber(v: unknown): v is bigint | number {
  return typeof v === 'bigint' || typeof v === 'number';
}

/** Go's `int` arithmetic wraps at 64 bits. */
export function wrapInt(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** Go's float64 → int conversion (truncation; out-of-range values are implementation-defined in Go, we saturate). */
export function floatToInt(f: number): bigint {
  if (Number.isNaN(f)) return -(2n ** 63n);
  if (f >= 9.223372036854776e18) return -(2n ** 63n);
  if (f <= -9.223372036854776e18) return -(2n ** 63n);
  return BigInt(Math.trunc(f));
}

/** The Go type name of a value, as `%T` prints it (used in error messages). */
export function goTypeName(v: Value | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoFunc) return 'func';
  if (v instanceof GoTime) return 'time.Time';
  if (v instanceof GoDuration) return 'time.Duration';
  return 'map[string]interface {}';
}

/** Converts a plain JS value (parsed JSON, scope strings) into the value model; JSON numbers are floats as in Go. */
export function fromPlain(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint')
    return v;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (v instanceof GoFunc || v instanceof GoTime || v instanceof GoDuration) return v;
  if (v instanceof Date) return new GoTime(v.getTime());
  if (typeof v === 'object') {
    const out = newMap();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = fromPlain(x);
    return out;
  }
  return null;
}

/** The inverse of `fromPlain` for callers outside the evaluator: ints become numbers when exactly representable. */
export function toPlain(v: Value): unknown {
  if (typeof v === 'bigint') {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = toPlain(v[k] as Value);
    return out;
  }
  return v;
}
