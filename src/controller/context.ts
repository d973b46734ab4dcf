/**
 * @module controller/context
 * The state of one workflow run that outlives a reconcile (`RunContext`), and the node bookkeeping every
 * part of the controller shares: creating nodes with Argo's IDs and display names, changing them while
 * recording what changed (so that only changed nodes are persisted), and marking nodes dirty.
 *
 * Incremental reconciling: Argo's operator walks the whole node tree on every pass. nuncio walks only the
 * path from the root to the nodes that something happened to. Every node records its execution parent
 * (`parentOf`); an observation on a node marks it and its ancestors dirty, and each composite node
 * re-examines only its dirty children. A group of 100,000 loop items therefore costs O(changes) per
 * reconcile, not O(items).
 */

import type { Scope } from '../expressions/index.ts';
import type {
  NodePhase,
  NodeStatus,
  NodeType,
  Workflow,
  WorkflowSpec,
  WorkflowStatus,
} from '../spec/types.ts';
import { isFulfilledPhase } from '../spec/types.ts';
import type { Execute } from './exec-types.ts';
import { LockManager } from './locks.ts';
import { nodeId } from './names.ts';
import type { RunOptions } from './options.ts';
import type { Action } from './ports.ts';
import { executableProgress, isExecutable, ProgressGraph } from './progress.ts';
import { formatTime } from './time.ts';

export interface NewNode {
  name: string;
  type: NodeType;
  phase: NodePhase;
  boundaryID?: string;
  templateName?: string;
  templateRef?: NodeStatus['templateRef'];
  templateScope?: string;
  message?: string;
  nodeFlag?: NodeStatus['nodeFlag'];
}

const stepsOrDagSeparator = /^(\[\d+\])?\./;

export class RunContext {
  readonly wf: Workflow;
  /**
   * The spec to execute (Argo's execWf): the template's spec merged under the workflow's when it came
   * from a workflowTemplateRef. The live controls `suspend` and `shutdown` are read from `wf.spec`.
   */
  readonly spec: WorkflowSpec;
  readonly status: WorkflowStatus;
  readonly nodes: Record<string, NodeStatus>;
  readonly opts: RunOptions;
  /** `workflow.*` variables (and `workflow.outputs.*` as they are published). */
  globalScope: Scope;

  /** Node name → ID of every node created (saves hashing names again on each lookup). */
  readonly ids = new Map<string, string>();
  /** Node names whose hashed ID was taken by another name (see idOf). */
  readonly altIds = new Map<string, string>();
  /** Children of nodes with many children, as sets (see addChild). */
  readonly childSets = new Map<string, Set<string>>();
  /** Child node ID → the node whose execution creates and drives it. */
  readonly parentOf = new Map<string, string>();
  /** Nodes to re-examine in this pass. */
  readonly dirty = new Set<string>();
  /** Per composite node: its children that are dirty. */
  readonly dirtyChildren = new Map<string, Set<string>>();
  /** Per composite node: what it computed once and must not recompute on every pass (see each user). */
  readonly caches = new Map<string, unknown>();
  /** Steps/DAG node ID → its processed template (for the parallelism and failFast of its children). */
  readonly boundaryTemplates = new Map<string, import('../spec/types.ts').Template>();
  /** Node ID → time (ms) at which it must be re-examined (backoff, suspend duration, deadlines). */
  readonly timers = new Map<string, number>();
  readonly locks: LockManager;
  /** Nodes holding synchronization locks (released when they are fulfilled). */
  readonly lockHolders = new Set<string>();
  /** Nodes that waited for a lock and just got it: their handler must start them. */
  readonly lockGranted = new Set<string>();
  /** Nodes waiting for a lock; re-examined when any lock is released. */
  readonly waitingForLock = new Set<string>();
  /** Arguments bound into the template of Steps/DAG nodes still running (see executeTemplate). */
  readonly processedTemplates = new Map<string, import('../spec/types.ts').Template>();
  /** Memoized nodes whose outputs were handed over for caching. */
  readonly memoSaved = new Set<string>();
  /** Nodes that executeTemplate ended in Error (resolution, arguments), with the error text. */
  readonly executeErrors = new Map<string, string>();
  /** Nodes that could not start because a parallelism limit was reached, by the node that limits them. */
  readonly waitingForSlot = new Set<string>();

  /** Artifacts published with `globalName` (`workflow.outputs.artifacts.<name>`). */
  readonly globalArtifacts = new Map<string, import('../spec/types.ts').Artifact>();
  /** Where output artifacts go (the `artifactRepositoryRef` entry, or the default repository). */
  repository: import('../spec/types.ts').ArtifactRepository = { local: {} };
  /** `spec.shutdown` once a stop or terminate was observed. */
  shutdown: 'Stop' | 'Terminate' | undefined;
  /** Absolute workflow deadline (ms), from `activeDeadlineSeconds`. */
  workflowDeadline: number | undefined;

