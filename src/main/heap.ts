/**
 * @module main/heap
 * How far the engine's JavaScript heap may grow past what it holds. V8 lets the old generation grow to
 * several times the live data between full collections; an engine running a fan-out of 100,000 steps
 * holds about 200 MB yet reached 850 MB of heap before its first full collection in 100 s, mostly
 * garbage promoted from finished steps. A growing factor of 1.5 keeps the heap within half again of the
 * live data, at the price of more frequent full collections (tens of milliseconds each, a fraction of a
 * percent of such a run). Set once per process, before the engine allocates.
 */

import { setFlagsFromString } from 'node:v8';

/** The old generation's next limit after a full collection: live data × (1 + this / 100). */
const heapGrowingPercent = 50;

let applied = false;

export function boundHeapGrowth(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
}
