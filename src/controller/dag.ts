/**
 * @module controller/dag
 * DAG templates (Argo's dag.go). A task starts once all its dependencies are done (fulfilled, exit handler
 * included): its `depends` decides between running it and an Omitted node; references to its ancestors'
 * outputs are resolved; a loop becomes a TaskGroup of items; `when` may skip it. The DAG's phase is
 * decided once every task is done, from its target tasks (the `target` list, or every task nobody depends
 * on), where a Skipped or Omitted target inherits the phase of the branch that led to it.
 *
 * Only tasks whose dependencies just became done are examined, so a pass costs O(changes).
 */

import {
  dependenciesToDepends,
  dependsTaskNames,
  evalDepends,
  evalWhen,
  substituteJson,
} from '../expressions/index.ts';
import { namedTasks } from '../spec/task-references.ts';
import type { DAGTask, NodePhase, NodeStatus, Template } from '../spec/types.ts';
import { isCompletedPhase, isFailedOrError, isFulfilledPhase } from '../spec/types.ts';
import type { RunContext } from './context.ts';
import { errorMessage, type TemplateRun } from './exec-types.ts';
import { hooksFulfilled, runExitHandler, runLifecycleHooks } from './exit-handlers.ts';
import { publishGlobalOutputs } from './globals.ts';
import { lastAttempt, outboundNodes } from './graph.ts';
import { expandItems, hasLoop, loopItems } from './loops.ts';
import { Queue } from './queue.ts';
import { CaptureResult, dropAbsentArguments, resolveStepArtifacts } from './references.ts';
import { addAggregateToScope, addNodeToScope, LocalScope, templateOutputsFromScope } from './scope.ts';
import { declaredOutputs, type TemplateContext } from './templates.ts';

interface ItemEntry {
  name: string;
  /** Known once the node exists (see RunContext.idOf). */
  id: string | undefined;
  task: DAGTask;
  done: boolean;
}

interface TaskGroupState {
  node: NodeStatus;
  entries: ItemEntry[];
  byId: Map<string, ItemEntry>;
  queue: Queue<ItemEntry>;
  pending: number;
}

interface DagCache {
  tasks: Map<string, DAGTask>;
  index: Map<string, number>;
  deps: Map<string, string[]>;
  dependents: Map<string, string[]>;
  depends: Map<string, string>;
  targets: string[];
  candidates: Set<string>;
  created: Set<string>;
  done: Set<string>;
  groups: Map<string, TaskGroupState>;
  ancestors: Map<string, string[]>;
  /** Task definitions with references resolved, for tasks that run as one node. */
  resolved: Map<string, DAGTask>;
  /**
   * Tasks that could not start for want of a parallelism slot, in written order; retried on the next
   * visit. Kept sorted, so that a visit with nothing new tries the first and, if it still waits, leaves
   * the rest as they are (a DAG of thousands of ready tasks at parallelism 2 was sorted on every visit).
   */
  blocked: string[];
  /** Which children's `outputs.result` the template reads (then their stdout is captured). */
  capture: CaptureResult;
}

