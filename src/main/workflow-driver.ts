/**
 * @module main/workflow-driver
 * Drives one WorkflowRun: collects task events into observations, reconciles on the next turn of the event
 * loop (so a burst of events costs one reconcile), hands the actions to the emissary, persists the changed
 * nodes and the workflow object (on the next turn when steps were started, see `#tick`) and keeps one
 * timer for the earliest wake-up.
 *
 * Writes go through the SQLite store's synchronous calls in one transaction per batch: the reconcile loop
 * owns the workflow, so no other writer races it, and the resourceVersion still guards the object. Changed
 * nodes are gathered for up to `nodeWriteMs` (longer when writes get costly, see `writeInterval`) and
 * written together, always before the workflow object.
 */

import type { RunOptions } from '../controller/options.ts';
import type { Observation, Task, TaskEvent } from '../controller/ports.ts';
import { type ReconcileResult, WorkflowRun } from '../controller/run.ts';
import type { NodeStatus, Workflow } from '../spec/types.ts';
import type { ControlRequest, LogLine } from '../store/store.ts';
import type { Engine } from './engine.ts';
import { boundHeapGrowthIfLarge } from './heap.ts';

const controlPollMs = 250;
/** Writes of the workflow object (everything but its nodes) between phase changes are at least this far apart. */
const objectWriteMs = 100;
const startedBatchMs = 20;
/**
 * The most changed nodes a reconcile that starts steps writes after starting them (see `#tick`), and the
 * most gathered nodes that wait for `nodeWriteMs`.
 */
const deferredNodesMax = 256;
/**
 * Changed nodes wait at most this long to be written (at once when `deferredNodesMax` are waiting):
 * a node that changes three times within it (Pending, Running, Succeeded; or a DAG's own node, whose
 * children grow with every task) is encoded and written once, and a run of short steps costs a
 * transaction per interval instead of one per reconcile.
 */
const nodeWriteMs = 50;

/**
 * The interval between coalesced writes after a write that took `took` ms: at least `base`, and long
 * enough that such writes take at most a fiftieth of the time, up to a second. Both grow with the
 * workflow: the object holds the spec (0.4 MB for a DAG of 5,000 tasks, ≈ 6 ms to encode and write) and
 * a DAG's own node lists every child, and both change with every step.
 */
function writeInterval(base: number, took: number): number {
  return Math.min(1000, Math.max(base, took * 50));
}

const controlTypes = new Set(['suspend', 'resume', 'shutdown', 'set-node']);

function isObservation(r: ControlRequest): r is ControlRequest & Observation {
  return controlTypes.has(r.type);
}

export interface DriverCallbacks {
  /** After every reconcile that changed something. */
  onChange?: (wf: Workflow, result: ReconcileResult) => void;
  /** Each log line of each step, as it arrives. */
  onLog?: (line: LogLine, task: Task | undefined) => void;
  /**
   * Resolve `done` when the workflow can make no progress without outside input (it is suspended and
   * nothing is running or scheduled), instead of waiting for a resume.
   */
  stopWhenIdle?: boolean;
  /** Told once each time the workflow becomes idle (suspended, waiting for a resume). */
  onIdle?: (wf: Workflow) => void;
}

export class WorkflowDriver {
  readonly workflow: Workflow;
  readonly done: Promise<Workflow>;
  readonly #engine: Engine;
  readonly #run: WorkflowRun;
  readonly #callbacks: DriverCallbacks;
  #resourceVersion: string;
  #queue: Observation[] = [];
  #logs: LogLine[] = [];
  /** Writes of reconciles that started steps, run once the steps are on their way (see `#tick`). */
  #deferred: (() => void)[] = [];
  /** Changed nodes not written yet, by id, in their latest state (see `nodeWriteMs`). */
  #nodeWrites = new Map<string, NodeStatus>();
  #nodeTimer: NodeJS.Timeout | undefined;
  #scheduled = false;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Number.POSITIVE_INFINITY;
  #completed = false;
  #idle = false;
  readonly #tasks = new Map<string, Task>();
  #controlPoll: NodeJS.Timeout | undefined;
  #startedTimer: NodeJS.Timeout | undefined;
  #objectTimer: NodeJS.Timeout | undefined;
  #objectDirty = false;
  #lastObjectWrite = 0;
  #objectWriteMs = objectWriteMs;
  #nodeWriteMs = nodeWriteMs;
  #writtenPhase = '';
  #resolve!: (wf: Workflow) => void;
  #reject!: (e: unknown) => void;

