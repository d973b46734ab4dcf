/**
 * @module bench/lib/graphs.test
 * The benchmark graphs are what results.md says they are, and make and snakemake really run them in
 * dependency order (the real tools, on a small graph).
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makefile, sinks, snakefile } from './build-files.ts';
import { chain, depth, edgeCount, randomDag, type TaskGraph, taskName } from './graphs.ts';

test('randomDag: about perTask distinct earlier dependencies per task, the same for the same seed', () => {
  const g = randomDag(1000, 3, 7);
  g.deps.forEach((d, i) => {
    assert.equal(d.length, Math.min(i, 3));
    assert.equal(new Set(d).size, d.length);
    for (const j of d) assert.ok(j < i, `task ${i} depends on later task ${j}`);
  });
  assert.equal(edgeCount(g), 0 + 1 + 2 + 3 * 997);
  assert.deepEqual(randomDag(1000, 3, 7), g);
  assert.notDeepEqual(randomDag(1000, 3, 8), g);
});

test('chain: depth is its length, one sink', () => {
  const g = chain(50);
  assert.equal(depth(g), 50);
  assert.deepEqual(sinks(g), [49]);
});

/** Checks that `order` (task names as they ran) runs every task once, each after its dependencies. */
function assertTopological(g: TaskGraph, order: string[]): void {
  assert.equal(order.length, g.deps.length);
  const at = new Map(order.map((name, k) => [name, k]));
  g.deps.forEach((deps, i) => {
    for (const d of deps) assert.ok(at.get(taskName(d))! < at.get(taskName(i))!, `${i} ran before ${d}`);
  });
}

test('make -j2 runs the Makefile in dependency order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nuncio-bench-make-'));
  try {
    const g = randomDag(60, 3, 11);
    const log = join(dir, 'order');
    await writeFile(
      join(dir, 'Makefile'),
      makefile(g, () => `echo $@ >> ${log}`),
    );
    execFileSync('make', ['-s', '-j2', '-C', dir, 'all'], { stdio: 'ignore' });
    assertTopological(g, (await readFile(log, 'utf8')).trim().split('\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const snakemake = ['/usr/bin/snakemake', '/usr/local/bin/snakemake'].find((p) => existsSync(p));

test('snakemake -j2 makes every output of the Snakefile, after its inputs', {
  skip: snakemake ? false : 'snakemake is not installed',
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nuncio-bench-snake-'));
  try {
    const g = randomDag(30, 3, 13);
    await writeFile(join(dir, 'Snakefile'), snakefile(g));
    execFileSync(snakemake!, ['-j2', '--quiet', '--directory', dir, '--snakefile', join(dir, 'Snakefile')], {
      stdio: 'ignore',
    });
    // Touch times order the outputs; a dependency's file is never newer than its dependent's.
    const { statSync } = await import('node:fs');
    const mtime = (i: number) => statSync(join(dir, taskName(i))).mtimeMs;
    g.deps.forEach((deps, i) => {
      for (const d of deps) assert.ok(mtime(d) <= mtime(i), `${taskName(d)} is newer than ${taskName(i)}`);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