function buildCache(ctx: RunContext, dagNode: NodeStatus, tmpl: Template): DagCache {
  const dag = tmpl.dag!;
  const tasks = new Map<string, DAGTask>();
  const index = new Map<string, number>();
  dag.tasks.forEach((t, i) => {
    tasks.set(t.name, t);
    index.set(t.name, i);
  });
  const deps = new Map<string, string[]>();
  const depends = new Map<string, string>();
  const dependents = new Map<string, string[]>();
  for (const t of dag.tasks) {
    let d: string[];
    let expr: string;
    if (t.depends !== undefined && t.depends !== '') {
      expr = t.depends;
      d = dependsTaskNames(t.depends);
    } else {
      d = t.dependencies ?? [];
      expr = d.length ? dependenciesToDepends(d, (name) => tasks.get(name)?.continueOn) : '';
    }
    deps.set(t.name, d);
    depends.set(t.name, expr);
    for (const x of d) {
      let list = dependents.get(x);
      if (!list) {
        list = [];
        dependents.set(x, list);
      }
      list.push(t.name);
    }
  }
  let targets: string[];
  if (dag.target) {
    targets = dag.target.split(' ').filter(Boolean);
    // only the targets and what they depend on run
    const needed = new Set<string>();
    const stack = [...targets];
    while (stack.length) {
      const x = stack.pop()!;
      if (needed.has(x) || !tasks.has(x)) continue;
      needed.add(x);
      stack.push(...(deps.get(x) ?? []));
    }
    for (const name of [...tasks.keys()]) if (!needed.has(name)) tasks.delete(name);
    for (const [name, list] of dependents)
      dependents.set(
        name,
        list.filter((d) => needed.has(d)),
      );
  } else targets = dag.tasks.filter((t) => !dependents.has(t.name)).map((t) => t.name);
  const cache: DagCache = {
    tasks,
    index,
    deps,
    dependents,
    depends,
    targets,
    candidates: new Set(),
    created: new Set(),
    done: new Set(),
    groups: new Map(),
    ancestors: new Map(),
    resolved: new Map(),
    blocked: [],
    capture: new CaptureResult(JSON.stringify(tmpl), 'tasks'),
  };
  for (const t of dag.tasks) {
    if (!tasks.has(t.name)) continue;
    const existing = ctx.byName(taskNodeName(dagNode, t.name));
    if (existing) {
      // continuing after a restart: existing task nodes are re-examined
      cache.created.add(t.name);
      ctx.link(dagNode.id, existing.id);
      ctx.markDirty(existing.id);
    } else if ((deps.get(t.name) ?? []).length === 0) cache.candidates.add(t.name);
  }
  return cache;
}

/**
 * `a` and `b`, each sorted by `order`, as one sorted list without repeats (`a` itself when `b` is empty).
 * `a` is the tasks waiting for a parallelism slot, which can be thousands, and `b` the few a reconcile
 * made ready: those are placed by binary search, so a reconcile compares O(|b| log |a|) pairs, not |a|.
 */
