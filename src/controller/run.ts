/**
 * @module controller/run
 * `WorkflowRun`: the controller's face. It owns one workflow's status and, for each batch of observations
 * (task started/finished, suspend, resume, stop, terminate, node set) and the current time, returns the
 * actions to take (start or cancel tasks, wake me at T, the workflow completed) and the nodes that changed.
 * It does no I/O: the caller persists the changed nodes and carries out the actions.
 *
 * A pass: apply observations → fire due timers → walk from the root (and the workflow's exit handler and
 * hooks) through dirty nodes only → decide the workflow's phase. Passes repeat within one reconcile while
 * the walk itself made more work (e.g. a retry that may start its next attempt at once).
 */

import { evaluate } from '../expressions/index.ts';
import type { NodeStatus, Workflow, WorkflowPhase } from '../spec/types.ts';
import { isFailedOrError, isFulfilledPhase } from '../spec/types.ts';
import { RunContext } from './context.ts';
import { errorMessage } from './exec-types.ts';
import { executeTemplate } from './execute.ts';
import { exitHookOf } from './exit-handlers.ts';
import { buildGlobalScope, refreshRuntimeGlobals } from './globals.ts';
import { nodeId, podName } from './names.ts';
import type { RunOptions } from './options.ts';
import { applyTaskProgress, applyTaskResult, applyTaskStarted, workflowDeadlineMessage } from './pod.ts';
import type { Action, Observation } from './ports.ts';
import { executableProgress, isExecutable } from './progress.ts';
import { applyOutputDefaults } from './suspend.ts';
import { acquireAll, lockRequests } from './sync.ts';
import { type TemplateContext, workflowContext } from './templates.ts';
import { formatTime, parseTime } from './time.ts';

export interface ReconcileResult {
  actions: Action[];
  /** Nodes created or changed in this reconcile (persist these). */
  changedNodes: NodeStatus[];
  /** The workflow object outside `status.nodes` changed (phase, progress, outputs, labels...). */
  statusChanged: boolean;
  completed: boolean;
  /** The workflow or some node waits for a synchronization lock (it will move when one is released). */
  waitingForLocks: boolean;
}

const maxPasses = 1000;

export class WorkflowRun {
  readonly workflow: Workflow;
  private readonly ctx: RunContext;
  private readonly tmplCtx: TemplateContext;
  private readonly hasStepHooks: boolean;
  private initError: string | undefined;

  /** `wf` must carry its final name, uid, namespace and creationTimestamp. */
  constructor(wf: Workflow, opts: RunOptions = {}) {
    this.workflow = wf;
    let globals = {};
    try {
      globals = buildGlobalScope(wf, opts.configMaps);
    } catch (e) {
      this.initError = errorMessage(e);
    }
    this.ctx = new RunContext(wf, opts, globals, executeTemplate);
    this.tmplCtx = workflowContext(this.ctx.name, this.ctx.spec);
    this.hasStepHooks = JSON.stringify(this.ctx.spec).includes('"hooks"');
    const ref = this.ctx.spec.artifactRepositoryRef;
    const named =
      ref &&
      opts.artifactRepositories?.(this.ctx.namespace, ref.configMap ?? 'artifact-repositories', ref.key);
    this.ctx.repository = named ?? opts.artifactRepository ?? { local: {} };
    if (ref && !named && opts.artifactRepositories) {
      this.initError = `artifact repository '${ref.configMap ?? 'artifact-repositories'}${ref.key ? `/${ref.key}` : ''}' not found`;
    }
    if (wf.spec.shutdown) this.ctx.shutdown = wf.spec.shutdown;
    this.restoreCounters();
  }

  get phase(): WorkflowPhase {
    return this.ctx.status.phase;
  }

