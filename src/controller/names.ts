/**
 * @module controller/names
 * Loop item descriptions in node names (operator.go generateNodeName/processItem, item.go Item.String)
 * and generated workflow names. Node IDs and pod names live in `spec/names.ts`.
 */

import type { Item } from '../spec/types.ts';

export { nodeId, podName } from '../spec/names.ts';

/** Go's `%v` rendering of a JSON value as Argo prints items inside a list. */
function goValue(v: Item): string {
  if (typeof v === 'string') return jsonStringBody(v);
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return JSON.stringify(v);
  return JSON.stringify(v);
}

/** A string's JSON encoding without the outer quotes, keeping `<>&` as they are. */
function jsonStringBody(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** The description of a loop item in a node name: `name(<index>:<desc>)` (parentheses removed). */
export function itemDescription(item: Item): string {
  let s: string;
  if (typeof item === 'string') s = jsonStringBody(item);
  else if (item === null) s = 'null';
  else if (typeof item === 'number' || typeof item === 'boolean') s = JSON.stringify(item);
  else if (Array.isArray(item)) s = `[${item.map(goValue).join(' ')}]`;
  else {
    const parts = Object.entries(item).map(([k, v]) => `${k}:${goValue(v)}`);
    parts.sort();
    s = parts.join(',');
  }
  return s.replace(/[()]/g, '');
}

export function loopNodeName(base: string, index: number, item: Item): string {
  return `${base}(${index}:${itemDescription(item)})`;
}

const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' generateName suffix: five characters from its alphabet. */
export function generateNameSuffix(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += nameAlphabet[Math.floor(random() * nameAlphabet.length)];
  return s;
}