export function mergeSorted(
  a: string[],
  b: readonly string[],
  order: (x: string, y: string) => number,
): string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return [...b];
  if (b.length * 8 < a.length) {
    const out = a.slice();
    for (const x of b) {
      let lo = 0;
      let hi = out.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (order(out[mid]!, x) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (out[lo] !== x) out.splice(lo, 0, x);
    }
    return out;
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && order(a[i]!, b[j]!) <= 0) ? a[i++]! : b[j++]!;
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

function taskNodeName(dagNode: NodeStatus, task: string): string {
  return `${dagNode.name}.${task}`;
}

export function executeDAG(ctx: RunContext, run: TemplateRun): NodeStatus {
  const { tmpl, opts } = run;
  let node = ctx.byName(run.nodeName);
  if (!node) {
    node = ctx.initNode({
      name: run.nodeName,
      type: 'DAG',
      phase: 'Running',
      boundaryID: opts.boundaryID,
      templateScope: run.templateScope,
      nodeFlag: opts.nodeFlag,
      ...(run.holder.template ? { templateName: run.holder.template } : {}),
      ...(run.holder.templateRef ? { templateRef: run.holder.templateRef } : {}),
    });
    if (tmpl.inputs && (tmpl.inputs.parameters?.length || tmpl.inputs.artifacts?.length)) {
      node.inputs = structuredClone(tmpl.inputs);
    }
    if (opts.parentId) ctx.link(opts.parentId, node.id);
  }
  if (isFulfilledPhase(node.phase)) return node;
  if (ctx.lockGranted.delete(node.id)) ctx.markPhase(node, 'Running');
  ctx.boundaryTemplates.set(node.id, tmpl);
  let cache = ctx.cache<DagCache>(node.id);
  if (!cache) {
    cache = buildCache(ctx, node, tmpl);
    ctx.caches.set(node.id, cache);
  }
  const dag = new DagRun(ctx, node, tmpl, cache, run.tmplCtx, opts.onExitTemplate === true);
  return dag.visit();
}

class DagRun {
  private readonly ctx: RunContext;
  private readonly node: NodeStatus;
  private readonly tmpl: Template;
  private readonly cache: DagCache;
  private readonly tmplCtx: TemplateContext;
  private readonly onExitTemplate: boolean;

  constructor(
    ctx: RunContext,
    node: NodeStatus,
    tmpl: Template,
    cache: DagCache,
    tmplCtx: TemplateContext,
    onExitTemplate: boolean,
  ) {
    this.ctx = ctx;
    this.node = node;
    this.tmpl = tmpl;
    this.cache = cache;
    this.tmplCtx = tmplCtx;
    this.onExitTemplate = onExitTemplate;
  }

  visit(): NodeStatus {
    const { ctx, cache, node } = this;
    let held = cache.blocked;
    cache.blocked = [];
    for (const id of ctx.takeDirtyChildren(node.id)) {
      const task = this.taskOf(id);
      if (task && cache.created.has(task) && !cache.done.has(task)) this.advance(task);
      if (isFulfilledPhase(node.phase)) return this.finish();
    }
    const byIndex = (a: string, b: string): number => cache.index.get(a)! - cache.index.get(b)!;
    // Ready tasks are tried in written order: the held ones and the new candidates, merged.
    while (cache.candidates.size || held.length) {
      const fresh = [...cache.candidates].sort(byIndex);
      cache.candidates.clear();
      const ready = mergeSorted(held, fresh, byIndex);
      held = [];
      for (let i = 0; i < ready.length; i++) {
        const t = ready[i]!;
        if (cache.created.has(t)) continue;
        // once one task waits for a parallelism slot, the others would too: they wait without being tried
        if (cache.blocked.length) {
          cache.blocked = mergeSorted(cache.blocked, ready.slice(i), byIndex);
          break;
        }
        this.tryCreate(t);
        if (isFulfilledPhase(node.phase)) return this.finish();
        if (cache.blocked.length) {
          // `t` waits: so does the rest of the (sorted) list, as it is.
          cache.blocked = i === 0 ? ready : ready.slice(i);
          break;
        }
      }
    }
    if (cache.done.size === cache.tasks.size) this.assess();
    return isFulfilledPhase(node.phase) ? this.finish() : node;
  }

  /** The task a direct child node of the DAG belongs to (its name is `<dag>.<task>`). */
  private taskOf(id: string): string | undefined {
    const n = this.ctx.nodes[id];
    const prefix = `${this.node.name}.`;
    if (!n?.name.startsWith(prefix)) return undefined;
    const task = n.name.slice(prefix.length);
    return this.cache.tasks.has(task) ? task : undefined;
  }

  private finish(): NodeStatus {
    this.ctx.caches.delete(this.node.id);
    this.ctx.boundaryTemplates.delete(this.node.id);
    return this.node;
  }

  private taskNode(task: string): NodeStatus | undefined {
    return this.ctx.byName(taskNodeName(this.node, task));
  }

  private markDone(task: string): void {
    const { cache } = this;
    if (cache.done.has(task)) return;
    cache.done.add(task);
    for (const d of cache.dependents.get(task) ?? []) if (!cache.created.has(d)) cache.candidates.add(d);
  }

  /** Continues a created task: its node, its items, its hooks. */
  private advance(task: string): void {
    const group = this.cache.groups.get(task);
    if (group) {
      this.advanceGroup(task, group);
      return;
    }
    const t = this.cache.tasks.get(task)!;
    const existing = this.taskNode(task);
    if (
      existing &&
      isFulfilledPhase(existing.phase) &&
      (existing.type === 'Skipped' || existing.type === 'TaskGroup')
    ) {
      this.markDone(task);
      return;
    }
    const resolved = this.cache.resolved.get(task) ?? t;
    const child = this.ctx.execute(
      this.ctx,
      taskNodeName(this.node, task),
      resolved,
      this.tmplCtx,
      resolved.arguments,
      {
        boundaryID: this.node.id,
        parentId: this.node.id,
        onExitTemplate: this.onExitTemplate,
        captureResult: this.cache.capture.for(task),
      },
    );
    if (!child) return;
    this.reportError(child);
    if (t.hooks)
      runLifecycleHooks(this.ctx, resolved, child, this.node.id, this.tmplCtx, `tasks.${task}`, undefined);
    if (this.childDone(resolved, child, `tasks.${task}`)) this.markDone(task);
  }

  /** An error from executeTemplate is reported on the task node as Argo does. */
  private reportError(child: NodeStatus): void {
    const error = this.ctx.executeErrors.get(child.id);
    if (error === undefined) return;
    this.ctx.executeErrors.delete(child.id);
    this.ctx.markPhase(child, 'Error', `task '${child.name}' errored: ${error}`);
  }

  /** A child is done when it is fulfilled and its exit handler (if any) too. */
  private childDone(t: DAGTask, child: NodeStatus, prefix: string): boolean {
    if (!isFulfilledPhase(child.phase)) return false;
    if (t.hooks && !hooksFulfilled(this.ctx, child)) return false;
    if (!isCompletedPhase(child.phase)) return true;
    const exit = runExitHandler(this.ctx, t, child, this.node.id, this.tmplCtx, prefix, undefined);
    return !exit || isFulfilledPhase(exit.phase);
  }

  private connect(task: string, nodeId: string): void {
    const { ctx } = this;
    const deps = this.cache.deps.get(task) ?? [];
    if (!deps.length) {
      ctx.addChild(this.node, nodeId);
      return;
    }
    for (const d of deps) {
      const depNode = this.taskNode(d);
      if (!depNode) continue;
      for (const out of outboundNodes(ctx, depNode.id)) {
        const n = ctx.nodes[out];
        if (n) ctx.addChild(n, nodeId);
      }
    }
  }

  /** A node of type Skipped that ends the task (Omitted, Skipped or Error). */
  private skipNode(task: string, t: DAGTask, phase: NodePhase, message: string): void {
    const { ctx } = this;
    const name = taskNodeName(this.node, task);
    const n = ctx.initNode({
      name,
      type: 'Skipped',
      phase,
      boundaryID: this.node.id,
      templateScope: this.tmplCtx.scope,
      message,
      nodeFlag: {},
      ...(t.template ? { templateName: t.template } : {}),
      ...(t.templateRef ? { templateRef: t.templateRef } : {}),
    });
    ctx.link(this.node.id, n.id);
    this.cache.created.add(task);
    this.connect(task, n.id);
    this.markDone(task);
  }

  private ancestors(task: string): string[] {
    const { cache } = this;
    let a = cache.ancestors.get(task);
    if (a) return a;
    const seen = new Set<string>();
    const stack = [...(cache.deps.get(task) ?? [])];
    while (stack.length) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(...(cache.deps.get(x) ?? []));
    }
    a = [...seen];
    cache.ancestors.set(task, a);
    return a;
  }

  /**
   * The ancestors whose outputs a task can see and actually names (`tasks.x`, `tasks['x']`): building the
   * scope from every ancestor made a long chain quadratic. A task that uses `tasks` in another way gets
   * all of them.
   */
  private referencedAncestors(task: string, t: DAGTask): string[] {
    const named = namedTasks(JSON.stringify(t));
    if (named?.size === 0) return [];
    const all = this.ancestors(task);
    return named ? all.filter((a) => named.has(a)) : all;
  }

  private scopeFor(tasks: string[]): LocalScope {
    const scope = new LocalScope(this.ctx.globalScope, this.ctx.globalArtifacts, this.tmpl);
    for (const a of tasks) {
      const n = this.taskNode(a);
      if (!n) continue;
      const prefix = `tasks.${a}`;
      if (n.type === 'TaskGroup') {
        addNodeToScope(scope, prefix, n);
        try {
          addAggregateToScope(scope, prefix, this.itemNodes(n));
        } catch {
          // a result that is not JSON leaves the aggregate unset
        }
      } else {
        const t = this.cache.tasks.get(a);
        const declared =
          n.type === 'Skipped' && t
            ? declaredOutputs(t, this.tmplCtx, this.ctx.opts.templates, this.ctx.namespace)
            : undefined;
        addNodeToScope(scope, prefix, lastAttempt(this.ctx, n), declared);
      }
    }
    return scope;
  }

  private itemNodes(group: NodeStatus): NodeStatus[] {
    const out: NodeStatus[] = [];
    for (const id of group.children ?? []) {
      const n = this.ctx.nodes[id];
      if (n?.name.startsWith(`${group.name}(`)) out.push(n);
    }
    return out;
  }

  private facts(task: string) {
    const n = this.taskNode(task);
    const t = this.cache.tasks.get(task);
    const base = {
      continueOnError: t?.continueOn?.error === true,
      continueOnFailed: t?.continueOn?.failed === true,
    };
    if (!n) return { phase: undefined, ...base };
    const facts: {
      phase: string;
      daemoned?: boolean;
      anySucceeded?: boolean;
      allFailed?: boolean;
      continueOnError: boolean;
      continueOnFailed: boolean;
    } = { phase: n.phase, daemoned: n.daemoned === true, ...base };
    if (n.type === 'TaskGroup') {
      const items = this.itemNodes(n);
      facts.anySucceeded = items.some((i) => i.phase === 'Succeeded');
      facts.allFailed = items.length > 0 && items.every((i) => i.phase === 'Failed');
    }
    return facts;
  }

  private tryCreate(task: string): void {
    const { cache } = this;
    const t = cache.tasks.get(task)!;
    // decided and resolved before, then kept waiting for a parallelism slot
    const ready = cache.resolved.get(task);
    if (ready) {
      this.start(task, t, ready, undefined);
      return;
    }
    const deps = cache.deps.get(task) ?? [];
    if (!deps.every((d) => cache.done.has(d))) return;
    const expr = cache.depends.get(task) ?? '';
    if (expr) {
      let run: boolean;
      try {
        run = evalDepends(expr, (name) => this.facts(name));
      } catch (e) {
        this.skipNode(task, t, 'Error', errorMessage(e));
        return;
      }
      if (!run) {
        this.skipNode(task, t, 'Omitted', 'omitted: depends condition not met');
        return;
      }
    }
    const scope = this.scopeFor(this.referencedAncestors(task, t));
    let resolved: DAGTask;
    try {
      resolved = substituteJson(dropAbsentArguments(t, scope.params), scope.params);
      if (!hasLoop(resolved)) resolved = resolveStepArtifacts(resolved, scope);
    } catch (e) {
      this.skipNode(task, t, 'Error', errorMessage(e));
      return;
    }
    if (hasLoop(resolved)) {
      this.createGroup(task, t, resolved, scope);
      return;
    }
    if (resolved.when) {
      let proceed: boolean;
      try {
        proceed = evalWhen(resolved.when);
      } catch (e) {
        this.skipNode(task, t, 'Error', errorMessage(e));
        return;
      }
      if (!proceed) {
        this.skipNode(task, t, 'Skipped', `when '${resolved.when}' evaluated false`);
        return;
      }
    }
    cache.resolved.set(task, resolved);
    this.start(task, t, resolved, scope);
  }

  /** Creates the task's node (unless a parallelism limit holds it back for now). */
  private start(task: string, t: DAGTask, resolved: DAGTask, scope: LocalScope | undefined): void {
    const { ctx, cache } = this;
    const name = taskNodeName(this.node, task);
    const child = ctx.execute(ctx, name, resolved, this.tmplCtx, resolved.arguments, {
      boundaryID: this.node.id,
      parentId: this.node.id,
      onExitTemplate: this.onExitTemplate,
      captureResult: cache.capture.for(task),
    });
    if (!child) {
      cache.blocked.push(task); // parallelism: woken when a slot frees
      return;
    }
    cache.created.add(task);
    this.connect(task, child.id);
    this.reportError(child);
    if (t.hooks) runLifecycleHooks(ctx, resolved, child, this.node.id, this.tmplCtx, `tasks.${task}`, scope);
    if (this.childDone(resolved, child, `tasks.${task}`)) this.markDone(task);
  }

  private createGroup(task: string, t: DAGTask, resolved: DAGTask, scope: LocalScope): void {
    const { ctx, cache } = this;
    let items: ReturnType<typeof loopItems>;
    try {
      items = loopItems(resolved);
    } catch (e) {
      this.skipNode(task, t, 'Error', errorMessage(e));
      return;
    }
    if (!items.length) {
      this.skipNode(task, t, 'Skipped', 'Skipped, empty params');
      return;
    }
    let copies: DAGTask[];
    try {
      copies = expandItems(resolved, items, scope.params, false);
      copies = copies.map((c) => resolveStepArtifacts(c, scope));
    } catch (e) {
      this.skipNode(task, t, 'Error', errorMessage(e));
      return;
    }
    const name = taskNodeName(this.node, task);
    const groupNode = ctx.initNode({
      name,
      type: 'TaskGroup',
      phase: 'Running',
      boundaryID: this.node.id,
      templateScope: this.tmplCtx.scope,
      nodeFlag: {},
      ...(t.template ? { templateName: t.template } : {}),
      ...(t.templateRef ? { templateRef: t.templateRef } : {}),
    });
    ctx.link(this.node.id, groupNode.id);
    cache.created.add(task);
    this.connect(task, groupNode.id);
    const entries: ItemEntry[] = copies.map((c) => {
      const itemName = `${this.node.name}.${c.name}`;
      return { name: itemName, id: undefined, task: c, done: false };
    });
    const state: TaskGroupState = {
      node: groupNode,
      entries,
      byId: new Map(),
      queue: new Queue(),
      pending: entries.length,
    };
    for (const e of entries) {
      if (e.task.when) {
        let proceed: boolean;
        try {
          proceed = evalWhen(e.task.when);
        } catch (err) {
          const n = ctx.initNode({
            name: e.name,
            type: 'Skipped',
            phase: 'Error',
            boundaryID: this.node.id,
            templateScope: this.tmplCtx.scope,
            message: errorMessage(err),
            nodeFlag: {},
          });
          ctx.link(groupNode.id, n.id);
          ctx.addChild(groupNode, n.id);
          e.id = n.id;
          e.done = true;
          state.pending--;
          continue;
        }
        if (!proceed) {
          const n = ctx.initNode({
            name: e.name,
            type: 'Skipped',
            phase: 'Skipped',
            boundaryID: this.node.id,
            templateScope: this.tmplCtx.scope,
            message: `when '${e.task.when}' evaluated false`,
            nodeFlag: {},
            ...(e.task.template ? { templateName: e.task.template } : {}),
          });
          ctx.link(groupNode.id, n.id);
          ctx.addChild(groupNode, n.id);
          e.id = n.id;
          e.done = true;
          state.pending--;
          continue;
        }
      }
      state.queue.push(e);
    }
    cache.groups.set(task, state);
    this.advanceGroup(task, state);
  }

  private advanceGroup(task: string, state: TaskGroupState): void {
    const { ctx } = this;
    const captureResult = this.cache.capture.for(task);
    const step = (e: ItemEntry) => {
      if (e.done) return;
      const child = ctx.execute(ctx, e.name, e.task, this.tmplCtx, e.task.arguments, {
        boundaryID: this.node.id,
        parentId: state.node.id,
        onExitTemplate: this.onExitTemplate,
        captureResult,
      });
      if (!child) return;
      if (e.id === undefined) {
        e.id = child.id;
        state.byId.set(child.id, e);
      }
      this.reportError(child);
      if (this.childDone(e.task, child, `tasks.${task}`)) {
        e.done = true;
        state.pending--;
      }
    };
    for (const id of ctx.takeDirtyChildren(state.node.id)) {
      const e = state.byId.get(id);
      if (e && ctx.nodes[id]) step(e);
    }
    while (state.queue.size) {
      const e = state.queue.peek()!;
      const existed = e.id !== undefined;
      step(e);
      if (e.id === undefined) {
        ctx.waitingForSlot.add(state.node.id);
        break;
      }
      state.queue.shift();
      if (!existed) ctx.addChild(state.node, e.id);
    }
    if (state.pending > 0 || state.queue.size) return;
    let phase: NodePhase = 'Succeeded';
    for (const e of state.entries) {
      const n = e.id === undefined ? undefined : ctx.nodes[e.id];
      if (n && isFailedOrError(n.phase) && !continuesOn(e.task, n.phase)) phase = n.phase;
    }
    ctx.markPhase(state.node, phase);
    this.cache.groups.delete(task);
    this.markDone(task);
  }

  /** Argo's assessDAGPhase, once every task is done. */
  private assess(): void {
    const { ctx, node, cache } = this;
    const targetIds = new Map<string, string>();
    for (const t of cache.targets) {
      const n = ctx.byName(taskNodeName(node, t));
      if (n) targetIds.set(n.id, t);
    }
    const targetPhase = new Map<string, NodePhase | ''>();
    const seen = new Set<string>();
    const queue = new Queue<{ id: string; phase: NodePhase }>(
      (node.children ?? []).map((id) => ({ id, phase: 'Succeeded' as NodePhase })),
    );
    while (queue.size) {
      const cur = queue.shift()!;
      if (seen.has(cur.id)) continue;
      seen.add(cur.id);
      const n = ctx.nodes[cur.id];
      if (!n) continue;
      if (!isFulfilledPhase(n.phase)) return;
      let branch = cur.phase;
      if (isCompletedPhase(n.phase)) branch = n.phase;
      if (targetIds.has(n.id)) {
        targetPhase.set(n.id, n.phase === 'Skipped' || n.phase === 'Omitted' ? branch : n.phase);
        continue;
      }
      for (const c of n.children ?? []) queue.push({ id: c, phase: branch });
    }
    const failFast = this.tmpl.dag?.failFast ?? true;
    let result: NodePhase = 'Succeeded';
    let unknown = false;
    for (const [id, t] of targetIds) {
      const phase = targetPhase.get(id) ?? '';
      if (phase === '') {
        unknown = true;
        continue;
      }
      if ((phase === 'Failed' || phase === 'Error') && !continuesOn(cache.tasks.get(t)!, phase))
        result = phase;
    }
    if (unknown && (result === 'Succeeded' || !failFast)) return;
    if (ctx.shutdown && result === 'Succeeded') result = 'Failed';
    const outbound: string[] = [];
    for (const t of cache.targets) {
      const n = this.taskNode(t);
      if (n) outbound.push(...outboundNodes(ctx, n.id));
    }
    node.outboundNodes = outbound;
    ctx.touch(node);
    if (result !== 'Succeeded') {
      ctx.markPhase(node, result);
      return;
    }
    try {
      const outputs = templateOutputsFromScope(this.tmpl, this.scopeFor([...cache.tasks.keys()]));
      if (outputs) {
        node.outputs = outputs;
        publishGlobalOutputs(ctx, outputs);
      }
    } catch (e) {
      ctx.markPhase(node, 'Error', errorMessage(e));
      return;
    }
    ctx.markPhase(node, 'Succeeded');
  }
}

function continuesOn(t: DAGTask, phase: string): boolean {
  if (phase === 'Failed') return t.continueOn?.failed === true;
  if (phase === 'Error') return t.continueOn?.error === true;
  return false;
}