  /** Rebuilds counters from a stored status (a run resumed by a restarted process). */
  private restoreCounters(): void {
    const ctx = this.ctx;
    for (const n of Object.values(ctx.nodes)) {
      const active = n.phase === 'Pending' || n.phase === 'Running';
      const failed = n.phase === 'Failed' || n.phase === 'Error';
      const b = n.boundaryID ?? '';
      if (n.type === 'Pod' || n.type === 'Steps' || n.type === 'DAG') {
        if (active) ctx.activeChildren.set(b, (ctx.activeChildren.get(b) ?? 0) + 1);
        if (failed) ctx.failedChildren.set(b, (ctx.failedChildren.get(b) ?? 0) + 1);
      }
      if (isExecutable(n.type) && n.progress === undefined)
        n.progress = executableProgress(undefined, n.phase);
      ctx.progress.add(n);
      if (n.type === 'Pod') {
        if (active) {
          ctx.activePods++;
          ctx.activePodsIn.set(b, (ctx.activePodsIn.get(b) ?? 0) + 1);
        }
      }
      for (const c of n.children ?? []) {
        if (!ctx.parentOf.has(c)) ctx.parentOf.set(c, n.id);
        ctx.progress.edge(n, c);
      }
      ctx.ids.set(n.name, n.id);
      if (n.id !== nodeId(ctx.name, n.name)) ctx.altIds.set(n.name, n.id);
    }
  }

  reconcile(observations: readonly Observation[], now: number): ReconcileResult {
    const ctx = this.ctx;
    ctx.now = now;
    ctx.actions = [];
    ctx.changed.clear();
    ctx.statusChanged = false;
    const status = ctx.status;
    if (status.phase === 'Succeeded' || status.phase === 'Failed' || status.phase === 'Error') {
      return this.result(true);
    }
    if (status.phase === '' || status.phase === 'Pending') {
      if (!this.acquireWorkflowLocks()) return this.result(false);
      this.start();
    }
    if (this.initError) {
      this.complete('Error', this.initError);
      return this.result(true);
    }
    for (const o of observations) this.observe(o);
    for (const [id, at] of ctx.timers) {
      if (at <= now) {
        ctx.timers.delete(id);
        ctx.markDirty(id);
      }
    }
    this.checkWorkflowDeadline();
    if (!this.workflow.spec.suspend) {
      for (let pass = 0; pass < maxPasses; pass++) {
        ctx.dirty.clear();
        this.walk();
        if (status.phase !== 'Running' || ctx.dirty.size === 0) break;
      }
    }
    this.updateProgress(false);
    return this.result(status.phase !== 'Running');
  }

  private result(completed: boolean): ReconcileResult {
    const ctx = this.ctx;
    if (!completed && ctx.timers.size) {
      let min = Number.POSITIVE_INFINITY;
      for (const at of ctx.timers.values()) if (at < min) min = at;
      ctx.actions.push({ type: 'wake-at', at: min });
    }
    const changedNodes: NodeStatus[] = [];
    for (const id of ctx.changed) {
      const n = ctx.nodes[id];
      if (n) changedNodes.push(n);
    }
    const waitingForLocks = !completed && (ctx.waitingForLock.size > 0 || !this.holdsWorkflowLocksIfNeeded());
    return {
      actions: ctx.actions,
      changedNodes,
      statusChanged: ctx.statusChanged,
      completed,
      waitingForLocks,
    };
  }

  private holdsWorkflowLocks = false;

  /** Workflow-level synchronization: the workflow stays Pending until it holds every lock. */
  private acquireWorkflowLocks(): boolean {
    const ctx = this.ctx;
    const sync = ctx.spec.synchronization;
    if (!sync || this.holdsWorkflowLocks) return true;
    let r: ReturnType<typeof acquireAll>;
    try {
      r = acquireAll(ctx, this.workflowLockHolder, lockRequests(ctx, sync));
    } catch (e) {
      this.initError = errorMessage(e);
      return true;
    }
    if (r.ok) {
      this.holdsWorkflowLocks = true;
      delete ctx.status.message;
      return true;
    }
    if (ctx.status.phase !== 'Pending' || ctx.status.message !== r.message) {
      ctx.status.phase = 'Pending';
      ctx.status.message = r.message;
      ctx.statusChanged = true;
    }
    return false;
  }

  private holdsWorkflowLocksIfNeeded(): boolean {
    return !this.ctx.spec.synchronization || this.holdsWorkflowLocks;
  }