  // per reconcile
  now = 0;
  actions: Action[] = [];
  readonly changed = new Set<string>();
  statusChanged = false;

  /** Pod nodes Pending or Running (workflow-level parallelism). */
  activePods = 0;
  /** Per boundary node: its Pod/Steps/DAG nodes that are Pending or Running (template parallelism). */
  readonly activeChildren = new Map<string, number>();
  /** Per boundary node: its Pod nodes that are Pending or Running. */
  readonly activePodsIn = new Map<string, number>();
  /** Per boundary node: its Pod/Steps/DAG nodes that are Failed or Error (template failFast). */
  readonly failedChildren = new Map<string, number>();
  /** Node and workflow progress (`N/M`, see `progress.ts`). */
  readonly progress = new ProgressGraph();

  /** executeTemplate, injected so that handlers can recurse without importing the dispatcher. */
  readonly execute: Execute;

  constructor(wf: Workflow, opts: RunOptions, globalScope: Scope, execute: Execute) {
    this.execute = execute;
    this.spec = wf.status?.storedWorkflowTemplateSpec ?? wf.spec;
    this.locks = opts.locks ?? new LockManager();
    this.wf = wf;
    wf.status ??= { phase: '' };
    this.status = wf.status;
    this.status.nodes ??= {};
    this.nodes = this.status.nodes;
    this.opts = opts;
    this.globalScope = globalScope;
  }

  get name(): string {
    return this.wf.metadata.name!;
  }

  get namespace(): string {
    return this.wf.metadata.namespace ?? 'default';
  }

  #nowFormatted: [number, string] = [Number.NaN, ''];

