/**
 * @module emissary/task-dirs.test
 * Task directories come holding exactly the skeleton, with its modes, whether new from the worker's
 * stock, made on the spot or emptied after an earlier task; a directory is never handed out while a task
 * holds it; what a task leaves (files, directories, symlinks, changed modes, a skeleton directory
 * replaced) never reaches the next one and nothing outside is touched; `close` leaves nothing behind.
 */

import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SkeletonDir } from './runtime.ts';
import { TaskDirs } from './task-dirs.ts';

const skeleton: SkeletonDir[] = [{ path: 'm0' }, { path: 'm0/tmp', mode: 0o1777 }, { path: 'm0/home' }];

const modeOf = (path: string): number => lstatSync(path).mode & 0o7777;

/** Asserts that `dir` holds exactly the skeleton above, as directories with their modes. */
function assertPristine(dir: string, defaultMode: number): void {
  assert.deepEqual(readdirSync(dir), ['m0'], dir);
  assert.deepEqual(readdirSync(join(dir, 'm0')).sort(), ['home', 'tmp'], dir);
  assert.deepEqual(readdirSync(join(dir, 'm0', 'tmp')), [], dir);
  assert.deepEqual(readdirSync(join(dir, 'm0', 'home')), [], dir);
  for (const sub of ['m0', 'm0/home', 'm0/tmp']) assert.ok(lstatSync(join(dir, sub)).isDirectory(), sub);
  assert.equal(modeOf(join(dir, 'm0', 'tmp')), 0o1777, `${dir} m0/tmp mode`);
  assert.equal(modeOf(join(dir, 'm0', 'home')), defaultMode, `${dir} m0/home mode`);
  assert.equal(modeOf(join(dir, 'm0')), defaultMode, `${dir} m0 mode`);
  assert.equal(modeOf(dir), defaultMode, `${dir} mode`);
}

/** Leaves behind, in a task directory, what a careless or hostile step might. */
function litter(dir: string, outside: string, round: number): void {
  writeFileSync(join(dir, 'm0', 'tmp', 'x'), 'used');
  mkdirSync(join(dir, 'm0', 'tmp', 'deep', 'er'), { recursive: true });
  writeFileSync(join(dir, 'm0', 'tmp', 'deep', 'er', 'y'), 'used');
  writeFileSync(join(dir, 'stray'), 'used');
  mkdirSync(join(dir, 'm1'));
  chmodSync(join(dir, 'm0', 'tmp'), 0o700);
  chmodSync(dir, 0o700);
  // A skeleton directory swapped for a symlink to a place outside: the link goes, the place stays.
  if (round % 2 === 0) {
    rmSync(join(dir, 'm0', 'home'), { recursive: true });
    symlinkSync(outside, join(dir, 'm0', 'home'));
  } else {
    rmSync(join(dir, 'm0', 'home'), { recursive: true });
    writeFileSync(join(dir, 'm0', 'home'), 'not a directory');
  }
}

describe('task directories', () => {
  it('hands out directories holding only the skeleton, never one in use, and empties used ones for reuse', async () => {
    const work = mkdtempSync(join(tmpdir(), 'nuncio-dirs-'));
    const outside = mkdtempSync(join(tmpdir(), 'nuncio-outside-'));
    writeFileSync(join(outside, 'keep'), 'precious');
    try {
      const probe = join(work, 'probe');
      mkdirSync(probe);
      const defaultMode = modeOf(probe);
      rmSync(probe, { recursive: true });
      const dirs = new TaskDirs(work, { skeleton: () => skeleton, stock: 4 });
      const everHandedOut = new Set<string>();
      let reused = 0;
      for (let round = 0; round < 6; round++) {
        const batch = Array.from({ length: 6 }, () => dirs.take());
        assert.equal(new Set(batch).size, batch.length, 'a directory handed out twice at once');
        for (const d of batch) {
          if (everHandedOut.has(d)) reused++;
          everHandedOut.add(d);
          assert.ok(d.startsWith(`${dirs.root}/`));
          assertPristine(d, defaultMode);
          litter(d, outside, round);
        }
        await Promise.all(batch.map((d) => dirs.release(d)));
        // Give the worker time to restock, so that later rounds take from the stock.
        await new Promise((ok) => setTimeout(ok, 50));
      }
      assert.ok(reused > 0, 'no used directory came back to the stock');
      assert.deepEqual(readdirSync(outside), ['keep']);
      await dirs.close();
      assert.equal(existsSync(dirs.root), false);
      assert.deepEqual(readdirSync(work), []);
    } finally {
      rmSync(work, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('removes the directories the stock does not need', async () => {
    const work = mkdtempSync(join(tmpdir(), 'nuncio-dirs-'));
    try {
      const dirs = new TaskDirs(work, { skeleton: () => skeleton, stock: 2 });
      // Past the tasks handled on this thread, so that the worker runs.
      for (let i = 0; i < 6; i++) await dirs.release(dirs.take());
      const many = Array.from({ length: 20 }, () => dirs.take());
      await Promise.all(many.map((d) => dirs.release(d)));
      await new Promise((ok) => setTimeout(ok, 50));
      const left = readdirSync(dirs.root).length;
      assert.ok(left <= 2 * 2, `${left} directories kept for a stock of 2`);
      await dirs.close();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('asks for the skeleton again, as a runtime learns what it needs', async () => {
    const work = mkdtempSync(join(tmpdir(), 'nuncio-dirs-'));
    let subs: SkeletonDir[] = [{ path: 'm0' }, { path: 'm0/home' }, { path: 'm0/work' }, { path: 'm0/tmp' }];
    try {
      const dirs = new TaskDirs(work, { skeleton: () => subs, stock: 2 });
      await dirs.release(dirs.take());
      subs = [{ path: 'm0' }, { path: 'm0/tmp' }];
      const later: string[] = [];
      for (let i = 0; i < 8; i++) {
        const d = dirs.take();
        later.push(readdirSync(join(d, 'm0')).sort().join(','));
        await dirs.release(d);
        await new Promise((ok) => setTimeout(ok, 20));
      }
      assert.equal(later.at(-1), 'tmp');
      await dirs.close();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('engines sharing a work directory never share a task directory', async () => {
    const work = mkdtempSync(join(tmpdir(), 'nuncio-dirs-'));
    try {
      const a = new TaskDirs(work, { skeleton: () => [{ path: 'm0' }] });
      const b = new TaskDirs(work, { skeleton: () => [{ path: 'm0' }] });
      assert.notEqual(a.root, b.root);
      const da = a.take();
      const db = b.take();
      assert.notEqual(da, db);
      await a.close();
      assert.equal(existsSync(db), true);
      await b.close();
      assert.deepEqual(readdirSync(work), []);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