  private get workflowLockHolder(): string {
    return `${this.ctx.namespace}/${this.ctx.name}`;
  }

  private start(): void {
    const ctx = this.ctx;
    ctx.status.phase = 'Running';
    ctx.status.startedAt = formatTime(ctx.now);
    ctx.status.finishedAt = null;
    ctx.status.progress = '0/0';
    ctx.statusChanged = true;
    this.setLabel('workflows.argoproj.io/phase', 'Running');
    this.armDeadline();
  }

  private armDeadline(): void {
    const ctx = this.ctx;
    const ads = this.ctx.spec.activeDeadlineSeconds;
    if (ads === undefined) return;
    const started = parseTime(ctx.status.startedAt ?? undefined) ?? ctx.now;
    ctx.workflowDeadline = started + Number(ads) * 1000;
    ctx.setTimer(this.rootId, ctx.workflowDeadline);
  }

  private get rootId(): string {
    return this.ctx.name;
  }

  private setLabel(key: string, value: string): void {
    const md = this.workflow.metadata;
    md.labels ??= {};
    md.labels[key] = value;
  }

  private observe(o: Observation): void {
    const ctx = this.ctx;
    switch (o.type) {
      case 'task-started': {
        const node = ctx.nodes[o.nodeId];
        if (!node) return;
        applyTaskStarted(ctx, node, o.at);
        if (this.hasStepHooks) ctx.markDirty(node.id);
        return;
      }
      case 'task-progress': {
        const node = ctx.nodes[o.nodeId];
        if (node?.type === 'Pod' && !isFulfilledPhase(node.phase)) applyTaskProgress(ctx, node, o.progress);
        return;
      }
      case 'task-finished': {
        const node = ctx.nodes[o.result.nodeId];
        if (!node || isFulfilledPhase(node.phase)) return;
        applyTaskResult(ctx, node, o.result);
        ctx.markDirty(node.id);
        return;
      }
      case 'suspend':
        this.workflow.spec.suspend = true;
        ctx.statusChanged = true;
        return;
      case 'resume':
        this.resume(o.nodeFieldSelector);
        return;
      case 'shutdown':
        this.shutdown(o.strategy, o.message);
        return;
      case 'set-node':
        this.setNode(o);
        return;
      case 'locks-changed':
        for (const id of ctx.waitingForLock) ctx.markDirty(id);
        return;
    }
  }

  private resume(selector: string | undefined): void {
    const ctx = this.ctx;
    if (!selector && this.workflow.spec.suspend) {
      delete this.workflow.spec.suspend;
      ctx.statusChanged = true;
      ctx.markDirty(this.rootId);
    }
    for (const n of Object.values(ctx.nodes)) {
      if (n.type !== 'Suspend' || isFulfilledPhase(n.phase)) continue;
      if (selector && !matchesSelector(n, selector)) continue;
      applyOutputDefaults(n.outputs);
      ctx.touch(n);
      ctx.markPhase(n, 'Succeeded');
      ctx.markDirty(n.id);
    }
  }

  private setNode(o: Extract<Observation, { type: 'set-node' }>): void {
    const ctx = this.ctx;
    for (const n of Object.values(ctx.nodes)) {
      if (!matchesSelector(n, o.nodeFieldSelector)) continue;
      if (o.outputParameters) {
        for (const p of n.outputs?.parameters ?? []) {
          const v = o.outputParameters[p.name];
          if (v !== undefined) p.value = v;
        }
        ctx.touch(n);
      }
      if (o.message !== undefined) {
        n.message = o.message;
        ctx.touch(n);
      }
      if (o.phase) ctx.markPhase(n, o.phase);
      ctx.markDirty(n.id);
    }
  }