  /** `now` as Argo writes times (second precision); formatted once per distinct value. */
  nowTime(): string {
    if (this.#nowFormatted[0] !== this.now) this.#nowFormatted = [this.now, formatTime(this.now)];
    return this.#nowFormatted[1];
  }

  /** The holder name of a node's locks (Argo: `<namespace>/<workflow>/<node ID>`). */
  lockHolder(nodeId: string): string {
    return `${this.namespace}/${this.name}/${nodeId}`;
  }

  /**
   * The node ID of a node name: Argo's `<wf>-<fnv32a(name)>`. Two names can hash alike (with 100,000
   * nodes a 32-bit collision is likely); the name that comes second gets `<id>-<n>` instead, recorded in
   * `altIds`, so that both nodes exist and the run completes.
   */
  idOf(name: string): string {
    const known = this.ids.get(name);
    if (known) return known;
    const alt = this.altIds.get(name);
    if (alt) return alt;
    const base = nodeId(this.name, name);
    const taken = this.nodes[base];
    if (!taken || taken.name === name) return base;
    let i = 1;
    let id = `${base}-${i}`;
    while (this.nodes[id] && this.nodes[id]!.name !== name) id = `${base}-${++i}`;
    this.altIds.set(name, id);
    return id;
  }

  byName(name: string): NodeStatus | undefined {
    const n = this.nodes[this.idOf(name)];
    return n?.name === name ? n : undefined;
  }

  /** Creates a node the way Argo's initializeNode does (ID, display name, startedAt). */
  initNode(n: NewNode): NodeStatus {
    const id = this.idOf(n.name);
    if (this.nodes[id]) throw new Error(`node ${n.name} (${id}) already exists`);
    this.ids.set(n.name, id);
    let displayName = n.name;
    const boundary = n.boundaryID ? this.nodes[n.boundaryID] : undefined;
    if (boundary && n.name.startsWith(boundary.name)) {
      displayName = n.name.slice(boundary.name.length).replace(stepsOrDagSeparator, '');
    }
    const node: NodeStatus = {
      id,
      name: n.name,
      displayName,
      type: n.type,
      templateName: n.templateName,
      templateRef: n.templateRef,
      templateScope: n.templateScope,
      phase: n.phase,
      boundaryID: n.boundaryID,
      message: n.message,
      startedAt: this.nowTime(),
      nodeFlag: n.nodeFlag,
    };
    dropUndefined(node);
    if (isFulfilledPhase(node.phase)) node.finishedAt = node.startedAt;
    if (isExecutable(node.type)) node.progress = executableProgress(undefined, node.phase);
    this.nodes[id] = node;
    this.changed.add(id);
    this.progress.add(node);
    this.countPhase(node, undefined, node.phase);
    return node;
  }

  /**
   * Keeps the parallelism counters and the progress in step with every phase change. When a node stops
   * being active, everything that waited for a parallelism slot is woken.
   */
  private countPhase(node: NodeStatus, from: NodePhase | undefined, to: NodePhase): void {
    if (from !== undefined && isExecutable(node.type)) {
      const had = node.progress;
      node.progress = executableProgress(had, to);
      if (node.progress !== had) this.progress.changed(node);
    }
    const counted = node.type === 'Pod' || node.type === 'Steps' || node.type === 'DAG';
    if (!counted) return;
    const wasActive = from === 'Pending' || from === 'Running';
    const isActive = to === 'Pending' || to === 'Running';
    const b = node.boundaryID ?? '';
    const bump = (m: Map<string, number>, d: number) => m.set(b, (m.get(b) ?? 0) + d);
    if (wasActive !== isActive) {
      const d = isActive ? 1 : -1;
      bump(this.activeChildren, d);
      if (node.type === 'Pod') {
        bump(this.activePodsIn, d);
        this.activePods += d;
      }
      if (!isActive) this.wakeWaiting();
    }
    const wasFailed = from === 'Failed' || from === 'Error';
    const isFailed = to === 'Failed' || to === 'Error';
    if (wasFailed !== isFailed) bump(this.failedChildren, isFailed ? 1 : -1);
  }

  private wakeWaiting(): void {
    if (!this.waitingForSlot.size) return;
    const waiting = [...this.waitingForSlot];
    this.waitingForSlot.clear();
    for (const id of waiting) this.markDirty(id);
  }

  touch(node: NodeStatus): void {
    this.changed.add(node.id);
  }

  /** Sets a node's phase (and message), stamping finishedAt when it becomes fulfilled. */
  markPhase(node: NodeStatus, phase: NodePhase, message?: string): void {
    if (node.phase !== phase) {
      const from = node.phase;
      node.phase = phase;
      this.changed.add(node.id);
      this.countPhase(node, from, phase);
    }
    if (message !== undefined && node.message !== message) {
      node.message = message;
      this.changed.add(node.id);
    }
    if (isFulfilledPhase(phase) && !node.finishedAt) {
      node.finishedAt = this.nowTime();
      this.changed.add(node.id);
    }
    if (isFulfilledPhase(phase)) this.processedTemplates.delete(node.id);
    if (isFulfilledPhase(phase) && this.lockHolders.delete(node.id))
      this.locks.release(this.lockHolder(node.id));
    const memo = node.memoizationStatus;
    if (phase === 'Succeeded' && memo && !memo.hit && !this.memoSaved.has(node.id)) {
      this.memoSaved.add(node.id);
      this.actions.push({
        type: 'memoize',
        namespace: this.namespace,
        cacheName: memo.cacheName,
        key: memo.key,
        entry: { nodeId: node.id, outputs: structuredClone(node.outputs ?? {}), createdAt: this.nowTime() },
      });
    }
  }

  addChild(parent: NodeStatus, childId: string): void {
    parent.children ??= [];
    const list = parent.children;
    if (list.length < 32) {
      if (list.includes(childId)) return;
    } else {
      // a large fan-out: membership through a set, not a scan of the list
      let set = this.childSets.get(parent.id);
      if (!set || set.size !== list.length) {
        set = new Set(list);
        this.childSets.set(parent.id, set);
      }
      if (set.has(childId)) return;
      set.add(childId);
    }
    list.push(childId);
    this.changed.add(parent.id);
    this.progress.edge(parent, childId);
  }

  /** Records that `parentId` drives `childId` (for dirty propagation). */
  link(parentId: string, childId: string): void {
    if (parentId !== childId) this.parentOf.set(childId, parentId);
  }

  /** Marks a node and every ancestor dirty so that the next walk reaches it. */
  markDirty(id: string): void {
    let child = id;
    this.dirty.add(child);
    for (;;) {
      const parent = this.parentOf.get(child);
      if (!parent) return;
      let set = this.dirtyChildren.get(parent);
      if (!set) {
        set = new Set();
        this.dirtyChildren.set(parent, set);
      }
      const had = set.has(child) && this.dirty.has(parent);
      set.add(child);
      if (had) return;
      this.dirty.add(parent);
      child = parent;
    }
  }

  /** Takes the dirty children of a node (they are examined now). */
  takeDirtyChildren(id: string): Set<string> {
    const set = this.dirtyChildren.get(id);
    if (!set) return new Set();
    this.dirtyChildren.delete(id);
    return set;
  }

  setTimer(id: string, at: number): void {
    const cur = this.timers.get(id);
    if (cur === undefined || at < cur) this.timers.set(id, at);
  }

  cache<T>(id: string): T | undefined {
    return this.caches.get(id) as T | undefined;
  }
}

function dropUndefined(o: object): void {
  const rec = o as Record<string, unknown>;
  for (const k of Object.keys(rec)) if (rec[k] === undefined) delete rec[k];
}
