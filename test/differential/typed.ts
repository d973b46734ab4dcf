/**
 * @module test/differential/typed
 * Renders an evaluator value in the oracle's typed JSON shape (ints and floats kept apart), and a
 * key-sorted JSON text of such shapes for comparison.
 */
import { GoDuration, GoFunc, GoTime, isMap, type Value } from '../../src/expressions/expr/values.ts';
import { goFormatFloat, goFormatV } from '../../src/expressions/quote.ts';

export function typed(v: Value | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return { float: goFormatFloat(v) };
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(typed);
  if (v instanceof GoFunc || v instanceof GoTime || v instanceof GoDuration) return { other: goFormatV(v) };
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = typed(v[k]);
    return { map: out };
  }
  return { other: String(v) };
}

export function sortedJson(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}
