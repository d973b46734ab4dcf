/**
 * @module main/heap
 * How far the engine's JavaScript heap may grow past what it holds. V8 lets the old generation grow to
 * several times the live data between full collections; an engine running a fan-out of 100,000 steps
 * holds about 200 MB yet reached 850 MB of heap before its first full collection in 100 s, mostly
 * garbage promoted from finished steps. A growing factor of 1.5 keeps the heap within half again of the
 * live data, at the price of more frequent full collections (tens of milliseconds each, a fraction of a
 * percent of such a run).
 *
 * The bound applies once the heap holds more than `largeHeapBytes`. A small engine keeps V8's own factor:
 * bounded, a 12 MB heap gets a new limit only 8 MB (V8's least step) above its live data, and a run of
 * 1,000 steps made a full collection every 120 ms, 14 in all, where V8's own factor makes one.
 *
 * V8 takes the factor when a full collection ends, to set the next one's limit, so the bound takes
 * effect only at the collection after it is set, and a limit set before it stays. A large expansion (the
 * 100,000 nodes of that fan-out, made in one reconcile of 2–3 s) can pass a full collection under V8's
 * factor: its limit was 3.4 times the 256 MB then live, and the process reached 1 GiB. So the engine
 * asks after each reconcile (`boundHeapGrowthIfLarge`, microseconds), and when it sets the bound it
 * collects once at once, which puts the bounded limit in place of the old one.
 */

import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The old generation's next limit after a full collection: live data × (1 + this / 100). */
const heapGrowingPercent = 50;

/** Heap in use (live data and garbage not yet collected) above which the growth is bounded. */
export const largeHeapBytes = 64 * 2 ** 20;

let bounded = false;

/** Whether the bound has been set in this process. */
export function heapGrowthBounded(): boolean {
  return bounded;
}

/**
 * Bounds the heap's growth once it holds more than `threshold` bytes, and collects once so that the bound
 * sets the next limit; true when it did so now (once per process).
 */
export function boundHeapGrowthIfLarge(threshold = largeHeapBytes): boolean {
  if (bounded || getHeapStatistics().used_heap_size <= threshold) return false;
  bounded = true;
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
  // `gc` exists only in a context made after `--expose-gc` is set.
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return true;
}