  constructor(
    engine: Engine,
    wf: Workflow,
    resourceVersion: string,
    runOptions: RunOptions,
    callbacks: DriverCallbacks,
  ) {
    this.#engine = engine;
    this.workflow = wf;
    this.#resourceVersion = resourceVersion;
    this.#callbacks = callbacks;
    this.#run = new WorkflowRun(wf, runOptions);
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  begin(): void {
    this.#schedule();
    // requests from other processes (nuncio suspend/resume/stop/terminate) arrive through the store
    // (it also keeps the process alive while the workflow waits for such a request)
    this.#controlPoll = setInterval(() => this.#takeControls(), controlPollMs);
  }

  #takeControls(): void {
    let requests: ControlRequest[];
    try {
      requests = this.#engine.store.takeControlsSync(this.workflow.metadata.uid!);
    } catch {
      return;
    }
    for (const r of requests) {
      if (isObservation(r)) this.observe(r);
    }
  }

  /** Outside input: suspend, resume, stop, terminate, node set. */
  observe(o: Observation): void {
    this.#queue.push(o);
    this.#schedule();
  }

  onTaskEvent(e: TaskEvent): void {
    switch (e.type) {
      case 'started':
        // A step that starts and ends within a moment is shown Running only if it is still running
        // then: started events wait up to startedBatchMs to be reconciled with the finish (or anything
        // else), which halves the reconciles and node writes of short steps.
        this.#queue.push({ type: 'task-started', nodeId: e.nodeId, at: e.at });
        this.#startedTimer ??= setTimeout(() => {
          this.#startedTimer = undefined;
          this.#schedule();
        }, startedBatchMs);
        return;
      case 'log': {
        const line: LogLine = {
          nodeId: e.nodeId,
          container: e.container,
          stream: e.stream,
          time: e.at,
          content: e.line,
        };
        this.#logs.push(line);
        this.#callbacks.onLog?.(line, this.#tasks.get(e.nodeId));
        if (this.#logs.length >= 1000) this.#schedule();
        return;
      }
      case 'progress':
        this.#queue.push({ type: 'task-progress', nodeId: e.nodeId, progress: e.progress });
        break;
      case 'finished':
        this.#tasks.delete(e.result.nodeId);
        this.#queue.push({ type: 'task-finished', result: e.result });
        break;
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#startedTimer) {
      clearTimeout(this.#startedTimer);
      this.#startedTimer = undefined;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      try {
        this.#tick();
      } catch (e) {
        this.#fail(e);
      }
    });
  }

  #tick(): void {
    this.#persistDeferred();
    const observations = this.#queue;
    this.#queue = [];
    const uid = this.workflow.metadata.uid!;
    if (this.#completed) {
      this.#flushLogs(uid);
      this.#maybeFinish();
      return;
    }
    const r = this.#run.reconcile(observations, Date.now());
    // A reconcile is where a workflow grows (an expansion of thousands of nodes): see `heap.ts`.
    boundHeapGrowthIfLarge();
    const persist = (): void => {
      if (r.changedNodes.length) this.#queueNodes(r.changedNodes);
      if (r.statusChanged || r.completed) this.#writeWorkflow(r.completed);
      this.#flushLogs(uid);
      if (r.changedNodes.length || r.statusChanged) this.#callbacks.onChange?.(this.workflow, r);
    };
    // Steps start first and the writes follow on the next turn, while they run: a chain of short steps
    // waits for the start, not for the bookkeeping (Argo, too, creates pods before it persists the
    // workflow). Anything that reads or ends the workflow writes what is deferred first. A large
    // expansion (a fan-out of thousands) is written first: its encoded nodes and its queued tasks would
    // otherwise be in memory at the same time.
    const writeLater =
      r.changedNodes.length <= deferredNodesMax && r.actions.some((a) => a.type === 'start-task');
    if (!writeLater) persist();
    let wakeAt: number | undefined;
    for (const a of r.actions) {
      switch (a.type) {
        case 'start-task':
          this.#tasks.set(a.task.nodeId, a.task);
          this.#engine.routeTask(a.task.nodeId, this);
          this.#engine.emissary.start(a.task);
          break;
        case 'cancel-task':
          this.#engine.emissary.cancel(a.nodeId, a.reason);
          break;
        case 'wake-at':
          wakeAt = a.at;
          break;
        case 'workflow-completed':
          this.#completed = true;
          break;
        case 'memoize':
          this.#engine.memoCache.save(a.namespace, a.cacheName, a.key, a.entry);
          break;
      }
    }
    if (writeLater) {
      this.#deferred.push(persist);
      if (this.#deferred.length === 1)
        setImmediate(() => {
          try {
            this.#persistDeferred();
          } catch (e) {
            this.#fail(e);
          }
        });
    }
    if (this.#completed) {
      this.#clearTimer();
      this.#maybeFinish();
      return;
    }
    this.#arm(wakeAt);
    this.#checkIdle(wakeAt, r.waitingForLocks);
  }

  /** Runs the writes deferred by earlier reconciles, oldest first. */
  #persistDeferred(): void {
    while (this.#deferred.length) {
      const writes = this.#deferred;
      this.#deferred = [];
      for (const w of writes) w();
    }
  }

  /** Everything not written yet: deferred reconciles' writes, gathered nodes, a coalesced object write. */
  #writePending(): void {
    this.#persistDeferred();
    this.#flushNodes();
    if (this.#objectDirty) this.#flushWorkflow();
  }

  #queueNodes(nodes: readonly NodeStatus[]): void {
    for (const n of nodes) this.#nodeWrites.set(n.id, n);
    if (this.#nodeWrites.size >= deferredNodesMax) {
      this.#flushNodes();
      return;
    }
    this.#nodeTimer ??= setTimeout(() => {
      try {
        this.#flushNodes();
      } catch (e) {
        this.#fail(e);
      }
    }, this.#nodeWriteMs);
  }

  #flushNodes(): void {
    clearTimeout(this.#nodeTimer);
    this.#nodeTimer = undefined;
    if (this.#nodeWrites.size === 0) return;
    const nodes = [...this.#nodeWrites.values()];
    this.#nodeWrites.clear();
    const started = performance.now();
    this.#engine.store.upsertNodesSync(this.workflow.metadata.uid!, nodes);
    this.#nodeWriteMs = writeInterval(nodeWriteMs, performance.now() - started);
  }

  /**
   * Writes the workflow object (everything but its nodes). Most changes between phases are the progress
   * count, so such writes are coalesced to one per `#objectWriteMs`; a phase change or completion is
   * written at once. Nodes are written on every reconcile regardless.
   */
  #writeWorkflow(now: boolean): void {
    const phase = this.workflow.status?.phase ?? '';
    const due = Date.now() - this.#lastObjectWrite >= this.#objectWriteMs;
    if (now || due || phase !== this.#writtenPhase) {
      this.#flushWorkflow();
      return;
    }
    this.#objectDirty = true;
    this.#objectTimer ??= setTimeout(() => this.#flushWorkflow(), this.#objectWriteMs);
  }

  #flushWorkflow(): void {
    // The object is never ahead of its nodes.
    this.#flushNodes();
    if (this.#objectTimer) clearTimeout(this.#objectTimer);
    this.#objectTimer = undefined;
    this.#objectDirty = false;
    this.#lastObjectWrite = Date.now();
    this.#writtenPhase = this.workflow.status?.phase ?? '';
    const started = performance.now();
    this.#resourceVersion = this.#engine.store.updateWorkflowSync(this.workflow, this.#resourceVersion);
    this.#objectWriteMs = writeInterval(objectWriteMs, performance.now() - started);
  }

  #flushLogs(uid: string): void {
    if (!this.#logs.length) return;
    const lines = this.#logs;
    this.#logs = [];
    this.#engine.store.appendLogsSync(uid, lines);
  }

  /** The workflow is done once it completed and every task it started has reported back. */
  #maybeFinish(): void {
    if (this.#tasks.size > 0) return;
    this.#writePending();
    this.#stopPolling();
    this.#flushLogs(this.workflow.metadata.uid!);
    this.#resolve(this.workflow);
  }

  #arm(at: number | undefined): void {
    if (at === undefined) {
      this.#clearTimer();
      return;
    }
    if (this.#timer && at >= this.#timerAt) return;
    this.#clearTimer();
    this.#timerAt = at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#timerAt = Number.POSITIVE_INFINITY;
        this.#schedule();
      },
      Math.max(0, at - Date.now()),
    );
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  /** Idle: nothing running, nothing queued, no wake-up: only a resume (or stop) can move it on. */
  #checkIdle(wakeAt: number | undefined, waitingForLocks: boolean): void {
    const idle =
      this.#tasks.size === 0 && wakeAt === undefined && this.#queue.length === 0 && !waitingForLocks;
    if (idle && !this.#idle) {
      this.#idle = true;
      this.#callbacks.onIdle?.(this.workflow);
      if (this.#callbacks.stopWhenIdle) {
        this.#writePending();
        this.#stopPolling();
        this.#resolve(this.workflow);
      }
    } else if (!idle) this.#idle = false;
  }

  #stopPolling(): void {
    if (this.#controlPoll) clearInterval(this.#controlPoll);
    this.#controlPoll = undefined;
  }

  #fail(e: unknown): void {
    this.#stopPolling();
    this.#clearTimer();
    clearTimeout(this.#nodeTimer);
    this.#reject(e);
  }
}
