/**
 * @module emissary/emissary
 * The executor service: one Emissary runs many tasks at once. For each task it stages the input artifacts
 * before the entrypoint starts, runs the main container through the runtime the task asks for
 * (`executor.runtime`, else the default), streams its log lines, collects its outputs and reports a
 * `TaskResult`. It never writes workflow status: the controller merges what it reports.
 *
 * Protocol (see controller/ports.ts): `start(task)` queues the task; when a slot is free the task gets a
 * `started` event, then `log` events, then exactly one `finished`. A task beyond `concurrency` waits in the
 * queue without events (its node stays Pending). `cancel` stops a queued task at once and a running one
 * with SIGTERM then SIGKILL; either way it still reports `finished`. `close` stops everything and waits.
 */

import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ArtifactDrivers } from '../artifacts/registry.ts';
import type { CancelReason, Task, TaskEvent, TaskLauncher } from '../controller/ports.ts';
import { ErrorCode, NuncioError } from '../errors/index.ts';
import { cancelMessage } from './messages.ts';
import { progressTickMs } from './progress-watch.ts';
import type { Runtime, SkeletonDir } from './runtime.ts';
import { TaskDirs } from './task-dirs.ts';
import { TaskRun } from './task-run.ts';
import { isoSeconds } from './time.ts';

export interface EmissaryOptions {
  /** Runtimes by name (`process`, `container`, `kubernetes`). */
  runtimes: Record<string, Runtime>;
  /** The runtime of tasks whose `executor.runtime` is not set. */
  defaultRuntime: string;
  /** Artifact drivers by location kind. */
  artifacts: ArtifactDrivers;
  /** Per-task directories are made (and emptied for reuse, or removed) here. */
  workDir: string;
  /** Per-workflow and per-namespace volume directories live here. */
  dataDir: string;
  /** Tasks running at once; more wait in the queue. Default: 4 per available CPU, at least 4. */
  concurrency?: number;
  onEvent: (event: TaskEvent) => void;
  /** Warnings about the emissary itself (not a step's log). */
  logger?: (message: string) => void;
  /** Keep task directories after tasks finish (debugging). */
  keepTaskDirs?: boolean;
  /** Clock, in epoch milliseconds. */
  now?: () => number;
  /**
   * How often a running step's `ARGO_PROGRESS_FILE` is read, ms (default `progressTickMs`, 3 s); 0 gives
   * steps no such file, as Argo's controller does when its tick durations are 0.
   */
  progressTickMs?: number;
}

export class Emissary implements TaskLauncher {
  readonly #options: EmissaryOptions;
  readonly #concurrency: number;
  /** Tasks waiting for a slot, by node ID, oldest first (a Map: O(1) to look up, take and cancel). */
  readonly #queue = new Map<string, Task>();
  readonly #running = new Map<string, { run: TaskRun; done: Promise<void> }>();
  /** Task directories being given back after their tasks finished; `close` waits for them. */
  readonly #cleanups = new Set<Promise<void>>();
  #closed = false;
  readonly #dirs: TaskDirs;

  constructor(options: EmissaryOptions) {
    this.#options = options;
    const runtimes = Object.values(options.runtimes);
    this.#dirs = new TaskDirs(options.workDir, {
      // The primary container's slot (see task-run.ts) with what the runtimes make in it.
      skeleton: () => {
        const subs = new Map<string, SkeletonDir>();
        for (const r of runtimes) for (const s of r.scratchSkeleton?.() ?? []) subs.set(s.path, s);
        return [{ path: 'm0' }, ...[...subs.values()].map((s) => ({ ...s, path: `m0/${s.path}` }))];
      },
    });
    this.#concurrency = Math.max(1, options.concurrency ?? Math.max(4, availableParallelism() * 4));
  }

  /** Tasks waiting for a slot and tasks running. */
  get stats(): { queued: number; running: number } {
    return { queued: this.#queue.size, running: this.#running.size };
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  #emit(event: TaskEvent): void {
    try {
      this.#options.onEvent(event);
    } catch (e) {
      this.#options.logger?.(`emissary: event listener failed: ${(e as Error).message}`);
    }
  }

  start(task: Task): void {
    if (this.#closed) {
      const at = isoSeconds(this.#now());
      this.#emit({
        type: 'finished',
        result: {
          nodeId: task.nodeId,
          phase: 'Error',
          message: 'the emissary is shut down',
          startedAt: at,
          finishedAt: at,
        },
      });
      return;
    }
    if (this.#running.has(task.nodeId) || this.#queue.has(task.nodeId)) {
      this.#options.logger?.(
        `emissary: task ${task.nodeId} is already queued or running; ignoring the second start`,
      );
      return;
    }
    this.#queue.set(task.nodeId, task);
    this.#pump();
  }

  cancel(nodeId: string, reason: CancelReason): void {
    const task = this.#queue.get(nodeId);
    if (task) {
      this.#queue.delete(nodeId);
      const at = isoSeconds(this.#now());
      const message = cancelMessage(reason, task.deadlineMessage);
      this.#emit({
        type: 'finished',
        result: {
          nodeId,
          phase: reason === 'daemon-done' ? 'Succeeded' : 'Failed',
          ...(message ? { message } : {}),
          startedAt: at,
          finishedAt: at,
        },
      });
      return;
    }
    this.#running.get(nodeId)?.run.cancel(reason);
  }

  /**
   * Stops every queued and running task (`terminate`) and resolves once all have reported `finished`,
   * their task directories are gone and the runtimes have released what they keep between steps.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const id of [...this.#queue.keys()]) this.cancel(id, 'terminate');
    for (const { run } of this.#running.values()) run.cancel('terminate');
    await Promise.all([...this.#running.values()].map((r) => r.done));
    await Promise.all([...this.#cleanups]);
    await this.#dirs.close();
    await Promise.all(Object.values(this.#options.runtimes).map((r) => r.close?.()));
  }

  /**
   * Removes the volume directories of a workflow's `volumeClaimTemplates` (Argo deletes the claims when the
   * workflow completes, unless `volumeClaimGC` says otherwise; the controller decides when).
   */
  async deleteWorkflowVolumes(uid: string): Promise<void> {
    if (!/^[A-Za-z0-9._-]+$/.test(uid) || uid.includes('..')) {
      throw new NuncioError(ErrorCode.BadRequest, `invalid workflow uid '${uid}'`);
    }
    await rm(join(this.#options.dataDir, 'workflows', uid, 'volumes'), { recursive: true, force: true });
  }

  #pump(): void {
    while (this.#running.size < this.#concurrency && this.#queue.size > 0) {
      const task = this.#queue.values().next().value!;
      this.#queue.delete(task.nodeId);
      const runtimeName = task.executor.runtime ?? this.#options.defaultRuntime;
      const run = new TaskRun(task, {
        runtime: this.#options.runtimes[runtimeName],
        runtimeName,
        artifacts: this.#options.artifacts,
        workDir: this.#options.workDir,
        dirs: this.#dirs,
        dataDir: this.#options.dataDir,
        emit: (e) => this.#emit(e),
        keepTaskDirs: this.#options.keepTaskDirs === true,
        now: () => this.#now(),
        progressTickMs: this.#options.progressTickMs ?? progressTickMs,
      });
      const done = run.run().finally(() => {
        this.#running.delete(task.nodeId);
        const cleanup = run.cleanedUp.finally(() => this.#cleanups.delete(cleanup));
        this.#cleanups.add(cleanup);
        this.#pump();
      });
      this.#running.set(task.nodeId, { run, done });
    }
  }
}
