/**
 * @module emissary/task-dirs
 * Where tasks get their directories: made ahead of need and removed after use on a worker thread, so
 * that the engine's only JavaScript thread does not wait for the file system. On ext4 a directory costs
 * a journal write to make and another to remove; a task of four directories spent about 0.35 ms making
 * them and 0.75 ms removing them on the engine's thread, which at two tasks at a time is most of what a
 * `true` step costs.
 *
 * Each emissary owns one directory under the work directory (`<workDir>/<pid>-<random>`), so engines
 * sharing `$NUNCIO_HOME` never take each other's. The worker keeps a small stock of fresh task
 * directories there, each with the given skeleton of subdirectories already made; `take` hands one out at
 * once (or makes one on this thread when the stock is empty, as while the worker boots), and `release`
 * removes a used one on the worker. `close` removes the emissary's directory, stock included.
 *
 * The worker holds the event loop only while it has work in hand: an idle emissary does not keep the
 * process alive. It starts with the emissary's fifth task: booting a thread costs more than a few
 * directories, and a workflow of a step or two (a hello world) would only wait for it.
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Removals sent to the worker in one message, and how long the first of them may wait for the rest. */
const removalBatch = 8;
const removalBatchMs = 50;

/** Tasks whose directories are made and removed on this thread before the worker starts. */
const workerAfter = 4;

/** The worker's code (CommonJS, evaluated: nothing to ship beside the bundle). */
const workerSource = `
const { parentPort } = require('node:worker_threads');
const { mkdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
let n = 0;
parentPort.on('message', (m) => {
  if (m.op === 'make') {
    const made = [];
    for (let i = 0; i < m.count; i++) {
      const dir = join(m.root, 's' + n++);
      try {
        mkdirSync(dir, { recursive: true });
        for (const sub of m.skeleton) mkdirSync(join(dir, sub), { recursive: true });
        made.push(dir);
      } catch {
        break;
      }
    }
    parentPort.postMessage({ op: 'made', dirs: made });
  } else if (m.op === 'rm') {
    for (const dir of m.dirs) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
      } catch {}
    }
    parentPort.postMessage({ op: 'removed', ids: m.ids });
  }
});
`;

type FromWorker = { op: 'made'; dirs: string[] } | { op: 'removed'; ids: number[] };

export interface TaskDirsOptions {
  /**
   * Subdirectories every task directory has from the start (e.g. `m0/tmp`), parents first; asked again
   * for each batch, as a runtime learns what it needs.
   */
  skeleton: () => readonly string[];
  /** How many fresh directories the worker keeps ready (default 16). */
  stock?: number;
}

export class TaskDirs {
  /** This emissary's own directory; every task directory is inside it. */
  readonly root: string;
  readonly #skeleton: () => readonly string[];
  readonly #target: number;
  readonly #stock: string[] = [];
  #worker: Worker | undefined;
  #failed = false;
  /** Directories asked of the worker and not delivered yet. */
  #making = 0;
  readonly #removals = new Map<number, { dir: string; ok: () => void }>();
  readonly #removing = new Set<Promise<void>>();
  #nextId = 1;
  #referenced = false;
  #fallbackSeq = 0;
  #taken = 0;
  /**
   * Removals not sent yet: one message carries a batch (waking the worker costs the engine's thread
   * about 0.1 ms on this kind of machine, a VM where waking another CPU is expensive), sent when it holds
   * `batch` directories or `batchMs` after the first, whichever comes first.
   */
  #outbox: { id: number; dir: string }[] = [];
  #flushTimer: NodeJS.Timeout | undefined;

  constructor(workDir: string, options: TaskDirsOptions) {
    this.root = join(workDir, `${process.pid}-${randomBytes(4).toString('hex')}`);
    this.#skeleton = options.skeleton;
    this.#target = options.stock ?? 16;
  }

  /** A fresh task directory with the skeleton made; synchronous, and cheap when the stock has one. */
  take(): string {
    this.#taken++;
    const dir = this.#stock.pop() ?? this.#makeHere();
    this.#refill();
    return dir;
  }

  /** Removes a used task directory (on the worker when it runs); resolves once it is gone. */
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
    const removed = new Promise<void>((ok) => {
      this.#removals.set(id, { dir, ok });
      this.#updateRef();
      this.#outbox.push({ id, dir });
      if (this.#outbox.length >= removalBatch) this.#flush();
      else this.#flushTimer ??= setTimeout(() => this.#flush(), removalBatchMs);
    });
    this.#removing.add(removed);
    void removed.then(() => this.#removing.delete(removed));
    return removed;
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
    worker.postMessage({ op: 'rm', ids: batch.map((b) => b.id), dirs: batch.map((b) => b.dir) });
  }

  /** Waits for removals in hand, removes the emissary's directory (stock included) and ends the worker. */
  async close(): Promise<void> {
    this.#flush();
    await Promise.all([...this.#removing]);
    const worker = this.#worker;
    this.#worker = undefined;
    this.#stock.length = 0;
    this.#making = 0;
    if (worker) await worker.terminate();
    rmSync(this.root, { recursive: true, force: true });
  }

  #makeHere(): string {
    mkdirSync(this.root, { recursive: true });
    const dir = mkdtempSync(join(this.root, `t${this.#fallbackSeq++}-`));
    for (const sub of this.#skeleton()) mkdirSync(join(dir, sub), { recursive: true });
    return dir;
  }

  #refill(): void {
    const want = this.#target - this.#stock.length - this.#making;
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
      for (const id of m.ids) {
        const removal = this.#removals.get(id);
        this.#removals.delete(id);
        removal?.ok();
      }
    }
    this.#updateRef();
  }

  /** The worker ended or failed: removals in hand are done here, and later ones too. */
  #lost(): void {
    if (!this.#worker) return;
    this.#worker = undefined;
    this.#failed = true;
    this.#making = 0;
    for (const { dir, ok } of this.#removals.values()) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // left behind under the emissary's directory, which `close` removes
      }
      ok();
    }
    this.#removals.clear();
  }

  #updateRef(): void {
    const busy = this.#making > 0 || this.#removals.size > 0;
    if (!this.#worker || busy === this.#referenced) return;
    this.#referenced = busy;
    if (busy) this.#worker.ref();
    else this.#worker.unref();
  }
}
