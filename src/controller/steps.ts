/**
 * @module controller/steps
 * Steps templates (Argo's steps.go): step groups run one after the other, the steps of a group in
 * parallel. Each group resolves references to earlier steps, expands loops, evaluates `when`, starts its
 * children (subject to parallelism), runs each finished child's exit handler, and ends Failed at the first
 * failed child without `continueOn`. The Steps node then fails with that message, or, when every group
 * succeeded, takes its outputs from the scope.
 *
 * Per group the expansion is computed once and kept in a cache, together with the queue of children not
 * yet started and a count of children not yet done: a pass costs O(children that changed).
 */

import { evalWhen, substituteJson } from '../expressions/index.ts';
import type { NodeStatus, WorkflowStep } from '../spec/types.ts';
import { isFailedOrError, isFulfilledPhase } from '../spec/types.ts';
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

interface StepsCache {
  scope: LocalScope;
  /** Index of the group being run. */
  current: number;
  /** Which children's `outputs.result` the template reads (then their stdout is captured). */
  capture: CaptureResult;
}

interface ChildEntry {
  name: string;
  /** Known once the node exists (an ID is settled only at creation: see RunContext.idOf). */
  id: string | undefined;
  step: WorkflowStep;
  /** Child and its exit handler are fulfilled. */
  done: boolean;
}

interface GroupCache {
  entries: ChildEntry[];
  byId: Map<string, ChildEntry>;
  /** Entries whose node is not created yet (parallelism), in order. */
  queue: Queue<ChildEntry>;
  pending: number;
}

