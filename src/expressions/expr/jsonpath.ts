/**
 * @module expressions/expr/jsonpath
 * Argo's `jsonpath(json, path)` expression function, which parses the JSON text and queries it with the
 * evilmonkeyinc/jsonpath library. Supported here: `$`, `.key`, `['key']`, `[n]` (negative from the end),
 * `[a:b]`, `[*]`/`.*`, unions `[0,1]`, recursive `..key`, `.length` and simple filters `[?(@.k op v)]`.
 * A path of plain keys and indexes yields one value; wildcards, slices, unions, filters and `..` yield a
 * list. Missing keys and out-of-range indexes are errors, as in the library.
 */
import { compareUtf8 } from '../quote.ts';
import { Panic } from './errors.ts';
import { equal, less } from './runtime.ts';
import { isMap, type Value } from './values.ts';

type Selector =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'wild' }
  | { kind: 'slice'; from: number | null; to: number | null }
  | { kind: 'union'; items: (string | number)[] }
  | { kind: 'recursive'; key: string | null }
  | { kind: 'filter'; test: (item: Value) => boolean };

function parsePath(path: string): Selector[] {
  if (!path.startsWith('$')) {
    const tok = path.match(/^[^.[]+/)?.[0] ?? path[0] ?? '';
    throw new Panic(`invalid JSONPath selector '${tok}' unexpected token '${tok}' at index 0`);
  }
  const out: Selector[] = [];
  let i = 1;
  const ident = (): string => {
    const m = /^[^.[\]\s]+/.exec(path.slice(i));
    if (!m) throw new Panic(`invalid JSONPath selector '${path}'`);
    i += m[0].length;
    return m[0];
  };
  while (i < path.length) {
    if (path.startsWith('..', i)) {
      i += 2;
      if (path[i] === '*') {
        i++;
        out.push({ kind: 'recursive', key: null });
      } else out.push({ kind: 'recursive', key: ident() });
    } else if (path[i] === '.') {
      i++;
      if (path[i] === '*') {
        i++;
        out.push({ kind: 'wild' });
      } else out.push({ kind: 'key', key: ident() });
    } else if (path[i] === '[') {
      const close = findClose(path, i);
      out.push(parseBracket(path.slice(i + 1, close).trim()));
      i = close + 1;
    } else throw new Panic(`invalid JSONPath selector '${path}' unexpected token '${path[i]}' at index ${i}`);
  }
  return out;
}

function findClose(path: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let j = open; j < path.length; j++) {
    const c = path[j]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return j;
  }
  throw new Panic(`invalid JSONPath selector '${path}'`);
}

function literal(text: string): Value {
  const t = text.trim();
  if (/^'.*'$|^".*"$/.test(t)) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  const n = Number(t);
  if (t !== '' && !Number.isNaN(n)) return n;
  throw new Panic(`invalid JSONPath filter value '${t}'`);
}

function parseBracket(inner: string): Selector {
  if (inner === '*') return { kind: 'wild' };
  if (inner.startsWith('?(') && inner.endsWith(')')) {
    return { kind: 'filter', test: parseFilter(inner.slice(2, -1).trim(), inner) };
  }
  if (/^-?\d*:-?\d*$/.test(inner)) {
    const [a, b] = inner.split(':') as [string, string];
    return { kind: 'slice', from: a === '' ? null : Number(a), to: b === '' ? null : Number(b) };
  }
  const parts = inner.split(',').map((p) => p.trim());
  const items = parts.map((p) => (/^-?\d+$/.test(p) ? Number(p) : String(literal(p))));
  if (items.length === 1) {
    const only = items[0]!;
    return typeof only === 'number' ? { kind: 'index', index: only } : { kind: 'key', key: only };
  }
  return { kind: 'union', items };
}

/** A filter body: `@.k op literal` or `@.k` terms joined by `&&` / `||` (`&&` binds tighter). */
function parseFilter(body: string, whole: string): (item: Value) => boolean {
  const or = body.split('||').map((part) =>
    part.split('&&').map((term) => {
      const m = /^\s*@((?:\.[\w-]+)*)\s*(==|!=|<=|>=|<|>)?\s*(.*?)\s*$/.exec(term);
      if (!m) throw new Panic(`invalid JSONPath filter '${whole}'`);
      const keys = m[1]!.split('.').filter(Boolean);
      const op = m[2] ?? null;
      const value = op ? literal(m[3]!) : null;
      return (item: Value): boolean => {
        let x: Value = item;
        for (const k of keys) {
          if (!isMap(x) || !Object.hasOwn(x, k)) return false;
          x = x[k]!;
        }
        return op === null ? true : compare(x, op, value);
      };
    }),
  );
  return (item) => or.some((and) => and.every((t) => t(item)));
}

function child(v: Value, key: string): Value {
  if (Array.isArray(v) && key === 'length') return BigInt(v.length);
  if (!isMap(v)) throw new Panic(`key: invalid token target is not an object`);
  if (!Object.hasOwn(v, key)) throw new Panic(`key: invalid token key '${key}' not found`);
  return v[key]!;
}

function index(v: Value, i: number): Value {
  if (!Array.isArray(v)) throw new Panic('index: invalid token target is not an array');
  const j = i < 0 ? v.length + i : i;
  if (j < 0 || j >= v.length) throw new Panic('index: invalid token out of range');
  return v[j]!;
}

function members(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  if (isMap(v))
    return Object.keys(v)
      .sort(compareUtf8)
      .map((k) => v[k]!);
  return [];
}

function descend(v: Value, key: string | null, out: Value[]): void {
  if (isMap(v)) {
    for (const k of Object.keys(v).sort(compareUtf8)) {
      if (key === null || k === key) out.push(v[k]!);
    }
  }
  for (const m of members(v)) descend(m, key, out);
}

function compare(a: Value, op: string, b: Value): boolean {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    default:
      try {
        if (op === '<') return less(a, b);
        if (op === '>') return less(b, a);
        if (op === '<=') return !less(b, a);
        return !less(a, b);
      } catch {
        return false;
      }
  }
}

/** Queries a parsed JSON document. */
export function jsonPathQuery(path: string, doc: Value): Value {
  let current: Value = doc;
  let many = false;
  for (const sel of parsePath(path)) {
    const apply = (v: Value): Value[] => {
      switch (sel.kind) {
        case 'key':
          return [child(v, sel.key)];
        case 'index':
          return [index(v, sel.index)];
        case 'wild':
          return members(v);
        case 'slice': {
          if (!Array.isArray(v)) throw new Panic('range: invalid token target is not an array');
          const n = v.length;
          const norm = (x: number): number => Math.min(Math.max(x < 0 ? n + x : x, 0), n);
          return v.slice(norm(sel.from ?? 0), norm(sel.to ?? n));
        }
        case 'union':
          return sel.items.map((it) => (typeof it === 'number' ? index(v, it) : child(v, it)));
        case 'recursive': {
          const out: Value[] = [];
          descend(v, sel.key, out);
          return out;
        }
        case 'filter':
          return members(v).filter(sel.test);
      }
    };
    const single = sel.kind === 'key' || sel.kind === 'index';
    if (many) current = (current as Value[]).flatMap(apply);
    else {
      const r = apply(current);
      current = single ? r[0]! : r;
    }
    if (!single) many = true;
  }
  return current;
}
