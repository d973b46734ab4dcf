/**
 * @module spec/schema/shape
 * A small vocabulary for describing the shape of Argo and Kubernetes objects as data, written from their
 * field references. It mirrors how Go decodes JSON under `argo lint --strict`: unknown fields are errors,
 * `null` is accepted anywhere (it decodes to the zero value), integers must be whole numbers, and Argo's
 * AnyString / Kubernetes IntOrString and Quantity accept the scalar kinds Go accepts for them.
 */

export type Shape =
  | { kind: 'string' }
  /** A string restricted to a few values (used by nuncio's own fields; Argo checks its enums later). */
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'integer' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  /** Argo AnyString: a string, number or boolean, turned into a string by `normalize`. */
  | { kind: 'anyString' }
  /** Kubernetes IntOrString. */
  | { kind: 'intOrString' }
  /** Kubernetes resource.Quantity: `500m`, `1Gi` or a bare number. */
  | { kind: 'quantity' }
  | { kind: 'object'; name: string; fields: Readonly<Record<string, Lazy<Shape>>> }
  | { kind: 'list'; items: Lazy<Shape> }
  | { kind: 'map'; values: Lazy<Shape> }
  /** A mapping whose contents are not checked (deep Kubernetes types kept open on purpose). */
  | { kind: 'open' }
  /** Any value at all (JSON `interface{}`). */
  | { kind: 'any' };

/** Recursive types (a Template contains inline Templates) refer to each other lazily. */
export type Lazy<T> = T | (() => T);

export function resolve(s: Lazy<Shape>): Shape {
  return typeof s === 'function' ? s() : s;
}

export const str: Shape = { kind: 'string' };
export const int: Shape = { kind: 'integer' };
export const num: Shape = { kind: 'number' };
export const bool: Shape = { kind: 'boolean' };
export const anyStr: Shape = { kind: 'anyString' };
export const intOrStr: Shape = { kind: 'intOrString' };
export const quantity: Shape = { kind: 'quantity' };
export const open: Shape = { kind: 'open' };
export const any: Shape = { kind: 'any' };

export function oneOf(...values: string[]): Shape {
  return { kind: 'enum', values };
}
export function obj(name: string, fields: Record<string, Lazy<Shape>>): Shape {
  return { kind: 'object', name, fields };
}
export function list(items: Lazy<Shape>): Shape {
  return { kind: 'list', items };
}
export function map(values: Lazy<Shape>): Shape {
  return { kind: 'map', values };
}

export const strList = list(str);
export const strMap = map(str);
