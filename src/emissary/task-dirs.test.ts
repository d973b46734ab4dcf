/**
 * @module emissary/task-dirs.test
 * Task directories come fresh (the skeleton made, nothing else in them, never handed out twice), whether
 * from the worker's stock or made on the spot; released ones are removed; `close` leaves nothing behind.
 */

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TaskDirs } from './task-dirs.ts';

const skeleton = ['m0', 'm0/tmp', 'm0/home'];

describe('task directories', () => {
  it('hands out fresh directories with the skeleton, each once, and removes released ones', async () => {
    const work = mkdtempSync(join(tmpdir(), 'nuncio-dirs-'));
    try {
      const dirs = new TaskDirs(work, { skeleton: () => skeleton, stock: 4 });
      const seen = new Set<string>();
      for (let round = 0; round < 5; round++) {
        const batch = Array.from({ length: 6 }, () => dirs.take());
        for (const d of batch) {
          assert.equal(seen.has(d), false, `${d} handed out twice`);
          seen.add(d);
          assert.ok(d.startsWith(`${dirs.root}/`));
          assert.deepEqual(readdirSync(d), ['m0']);
          assert.deepEqual(readdirSync(join(d, 'm0')).sort(), ['home', 'tmp']);
          writeFileSync(join(d, 'm0', 'tmp', 'x'), 'used');
        }
        await Promise.all(batch.map((d) => dirs.release(d)));
        for (const d of batch) assert.equal(existsSync(d), false);
        // Give the worker time to restock, so that later rounds take from the stock.
        await new Promise((ok) => setTimeout(ok, 50));
      }
      await dirs.close();
      assert.equal(existsSync(dirs.root), false);
      assert.deepEqual(readdirSync(work), []);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('asks for the skeleton again, as a runtime learns what it needs', async () => {
    const work = mkdtempSync(join(tmpdir(), 'nuncio-dirs-'));
    let subs = ['m0', 'm0/home', 'm0/work', 'm0/tmp'];
    try {
      const dirs = new TaskDirs(work, { skeleton: () => subs, stock: 2 });
      await dirs.release(dirs.take());
      subs = ['m0', 'm0/tmp'];
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
      const a = new TaskDirs(work, { skeleton: () => ['m0'] });
      const b = new TaskDirs(work, { skeleton: () => ['m0'] });
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