export function executeSteps(ctx: RunContext, run: TemplateRun): NodeStatus {
  const { tmpl, opts } = run;
  let node = ctx.byName(run.nodeName);
  if (!node) {
    node = ctx.initNode({
      name: run.nodeName,
      type: 'Steps',
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
  let cache = ctx.cache<StepsCache>(node.id);
  if (!cache) {
    cache = {
      scope: new LocalScope(ctx.globalScope, ctx.globalArtifacts, tmpl),
      current: 0,
      capture: new CaptureResult(JSON.stringify(tmpl), 'steps'),
    };
    ctx.caches.set(node.id, cache);
  }
  const dirty = ctx.takeDirtyChildren(node.id);
  const groups = tmpl.steps ?? [];
  for (let i = cache.current; i < groups.length; i++) {
    const sgName = `${node.name}[${i}]`;
    let sg = ctx.byName(sgName);
    const fresh = !sg;
    if (!sg) {
      sg = ctx.initNode({
        name: sgName,
        type: 'StepGroup',
        phase: 'Running',
        boundaryID: node.id,
        templateScope: run.templateScope,
        nodeFlag: {},
      });
      ctx.link(node.id, sg.id);
      connectGroup(ctx, node, i, sg);
    }
    if (fresh || dirty.has(sg.id) || !ctx.caches.has(sg.id)) {
      executeStepGroup(ctx, sg, groups[i] ?? [], node, cache, run.tmplCtx, opts.onExitTemplate === true);
    }
    if (!isFulfilledPhase(sg.phase)) return node;
    if (isFailedOrError(sg.phase)) {
      updateOutboundNodes(ctx, node, groups.length);
      ctx.markPhase(node, 'Failed', sg.message ?? '');
      return finish(ctx, node);
    }
    addGroupToScope(ctx, sg, groups[i] ?? [], cache.scope, run.tmplCtx);
    ctx.caches.delete(sg.id);
    cache.current = i + 1;
  }
  updateOutboundNodes(ctx, node, groups.length);
  try {
    const outputs = templateOutputsFromScope(tmpl, cache.scope);
    if (outputs) {
      node.outputs = outputs;
      publishGlobalOutputs(ctx, outputs);
    }
  } catch (e) {
    ctx.markPhase(node, 'Error', errorMessage(e));
    return finish(ctx, node);
  }
  ctx.markPhase(node, 'Succeeded');
  return finish(ctx, node);
}

function finish(ctx: RunContext, node: NodeStatus): NodeStatus {
  ctx.caches.delete(node.id);
  ctx.boundaryTemplates.delete(node.id);
  return node;
}

/** Group 0 hangs under the Steps node; group i under the outbound nodes of group i-1's children. */
function connectGroup(ctx: RunContext, stepsNode: NodeStatus, i: number, sg: NodeStatus): void {
  if (i === 0) {
    ctx.addChild(stepsNode, sg.id);
    return;
  }
  const prev = ctx.byName(`${stepsNode.name}[${i - 1}]`);
  if (!prev) return;
  if (!prev.children?.length) {
    ctx.addChild(prev, sg.id);
    return;
  }
  for (const childId of prev.children) {
    for (const out of outboundNodes(ctx, childId)) {
      const n = ctx.nodes[out];
      if (n) ctx.addChild(n, sg.id);
    }
  }
}

/** `outboundNodes` of a Steps node: the outbound nodes of the children of its last started group. */
function updateOutboundNodes(ctx: RunContext, node: NodeStatus, groups: number): void {
  for (let i = groups - 1; i >= 0; i--) {
    const sg = ctx.byName(`${node.name}[${i}]`);
    if (!sg) continue;
    const out: string[] = [];
    for (const c of sg.children ?? []) out.push(...outboundNodes(ctx, c));
    node.outboundNodes = out;
    ctx.touch(node);
    return;
  }
}

/** After a group succeeded, its steps' outputs join the scope as `steps.<name>.*`. */
function addGroupToScope(
  ctx: RunContext,
  sg: NodeStatus,
  group: WorkflowStep[],
  scope: LocalScope,
  tmplCtx: TemplateContext,
): void {
  for (const step of group) {
    const prefix = `steps.${step.name}`;
    const childName = `${sg.name}.${step.name}`;
    const child = ctx.byName(childName);
    if (child && !hasLoop(step)) {
      const declared =
        child.type === 'Skipped'
          ? declaredOutputs(step, tmplCtx, ctx.opts.templates, ctx.namespace)
          : undefined;
      addNodeToScope(scope, prefix, lastAttempt(ctx, child), declared);
      continue;
    }
    if (hasLoop(step)) {
      const items: NodeStatus[] = [];
      for (const id of sg.children ?? []) {
        const n = ctx.nodes[id];
        if (n?.name.startsWith(`${childName}(`)) items.push(n);
      }
      try {
        addAggregateToScope(scope, prefix, items);
      } catch {
        // a result that is not JSON leaves the aggregate undefined, as in Argo
      }
    }
  }
}

function executeStepGroup(
  ctx: RunContext,
  sg: NodeStatus,
  group: WorkflowStep[],
  stepsNode: NodeStatus,
  stepsCache: StepsCache,
  tmplCtx: TemplateContext,
  onExitTemplate: boolean,
): void {
  if (isFulfilledPhase(sg.phase)) return;
  let cache = ctx.cache<GroupCache>(sg.id);
  if (!cache) {
    const built = buildGroup(ctx, sg, group, stepsNode, stepsCache, tmplCtx);
    if (!built) return;
    cache = built;
    ctx.caches.set(sg.id, cache);
  }
  const dirty = ctx.takeDirtyChildren(sg.id);
  const advance = (entry: ChildEntry) => {
    if (entry.done) return;
    const child = ctx.execute(ctx, entry.name, entry.step, tmplCtx, entry.step.arguments, {
      boundaryID: stepsNode.id,
      parentId: sg.id,
      onExitTemplate,
      captureResult: stepsCache.capture.for(baseName(entry.step.name)),
    });
    if (!child) return;
    if (entry.id === undefined) {
      entry.id = child.id;
      cache.byId.set(child.id, entry);
    }
    const error = ctx.executeErrors.get(child.id);
    if (error !== undefined) {
      ctx.executeErrors.delete(child.id);
      ctx.addChild(sg, child.id);
      ctx.markPhase(sg, 'Error', `step group deemed errored due to child ${entry.name} error: ${error}`);
      return;
    }
    if (entry.step.hooks)
      runLifecycleHooks(
        ctx,
        entry.step,
        child,
        stepsNode.id,
        tmplCtx,
        `steps.${baseName(entry.step.name)}`,
        stepsCache.scope,
      );
    if (!isFulfilledPhase(child.phase)) return;
    if (entry.step.hooks && !hooksFulfilled(ctx, child)) return;
    if (child.phase !== 'Skipped' && child.phase !== 'Omitted') {
      const exit = runExitHandler(
        ctx,
        entry.step,
        child,
        stepsNode.id,
        tmplCtx,
        `steps.${baseName(entry.step.name)}`,
        stepsCache.scope,
      );
      if (exit && !isFulfilledPhase(exit.phase)) return;
    }
    entry.done = true;
    cache.pending--;
  };
  for (const id of dirty) {
    const entry = cache.byId.get(id);
    if (entry && ctx.nodes[id]) advance(entry);
  }
  while (cache.queue.size) {
    const entry = cache.queue.peek()!;
    const existed = entry.id !== undefined;
    advance(entry);
    if (entry.id === undefined) break;
    cache.queue.shift();
    if (!existed) ctx.addChild(sg, entry.id);
    if (isFulfilledPhase(sg.phase)) return;
  }
  if (isFulfilledPhase(sg.phase)) return;
  if (cache.pending > 0 || cache.queue.size > 0) return;
  for (const entry of cache.entries) {
    const child = entry.id === undefined ? undefined : ctx.nodes[entry.id];
    if (!child) continue;
    if (isFailedOrError(child.phase) && !continuesOn(entry.step, child.phase)) {
      ctx.markPhase(sg, 'Failed', `child '${child.id}' failed`);
      return;
    }
  }
  ctx.markPhase(sg, 'Succeeded');
}

function continuesOn(step: WorkflowStep, phase: string): boolean {
  if (phase === 'Failed') return step.continueOn?.failed === true;
  if (phase === 'Error') return step.continueOn?.error === true;
  return false;
}

/** The step name without its loop suffix `(i:desc)`. */
function baseName(name: string): string {
  const i = name.indexOf('(');
  return i < 0 ? name : name.slice(0, i);
}

/**
 * First visit of a group: resolve references, expand loops, evaluate `when` and create the Skipped
 * children. Errors end the group in Error (with the Steps node failing after it), as Argo does.
 */
function buildGroup(
  ctx: RunContext,
  sg: NodeStatus,
  group: WorkflowStep[],
  stepsNode: NodeStatus,
  stepsCache: StepsCache,
  tmplCtx: TemplateContext,
): GroupCache | undefined {
  const scope = stepsCache.scope;
  const entries: ChildEntry[] = [];
  const fail = (message: string) => {
    ctx.markPhase(sg, 'Error', message);
    return undefined;
  };
  const expanded: WorkflowStep[] = [];
  for (const raw of group) {
    let step: WorkflowStep;
    try {
      step = substituteJson(dropAbsentArguments(raw, scope.params), scope.params);
      if (!hasLoop(step) || !whenIsFalse(step)) step = resolveStepArtifacts(step, scope);
    } catch (e) {
      return fail(`failed to resolve references: ${errorMessage(e)}`);
    }
    if (!hasLoop(step)) {
      expanded.push(step);
      continue;
    }
    let items: ReturnType<typeof loopItems>;
    try {
      items = loopItems(step);
    } catch (e) {
      return fail(errorMessage(e));
    }
    if (items.length === 0) {
      const name = `${sg.name}.${step.name}`;
      if (!ctx.byName(name)) {
        const skipped = ctx.initNode({
          name,
          type: 'Skipped',
          phase: 'Skipped',
          boundaryID: stepsNode.id,
          templateScope: tmplCtx.scope,
          message: 'Skipped, empty params',
          nodeFlag: {},
          ...(step.template ? { templateName: step.template } : {}),
          ...(step.templateRef ? { templateRef: step.templateRef } : {}),
        });
        ctx.link(sg.id, skipped.id);
        ctx.addChild(sg, skipped.id);
      }
      continue;
    }
    try {
      for (const s of expandLoop(step, items, scope)) expanded.push(s);
    } catch (e) {
      return fail(errorMessage(e));
    }
  }
  const queue = new Queue<ChildEntry>();
  for (const step of expanded) {
    const name = `${sg.name}.${step.name}`;
    const entry: ChildEntry = { name, id: ctx.byName(name)?.id, step, done: false };
    entries.push(entry);
    if (step.when !== undefined && step.when !== '') {
      let proceed: boolean;
      try {
        proceed = evalWhen(step.when);
      } catch (e) {
        const msg = errorMessage(e);
        if (!ctx.byName(name)) {
          const n = ctx.initNode({
            name,
            type: 'Skipped',
            phase: 'Error',
            boundaryID: stepsNode.id,
            templateScope: tmplCtx.scope,
            message: msg,
            nodeFlag: {},
          });
          ctx.link(sg.id, n.id);
          ctx.addChild(sg, n.id);
        }
        return fail(msg);
      }
      if (!proceed) {
        if (!ctx.byName(name)) {
          const n = ctx.initNode({
            name,
            type: 'Skipped',
            phase: 'Skipped',
            boundaryID: stepsNode.id,
            templateScope: tmplCtx.scope,
            message: `when '${step.when}' evaluated false`,
            nodeFlag: {},
            ...(step.template ? { templateName: step.template } : {}),
            ...(step.templateRef ? { templateRef: step.templateRef } : {}),
          });
          ctx.link(sg.id, n.id);
          ctx.addChild(sg, n.id);
          entry.id = n.id;
        }
        entry.done = true;
        continue;
      }
    }
    const existing = entry.id === undefined ? undefined : ctx.nodes[entry.id];
    if (existing) {
      ctx.link(sg.id, existing.id);
      if (isFulfilledPhase(existing.phase)) ctx.markDirty(existing.id);
    } else queue.push(entry);
  }
  const pending = entries.filter((e) => !e.done).length;
  const byId = new Map<string, ChildEntry>();
  for (const e of entries) if (e.id !== undefined) byId.set(e.id, e);
  return { entries, byId, queue, pending };
}

function whenIsFalse(step: WorkflowStep): boolean {
  if (!step.when) return false;
  try {
    return !evalWhen(step.when);
  } catch {
    return false;
  }
}

/** Expands a loop step; a copy whose `item` cannot be resolved fails unless its `when` is false. */
function expandLoop(
  step: WorkflowStep,
  items: ReturnType<typeof loopItems>,
  scope: LocalScope,
): WorkflowStep[] {
  let copies: WorkflowStep[];
  try {
    copies = expandItems(step, items, scope.params, false);
  } catch (e) {
    const lenient = expandItems(step, items, scope.params, true);
    if (!lenient.every(whenIsFalse)) throw e;
    copies = lenient;
  }
  return copies.map((c) => (whenIsFalse(c) ? c : resolveStepArtifacts(c, scope)));
}
