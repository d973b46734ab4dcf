/**
 * @module controller/loops
 * `withItems`, `withParam` and `withSequence`: expanding one step or DAG task into one per item, with
 * Argo's node names `name(<index>:<description>)` and `item` / `item.<key>` substituted into each copy
 * (operator.go expandStep/processItem, expandSequence).
 */

import { ExpressionError } from '../errors/index.ts';
import { type Scope, substituteJson } from '../expressions/index.ts';
import type { Item, Sequence, StepOrTask } from '../spec/types.ts';
import { itemDescription } from './names.ts';

export function hasLoop(s: StepOrTask): boolean {
  return s.withItems !== undefined || s.withParam !== undefined || s.withSequence !== undefined;
}

/**
 * The most items one loop expands to. Every item becomes a node held in memory (about 4 KB each while
 * the workflow runs): 500,000 peak near 2 GB, where a million items exhaust the engine's heap. Argo has
 * no such number, but its workflow object, kept in etcd, holds far fewer nodes.
 */
export const maxLoopItems = 500_000;

function tooMany(field: string, n: number): ExpressionError {
  return new ExpressionError(
    `${field} expands to ${n} items, more than the ${maxLoopItems} nuncio runs in one loop (each item is a node held in memory)`,
  );
}

/** The items of a loop. Throws ExpressionError with Argo's messages. */
export function loopItems(s: StepOrTask): Item[] {
  if (s.withItems !== undefined) {
    if (s.withItems.length > maxLoopItems) throw tooMany('withItems', s.withItems.length);
    return s.withItems;
  }
  if (s.withParam !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s.withParam);
    } catch (e) {
      throw new ExpressionError(
        `withParam value could not be parsed as a JSON list: ${s.withParam}: ${(e as Error).message}`,
      );
    }
    if (!Array.isArray(parsed)) {
      throw new ExpressionError(
        `withParam value could not be parsed as a JSON list: ${s.withParam}: not a list`,
      );
    }
    if (parsed.length > maxLoopItems) throw tooMany('withParam', parsed.length);
    return parsed as Item[];
  }
  if (s.withSequence) return expandSequence(s.withSequence);
  return [];
}

function toInt(v: string | number | undefined, field: string): number | undefined {
  if (v === undefined) return undefined;
  const t = String(v).trim();
  if (!/^[-+]?\d+$/.test(t)) throw new ExpressionError(`withSequence.${field} '${v}' is not an integer`);
  return Number(t);
}

export function expandSequence(seq: Sequence): Item[] {
  const start = toInt(seq.start, 'start') ?? 0;
  let end = toInt(seq.end, 'end');
  if (end === undefined) {
    const count = toInt(seq.count, 'count');
    if (count === undefined) throw new ExpressionError('neither end nor count was specified in withSequence');
    if (count === 0) return [];
    end = start + count - 1;
  }
  const n = Math.abs(end - start) + 1;
  if (n > maxLoopItems) throw tooMany('withSequence', n);
  const format = seq.format ?? '%d';
  const out: Item[] = [];
  if (start <= end) for (let i = start; i <= end; i++) out.push(sprintfInt(format, i));
  else for (let i = start; i >= end; i--) out.push(sprintfInt(format, i));
  return out;
}

/** Go's fmt.Sprintf with one integer argument (`%d`, `%03d`, `%x`, `%o`, `%s`, `%v` and literal text). */
export function sprintfInt(format: string, n: number): string {
  return format.replace(/%([-0+ ]*)(\d*)([dvsxXobc%])/g, (_m, flags: string, width: string, verb: string) => {
    if (verb === '%') return '%';
    let s: string;
    switch (verb) {
      case 'x':
        s = Math.abs(n).toString(16);
        break;
      case 'X':
        s = Math.abs(n).toString(16).toUpperCase();
        break;
      case 'o':
        s = Math.abs(n).toString(8);
        break;
      case 'b':
        s = Math.abs(n).toString(2);
        break;
      case 'c':
        return String.fromCodePoint(n);
      default:
        s = String(Math.abs(n));
    }
    const sign = n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const w = width ? Number(width) : 0;
    if (flags.includes('-')) return (sign + s).padEnd(w, ' ');
    if (flags.includes('0')) return sign + s.padStart(Math.max(0, w - sign.length), '0');
    return (sign + s).padStart(w, ' ');
  });
}

/** Variables an item brings: `item` (strings as is, the rest as JSON) and `item.<key>` for maps. */
export function itemScope(item: Item, parent: Scope): Scope {
  const s = Object.create(parent) as Scope;
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    for (const [k, v] of Object.entries(item)) s[`item.${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
    s.item = JSON.stringify(item);
  } else if (Array.isArray(item)) {
    s.item = JSON.stringify(item);
  } else {
    s.item = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return s;
}

/** One copy of the step per item, named `name(i:desc)`, with `item` substituted strictly. */
export function expandItems<T extends StepOrTask>(s: T, items: Item[], parent: Scope, lenient: boolean): T[] {
  const { withItems: _a, withParam: _b, withSequence: _c, ...rest } = s;
  const out: T[] = [];
  items.forEach((item, i) => {
    // substitution may hand back its input when there is nothing to substitute: copy before renaming
    const copy = { ...substituteJson(rest, itemScope(item, parent), { strict: !lenient }) } as T;
    copy.name = `${s.name}(${i}:${itemDescription(item)})`;
    out.push(copy);
  });
  return out;
}