  /** Stop: running steps are stopped, nothing new starts but exit handlers. Terminate: not even those. */
  private shutdown(strategy: 'Stop' | 'Terminate', message?: string): void {
    const ctx = this.ctx;
    if (ctx.shutdown === 'Terminate') return;
    ctx.shutdown = strategy;
    this.workflow.spec.shutdown = strategy;
    ctx.statusChanged = true;
    const reason = strategy === 'Stop' ? 'stop' : 'terminate';
    const msg = message ?? `Stopped with strategy '${strategy}'`;
    for (const n of Object.values(ctx.nodes)) {
      if (isFulfilledPhase(n.phase)) continue;
      if (n.type === 'Pod' && (strategy === 'Terminate' || !n.nodeFlag?.hooked)) {
        ctx.actions.push({ type: 'cancel-task', nodeId: n.id, reason });
      } else if (n.type === 'Suspend') {
        ctx.markPhase(n, 'Failed', msg);
        ctx.markDirty(n.id);
      }
    }
    ctx.markDirty(this.rootId);
  }

  private deadlineHandled = false;

  /** At the workflow deadline, suspended nodes fail; running steps carry the deadline themselves. */
  private checkWorkflowDeadline(): void {
    const ctx = this.ctx;
    if (ctx.workflowDeadline === undefined || this.deadlineHandled || ctx.now < ctx.workflowDeadline) return;
    this.deadlineHandled = true;
    for (const n of Object.values(ctx.nodes)) {
      if (isFulfilledPhase(n.phase) || n.nodeFlag?.hooked) continue;
      if (n.type === 'Suspend') {
        ctx.markPhase(n, 'Failed', workflowDeadlineMessage);
        ctx.markDirty(n.id);
      } else if (n.type === 'Pod') {
        ctx.actions.push({ type: 'cancel-task', nodeId: n.id, reason: 'deadline' });
      }
    }
    if (!ctx.shutdown) ctx.shutdown = 'Stop';
    ctx.markDirty(this.rootId);
  }

  private walk(): void {
    const ctx = this.ctx;
    const spec = ctx.spec;
    refreshRuntimeGlobals(ctx);
    const root = executeTemplate(
      ctx,
      ctx.name,
      { template: spec.entrypoint },
      this.tmplCtx,
      spec.arguments,
      {},
    );
    this.runWorkflowHooks();
    if (!root || !isFulfilledPhase(root.phase)) return;
    const phase: WorkflowPhase =
      root.phase === 'Failed' ? 'Failed' : root.phase === 'Error' ? 'Error' : 'Succeeded';
    const hook = exitHookOf(spec);
    let exitNode: NodeStatus | undefined;
    if (hook && ctx.shutdown !== 'Terminate') {
      ctx.globalScope['workflow.status'] = phase;
      ctx.globalScope['workflow.failures'] = this.failures();
      exitNode = executeTemplate(
        ctx,
        `${ctx.name}.onExit`,
        { template: hook.template, templateRef: hook.templateRef },
        this.tmplCtx,
        hook.arguments,
        { onExitTemplate: true, nodeFlag: { hooked: true } },
      );
      if (!exitNode || !isFulfilledPhase(exitNode.phase)) return;
    }
    let message = root.message ?? '';
    if (isFailedOrError(root.phase) && ctx.shutdown && !this.deadlineHandled) {
      message = `Stopped with strategy '${ctx.shutdown}'`;
    }
    if (phase === 'Succeeded' && exitNode && isFailedOrError(exitNode.phase)) {
      this.complete(exitNode.phase === 'Failed' ? 'Failed' : 'Error', exitNode.message ?? '');
      return;
    }
    this.complete(phase, phase === 'Succeeded' ? '' : message);
  }

  /** `workflow.failures`: the Failed and Error nodes, as the exit handler sees them. */
  private failures(): string {
    const ctx = this.ctx;
    const list: Record<string, string>[] = [];
    for (const n of Object.values(ctx.nodes)) {
      if (n.phase !== 'Failed' && n.phase !== 'Error') continue;
      list.push({
        displayName: n.displayName,
        message: n.message ?? '',
        templateName: n.templateName ?? '',
        phase: n.phase,
        podName: podName(ctx.name, n.name, n.templateName ?? ''),
        finishedAt: n.finishedAt ?? '',
      });
    }
    return list.length ? JSON.stringify(list) : 'null';
  }

