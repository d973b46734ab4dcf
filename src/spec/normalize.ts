/**
 * @module spec/normalize
 * Turns Argo's AnyString fields (parameter `value`, `default`, `enum`, `description`, valueFrom
 * `default`) from YAML numbers and booleans into strings, formatted as Argo's Go code formats them, so
 * that the rest of nuncio sees only strings there. The manifest's shape decides which fields are
 * AnyString; everything else is copied unchanged, except that `null` list items and map values become
 * their type's zero value, as they do when Go decodes them.
 */
import { manifestShapes } from './schema/argo.ts';
import { resolve, type Shape } from './schema/shape.ts';

/** Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest digits, never an exponent. */
export function formatGoFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const exp = Number(text.slice(e + 1));
  let mantissa = text.slice(0, e);
  const negative = mantissa.startsWith('-');
  if (negative) mantissa = mantissa.slice(1);
  const [int = '', frac = ''] = mantissa.split('.');
  const digits = int + frac;
  const point = int.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

/** The string Argo's AnyString holds for a decoded YAML scalar. */
export function anyStringOf(v: unknown): unknown {
  if (typeof v === 'number') return formatGoFloat(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

/** The zero value Go decodes `null` into for a list item or map value of this shape. */
function zeroOf(shape: Shape): unknown {
  switch (shape.kind) {
    case 'object':
    case 'map':
      return {};
    case 'list':
      return [];
    case 'string':
    case 'enum':
    case 'anyString':
      return '';
    case 'integer':
    case 'number':
    case 'intOrString':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/**
 * A `null` list item or map value decodes in Go to its type's zero value (`{}`, `''`, `0`, ...); the
 * rest of nuncio can then rely on list items having their type.
 */
function element(value: unknown, shape: Shape): unknown {
  if (value === null) return zeroOf(shape);
  return walk(value, shape);
}

function walk(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return value;
  switch (shape.kind) {
    case 'anyString':
      return anyStringOf(value);
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const f = shape.fields[k];
        out[k] = f === undefined ? v : walk(v, resolve(f));
      }
      return out;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = element(v, resolve(shape.values));
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => element(v, resolve(shape.items))) : value;
    default:
      return value;
  }
}

/**
 * A copy of `manifest` with AnyString fields as strings. Manifests of other kinds are returned as they
 * are.
 */
export function normalize<T>(manifest: T): T {
  if (typeof manifest !== 'object' || manifest === null) return manifest;
  const kind = (manifest as { kind?: unknown }).kind;
  const shape = typeof kind === 'string' ? manifestShapes[kind] : undefined;
  return shape ? (walk(manifest, shape) as T) : manifest;
}
