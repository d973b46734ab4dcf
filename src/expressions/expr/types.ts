/**
 * @module expressions/expr/types
 * Static types for expr-lang's compile-time check. expr-lang type-checks an expression against the env
 * before running it, and some mistakes (`1 == "a"`, `!1`, `"x"[0]`, `upper(1)`) are compile errors even
 * though the runtime alone would not fail. We keep only what decides those errors: primitive kinds, arrays
 * with an element type, maps, functions, times, durations, `nil`, and `unknown` (anything reached through
 * a map of `interface{}` values, which is most of Argo's env).
 */
import { GoDuration, GoFunc, GoTime, isMap, type Value } from './values.ts';

export type Kind =
  | 'unknown'
  | 'nil'
  | 'int'
  | 'float'
  | 'string'
  | 'bool'
  | 'array'
  | 'map'
  | 'func'
  | 'time'
  | 'duration';

export interface Type {
  kind: Kind;
  /** Element type of an array. */
  elem?: Type;
  /** A function's return type, when known. */
  returns?: Type;
  /** An array literal: its element type is inferred, its Go type is `[]interface {}`. */
  literal?: boolean;
}

export const T = {
  unknown: { kind: 'unknown' } as Type,
  nil: { kind: 'nil' } as Type,
  int: { kind: 'int' } as Type,
  float: { kind: 'float' } as Type,
  string: { kind: 'string' } as Type,
  bool: { kind: 'bool' } as Type,
  map: { kind: 'map' } as Type,
  time: { kind: 'time' } as Type,
  duration: { kind: 'duration' } as Type,
  array: (elem: Type = { kind: 'unknown' }): Type => ({ kind: 'array', elem }),
  func: (returns: Type = { kind: 'unknown' }): Type => ({ kind: 'func', returns }),
};

/** The name expr-lang's checker prints for a type. */
export function typeName(t: Type): string {
  switch (t.kind) {
    case 'unknown':
    case 'nil':
      return 'unknown';
    case 'float':
      return 'float64';
    case 'array':
      return t.elem && t.elem.kind !== 'unknown' && t.elem.kind !== 'nil'
        ? `[]${typeName(t.elem)}`
        : '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'func':
      return 'func';
    case 'time':
      return 'time.Time';
    case 'duration':
      return 'time.Duration';
    default:
      return t.kind;
  }
}

/** The static type of an env value, as expr-lang derives it from the value's Go type. */
export function typeOfValue(v: Value): Type {
  if (v === null) return T.nil;
  if (typeof v === 'string') return T.string;
  if (typeof v === 'bigint') return T.int;
  if (typeof v === 'number') return T.float;
  if (typeof v === 'boolean') return T.bool;
  if (Array.isArray(v)) return T.array();
  if (v instanceof GoFunc) return T.func(v.name === 'toJson' ? T.string : T.unknown);
  if (v instanceof GoTime) return T.time;
  if (v instanceof GoDuration) return T.duration;
  if (isMap(v)) return T.map;
  return T.unknown;
}

export const isUnknown = (t: Type): boolean => t.kind === 'unknown';
export const isNumber = (t: Type): boolean => t.kind === 'int' || t.kind === 'float';

/** expr-lang's `MaybeCompatible`: both unknown, or one unknown and the other one of `kinds`. */
export function maybeCompatible(l: Type, r: Type, kinds: Kind[]): boolean {
  const lu = isUnknown(l);
  const ru = isUnknown(r);
  const any = (t: Type): boolean => kinds.includes(t.kind) || (kinds.includes('float') && t.kind === 'int');
  return (lu && ru) || (lu && any(r)) || (ru && any(l));
}

/** expr-lang's `ComparableTo` for `==`/`!=` and array membership. */
export function comparable(l: Type, r: Type): boolean {
  return (
    isUnknown(l) ||
    isUnknown(r) ||
    l.kind === 'nil' ||
    r.kind === 'nil' ||
    (isNumber(l) && isNumber(r)) ||
    (l.kind === 'array' && r.kind === 'array') ||
    (l.kind === r.kind && l.kind !== 'func')
  );
}

export function assignable(from: Type, to: Type): boolean {
  if (from.kind === 'nil') return ['map', 'array', 'func', 'unknown'].includes(to.kind);
  if (from.kind === 'unknown' || to.kind === 'unknown') return false;
  return from.kind === to.kind;
}
