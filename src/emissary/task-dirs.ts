/**
 * @module emissary/task-dirs
 * Where tasks get their directories: made ahead of need on a worker thread and, once used, emptied
 * there and handed out again, so that neither the engine's thread nor the disk pays for making and
 * removing a directory tree per step. On ext4 each directory made or removed is a journal write and a
 * block (de)allocation: a task of four directories cost about 2 ms of CPU to make and remove, as much
 * as everything else a `true` step costs the engine.
 *
 * Each emissary owns one directory under the work directory (`<workDir>/<pid>-<random>`), so engines
 * sharing `$NUNCIO_HOME` never take each other's. The worker keeps a small stock of task directories
 * there, each holding exactly the skeleton (e.g. `m0`, `m0/tmp`) with the skeleton's modes; `take` hands
 * one out at once (or makes one on this thread when the stock is empty, as while the worker boots). A
 * released directory is emptied back to the skeleton: every entry that is not a skeleton directory goes
 * (files, symlinks, other directories, whatever a step left), missing skeleton directories are made and
 * modes a step changed are set back, so that a recycled directory cannot be told from a new one. One
 * that cannot be brought back (an entry that will not go) is removed instead, as are the ones beyond what
 * the stock needs. A directory is never handed out while a task holds it. `close` removes the emissary's
 * directory, stock included.
 *
 * The worker holds the event loop only while it has work in hand: an idle emissary does not keep the
 * process alive. It starts with the emissary's fifth task: booting a thread costs more than a few
 * directories, and a workflow of a step or two (a hello world) would only wait for it.
 */

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SkeletonDir } from './runtime.ts';

/** Releases sent to the worker in one message, and how long the first of them may wait for the rest. */
const releaseBatch = 8;
const releaseBatchMs = 50;

/** Tasks whose directories are made and removed on this thread before the worker starts. */
const workerAfter = 4;

