/**
 * @module main/heap.test
 * The heap's growth is bounded once the heap holds more than the threshold, and then a full collection
 * runs at once (so the bound sets the next limit); below the threshold nothing happens. Each case runs in a
 * process of its own: a V8 flag, once set, stays.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const heapModule = new URL('./heap.js', import.meta.url).href;

interface Outcome {
  now: boolean;
  bounded: boolean;
  /** Heap in use before and after the call, MiB. */
  before: number;
  after: number;
}

/** Holds `liveMiB` MiB and leaves `garbageMiB` MiB of garbage, then asks with a threshold of `thresholdMiB`. */
function ask(liveMiB: number, garbageMiB: number, thresholdMiB: number): Outcome {
  const source = `
    import { getHeapStatistics } from 'node:v8';
    import { boundHeapGrowthIfLarge, heapGrowthBounded } from ${JSON.stringify(heapModule)};
    const mib = () => getHeapStatistics().used_heap_size / 2 ** 20;
    const held = [];
    for (let i = 0; i < ${liveMiB}; i++) held.push(new Array(2 ** 17).fill(i));
    let dropped = [];
    for (let i = 0; i < ${garbageMiB}; i++) dropped.push(new Array(2 ** 17).fill(i));
    dropped = undefined;
    const before = mib();
    const now = boundHeapGrowthIfLarge(${thresholdMiB} * 2 ** 20);
    const after = mib();
    console.log(JSON.stringify({ now, bounded: heapGrowthBounded(), before, after, held: held.length }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Outcome;
}

test('a heap above the threshold gets the bound, and its garbage is collected at once', () => {
  const o = ask(40, 60, 64);
  assert.ok(o.before > 90, `before ${o.before} MiB`);
  assert.equal(o.now, true);
  assert.equal(o.bounded, true);
  assert.ok(o.after < 60, `after ${o.after} MiB: the collection did not run`);
});

test('a heap below the threshold is left alone', () => {
  const o = ask(4, 4, 64);
  assert.equal(o.now, false);
  assert.equal(o.bounded, false);
});