  /** `spec.hooks` other than `exit`: each runs once, when its expression first holds. */
  private runWorkflowHooks(): void {
    const ctx = this.ctx;
    const hooks = this.ctx.spec.hooks;
    if (!hooks || ctx.shutdown) return;
    const root = ctx.nodes[this.rootId];
    for (const [name, hook] of Object.entries(hooks)) {
      if (name === 'exit' || !hook.expression) continue;
      const nodeName = `${ctx.name}.hooks.${name}`;
      let fire = !!ctx.byName(nodeName);
      if (!fire) {
        try {
          fire = evaluate(hook.expression, ctx.globalScope) === true;
        } catch {
          fire = false;
        }
      }
      if (!fire) continue;
      const n = executeTemplate(
        ctx,
        nodeName,
        { template: hook.template, templateRef: hook.templateRef },
        this.tmplCtx,
        hook.arguments,
        { nodeFlag: { hooked: true } },
      );
      if (n && root) ctx.addChild(root, n.id);
    }
  }

  /** The workflow's progress, and that of the nodes that sum their children's (see `progress.ts`). */
  private updateProgress(force: boolean): void {
    const ctx = this.ctx;
    const again = ctx.progress.refresh(ctx.now, force, (n) => ctx.touch(n));
    // A change left for later is counted then, even if nothing else happens by that time.
    if (again !== undefined && ctx.nodes[ctx.name]) ctx.setTimer(ctx.name, again);
    const progress = `${ctx.progress.done}/${ctx.progress.total}`;
    if (ctx.status.progress !== progress) {
      ctx.status.progress = progress;
      ctx.statusChanged = true;
    }
  }

  private complete(phase: WorkflowPhase, message: string): void {
    const ctx = this.ctx;
    const status = ctx.status;
    status.phase = phase;
    if (message) status.message = message;
    else delete status.message;
    status.finishedAt = formatTime(ctx.now);
    status.startedAt ??= status.finishedAt;
    this.updateProgress(true);
    status.conditions = [
      { type: 'PodRunning', status: 'False' },
      { type: 'Completed', status: 'True' },
    ];
    this.setLabel('workflows.argoproj.io/completed', 'true');
    this.setLabel('workflows.argoproj.io/phase', phase);
    ctx.statusChanged = true;
    ctx.timers.clear();
    if (this.holdsWorkflowLocks) {
      this.holdsWorkflowLocks = false;
      ctx.locks.release(this.workflowLockHolder);
    }
    // daemons and anything still running (e.g. after an Error) are stopped
    for (const n of Object.values(ctx.nodes)) {
      if (n.type === 'Pod' && !isFulfilledPhase(n.phase)) {
        ctx.actions.push({ type: 'cancel-task', nodeId: n.id, reason: 'daemon-done' });
      }
    }
    ctx.actions.push({ type: 'workflow-completed', phase });
  }
}

/**
 * Argo's node field selector: `key=value` pairs joined by `,` over `displayName`, `name`, `id`,
 * `templateName`, `phase`, `inputs.parameters.<name>.value`; `!=` negates.
 */
export function matchesSelector(n: NodeStatus, selector: string): boolean {
  for (const part of selector.split(',')) {
    const m = /^\s*([^!=]+?)\s*(!=|==|=)\s*(.*?)\s*$/.exec(part);
    if (!m) return false;
    const [, key, op, value] = m;
    let actual: string | undefined;
    switch (key) {
      case 'displayName':
        actual = n.displayName;
        break;
      case 'name':
        actual = n.name;
        break;
      case 'id':
        actual = n.id;
        break;
      case 'templateName':
        actual = n.templateName;
        break;
      case 'phase':
        actual = n.phase;
        break;
      case 'templateRef.name':
        actual = n.templateRef?.name;
        break;
      case 'templateRef.template':
        actual = n.templateRef?.template;
        break;
      default: {
        const p = /^inputs\.parameters\.(.+)\.value$/.exec(key ?? '');
        if (p) actual = n.inputs?.parameters?.find((x) => x.name === p[1])?.value;
      }
    }
    const eq = actual === value;
    if (op === '!=' ? eq : !eq) return false;
  }
  return true;
}