/**
 * The worker's code (CommonJS, evaluated: nothing to ship beside the bundle). `make` makes task
 * directories; `release` brings used ones back to the skeleton (the first `reuse` of them that can be)
 * and removes the others.
 */
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
let n = 0;
const gone = (path) => rmSync(path, { recursive: true, force: true, maxRetries: 2 });
// Makes the skeleton's missing directories and sets the modes: a task directory's own mode is what
// mkdir gives it, a skeleton directory's its own or that.
function shape(dir, skeleton, defaultMode) {
  const own = lstatSync(dir);
  if (!own.isDirectory()) throw new Error('not a directory');
  if ((own.mode & 0o7777) !== defaultMode) chmodSync(dir, defaultMode);
  for (const s of skeleton) {
    const path = join(dir, s.path);
    let st = lstatSync(path, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) {
      gone(path);
      st = undefined;
    }
    if (!st) {
      mkdirSync(path);
      st = lstatSync(path);
    }
    const mode = s.mode ?? defaultMode;
    if ((st.mode & 0o7777) !== mode) chmodSync(path, mode);
  }
}
// Removes every entry of dir/rel that is not a skeleton directory, and descends into those that are.
function empty(dir, rel, keep) {
  for (const e of readdirSync(rel ? join(dir, rel) : dir, { withFileTypes: true })) {
    const r = rel ? rel + '/' + e.name : e.name;
    if (e.isDirectory() && keep.has(r)) empty(dir, r, keep);
    else gone(join(dir, r));
  }
}
let defaultMode;
function make(root, skeleton) {
  const dir = join(root, 's' + n++);
  mkdirSync(dir, { recursive: true });
  defaultMode ??= lstatSync(dir).mode & 0o7777;
  shape(dir, skeleton, defaultMode);
  return dir;
}
parentPort.on('message', (m) => {
  if (m.op === 'make') {
    const made = [];
    for (let i = 0; i < m.count; i++) {
      try {
        made.push(make(m.root, m.skeleton));
      } catch {
        break;
      }
    }
    parentPort.postMessage({ op: 'made', dirs: made });
  } else if (m.op === 'release') {
    const reused = [];
    const keep = new Set(m.skeleton.map((s) => s.path));
    for (const dir of m.dirs) {
      try {
        if (reused.length < m.reuse && defaultMode !== undefined) {
          empty(dir, '', keep);
          shape(dir, m.skeleton, defaultMode);
          reused.push(dir);
          continue;
        }
      } catch {}
      try {
        gone(dir);
      } catch {}
    }
    parentPort.postMessage({ op: 'released', ids: m.ids, reused, promised: m.reuse });
  }
});
`;

type FromWorker =
  | { op: 'made'; dirs: string[] }
  | { op: 'released'; ids: number[]; reused: string[]; promised: number };

export interface TaskDirsOptions {
  /**
   * Directories every task directory has from the start (e.g. `m0/tmp`), parents first; asked again for
   * each batch, as a runtime learns what it needs.
   */
  skeleton: () => readonly SkeletonDir[];
  /** How many fresh directories the worker keeps ready (default 16). */
  stock?: number;
}

export class TaskDirs {
  /** This emissary's own directory; every task directory is inside it. */
  readonly root: string;
  readonly #skeleton: () => readonly SkeletonDir[];
  readonly #target: number;
  readonly #stock: string[] = [];
  #worker: Worker | undefined;
  #failed = false;
  /** Directories asked of the worker and not delivered yet. */
  #making = 0;
  /** Released directories the worker was told to bring back to the stock, not delivered yet. */
  #returning = 0;
  readonly #releases = new Map<number, { dir: string; ok: () => void }>();
  readonly #releasing = new Set<Promise<void>>();
  #nextId = 1;
  #referenced = false;
  #fallbackSeq = 0;
  #taken = 0;
  /**
   * Releases not sent yet: one message carries a batch (waking the worker costs the engine's thread
   * about 0.1 ms on this kind of machine, a VM where waking another CPU is expensive), sent when it holds
   * `releaseBatch` directories or `releaseBatchMs` after the first, whichever comes first.
   */
  #outbox: { id: number; dir: string }[] = [];
  #flushTimer: NodeJS.Timeout | undefined;

  constructor(workDir: string, options: TaskDirsOptions) {
    this.root = join(workDir, `${process.pid}-${randomBytes(4).toString('hex')}`);
    this.#skeleton = options.skeleton;
    this.#target = options.stock ?? 16;
  }

  /**
   * A task directory holding exactly the skeleton; synchronous, and cheap when the stock has one. It is
   * the caller's until `release`.
   */
  take(): string {
    this.#taken++;
    const dir = this.#stock.pop() ?? this.#makeHere();
    this.#refill();
    return dir;
  }

  /**
   * Gives a used task directory back: the worker empties it for the stock or removes it. Resolves once
   * nothing of what the task left is there.
   */
  release(dir: string): Promise<void> {
    const worker = this.#ensureWorker();
    if (!worker) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // left behind under the emissary's directory, which `close` removes
      }
      return Promise.resolve();
    }
    const id = this.#nextId++;
    const released = new Promise<void>((ok) => {
      this.#releases.set(id, { dir, ok });
      this.#updateRef();
      this.#outbox.push({ id, dir });
      if (this.#outbox.length >= releaseBatch) this.#flush();
      else this.#flushTimer ??= setTimeout(() => this.#flush(), releaseBatchMs);
    });
    this.#releasing.add(released);
    void released.then(() => this.#releasing.delete(released));
    return released;
  }

  #flush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const batch = this.#outbox;
    this.#outbox = [];
    if (batch.length === 0) return;
    const worker = this.#worker;
    if (!worker) {
      // The worker was lost meanwhile: `#lost` removes what is in hand, these included.
      return;
    }
    // Used directories come back rather than new ones being made, up to twice the stock's target (a
    // burst of parallel tasks leaves no more behind); the rest are removed.
    const room = 2 * this.#target - this.#stock.length - this.#making - this.#returning;
    const reuse = Math.max(0, Math.min(batch.length, room));
    this.#returning += reuse;
    worker.postMessage({
      op: 'release',
      ids: batch.map((b) => b.id),
      dirs: batch.map((b) => b.dir),
      reuse,
      skeleton: this.#skeleton(),
    });
  }

  /** Waits for releases in hand, removes the emissary's directory (stock included) and ends the worker. */
  async close(): Promise<void> {
    this.#flush();
    await Promise.all([...this.#releasing]);
    const worker = this.#worker;
    this.#worker = undefined;
    this.#stock.length = 0;
    this.#making = 0;
    this.#returning = 0;
    if (worker) await worker.terminate();
    rmSync(this.root, { recursive: true, force: true });
  }

  #makeHere(): string {
    mkdirSync(this.root, { recursive: true });
    // The emissary's directory is its own, so a counter names a new directory (with mkdir's mode).
    const dir = join(this.root, `t${this.#fallbackSeq++}`);
    mkdirSync(dir);
    for (const sub of this.#skeleton()) {
      const path = join(dir, sub.path);
      mkdirSync(path, { recursive: true });
      if (sub.mode !== undefined) chmodSync(path, sub.mode);
    }
    return dir;
  }

  #refill(): void {
    const want = this.#target - this.#stock.length - this.#making - this.#returning;
    // Asked for in batches, so that a busy engine sends one message for several directories.
    if (want < this.#target / 2) return;
    const worker = this.#ensureWorker();
    if (!worker) return;
    this.#making += want;
    this.#updateRef();
    worker.postMessage({ op: 'make', root: this.root, count: want, skeleton: this.#skeleton() });
  }

  #ensureWorker(): Worker | undefined {
    if (this.#worker || this.#failed || this.#taken <= workerAfter) return this.#worker;
    try {
      const worker = new Worker(workerSource, { eval: true });
      worker.on('message', (m: FromWorker) => this.#onMessage(m));
      worker.on('error', () => this.#lost());
      worker.on('exit', () => this.#lost());
      this.#worker = worker;
      this.#referenced = true;
      this.#updateRef();
      return worker;
    } catch {
      this.#failed = true;
      return undefined;
    }
  }

  #onMessage(m: FromWorker): void {
    if (m.op === 'made') {
      this.#making = Math.max(0, this.#making - m.dirs.length);
      // A short delivery means the worker could not make more; the next `take` asks again.
      if (m.dirs.length === 0) this.#making = 0;
      this.#stock.push(...m.dirs);
    } else {
      this.#returning = Math.max(0, this.#returning - m.promised);
      this.#stock.push(...m.reused);
      for (const id of m.ids) {
        const release = this.#releases.get(id);
        this.#releases.delete(id);
        release?.ok();
      }
    }
    this.#updateRef();
  }

  /** The worker ended or failed: releases in hand are done here (by removal), and later ones too. */
  #lost(): void {
    if (!this.#worker) return;
    this.#worker = undefined;
    this.#failed = true;
    this.#making = 0;
    this.#returning = 0;
    for (const { dir, ok } of this.#releases.values()) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // left behind under the emissary's directory, which `close` removes
      }
      ok();
    }
    this.#releases.clear();
  }

  #updateRef(): void {
    const busy = this.#making > 0 || this.#releases.size > 0;
    if (!this.#worker || busy === this.#referenced) return;
    this.#referenced = busy;
    if (busy) this.#worker.ref();
    else this.#worker.unref();
  }
}
