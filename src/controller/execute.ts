/**
 * @module controller/execute
 * `executeTemplate`: the one entry point that runs (or continues) any template as a node, as Argo's
 * operator does. It resolves the template, binds arguments, checks parallelism, wraps retried templates
 * in a Retry node, and dispatches on the template type to the handler table. It is idempotent: calling it
 * again for an existing node continues that node.
 */

import { applyTemplateDefaults } from '../spec/template-defaults.ts';
import type { Arguments, NodeStatus, NodeType, Template } from '../spec/types.ts';
import { isFulfilledPhase, templateType } from '../spec/types.ts';
import { processArgs } from './args.ts';
import type { RunContext } from './context.ts';
import { executeDAG } from './dag.ts';
import { type ExecOpts, errorMessage, holderFields, nodeError, type TemplateRun } from './exec-types.ts';
import { publishGlobalOutputs } from './globals.ts';
import { podName } from './names.ts';
import { checkParallelism } from './parallelism.ts';
import { executePod } from './pod.ts';
import { processRetries, retryLocals, retryStrategyOf } from './retry.ts';
import { executeSteps } from './steps.ts';
import { executeSuspend } from './suspend.ts';
import { acquireAll, lockRequests } from './sync.ts';
import { resolveTemplate, type TemplateContext, type TemplateHolder } from './templates.ts';
import { parseGoDuration, parseTime } from './time.ts';

type Handler = (ctx: RunContext, run: TemplateRun) => NodeStatus | undefined;

const handlers: Record<ReturnType<typeof templateType>, Handler | undefined> = {
  Container: executePod,
  Script: executePod,
  ContainerSet: executePod,
  Steps: executeSteps,
  DAG: executeDAG,
  Suspend: executeSuspend,
  Resource: undefined,
  Data: undefined,
  HTTP: undefined,
  Plugin: undefined,
  Unknown: undefined,
};

/** The node type a template produces (for nodes created in an error state). */
export function nodeTypeOf(tmpl: Template | undefined): NodeType {
  if (!tmpl) return 'Skipped';
  switch (templateType(tmpl)) {
    case 'Steps':
      return 'Steps';
    case 'DAG':
      return 'DAG';
    case 'Suspend':
      return 'Suspend';
    case 'HTTP':
      return 'HTTP';
    case 'Plugin':
      return 'Plugin';
    default:
      return 'Pod';
  }
}

/**
 * Runs or continues the node `nodeName` for the template `holder` refers to. Returns undefined when the
 * node could not be created yet (a parallelism limit); the caller retries when a slot frees.
 */
/**
 * Runs or continues the node `nodeName` for the template `holder` refers to. Returns undefined when the
 * node could not be created yet (a parallelism limit); the caller retries when a slot frees.
 */
export function executeTemplate(
  ctx: RunContext,
  nodeName: string,
  holder: TemplateHolder,
  tmplCtx: TemplateContext,
  args: Arguments | undefined,
  opts: ExecOpts,
): NodeStatus | undefined {
  const node = ctx.byName(nodeName);
  if (node && isFulfilledPhase(node.phase)) return node;
  // a started pod changes only through its task's result: nothing to do until then
  if (node?.type === 'Pod' && !node.synchronizationStatus && !ctx.lockGranted.has(node.id)) return node;
  const templateScope = tmplCtx.scope;

  let resolved: ReturnType<typeof resolveTemplate>;
  try {
    resolved = resolveTemplate(holder, tmplCtx, ctx.opts.templates, ctx.namespace);
  } catch (e) {
    return nodeError(
      ctx,
      node,
      nodeName,
      nodeTypeOf(undefined),
      holder,
      templateScope,
      opts,
      errorMessage(e),
    );
  }
  const base = applyTemplateDefaults(resolved.template, ctx.spec.templateDefaults);
  const type = nodeTypeOf(base);

  // Stopping or terminating: no new nodes, except exit handlers when stopping.
  if (!node && ctx.shutdown && (ctx.shutdown === 'Terminate' || !opts.onExitTemplate)) {
    return nodeError(
      ctx,
      undefined,
      nodeName,
      type,
      holder,
      templateScope,
      opts,
      `workflow shutdown with strategy:  ${ctx.shutdown}`,
    );
  }

  // a cheap check first: a node that may not start now is not worth binding its arguments
  if (!node && !base.memoize && !checkParallelism(ctx, base, undefined, opts.boundaryID)) {
    if (opts.parentId) ctx.waitingForSlot.add(opts.parentId);
    return undefined;
  }

  const isPod = type === 'Pod';
  const strategy = retryStrategyOf(ctx, base);
  const locals: Record<string, string> = { 'node.name': nodeName };
  if (isPod && !strategy) locals['pod.name'] = podName(ctx.name, nodeName, base.name ?? '');

  // Steps, DAG and Retry nodes are continued on many passes; their arguments are bound once
  let tmpl: Template;
  const processed = node ? ctx.processedTemplates.get(node.id) : undefined;
  if (processed) tmpl = processed;
  else {
    try {
      tmpl = processArgs(base, args, {
        globals: ctx.globalScope,
        locals,
        namespace: ctx.namespace,
        configMaps: ctx.opts.configMaps,
      });
    } catch (e) {
      return nodeError(ctx, node, nodeName, type, holder, templateScope, opts, errorMessage(e));
    }
  }

  let memoStatus: NodeStatus['memoizationStatus'];
  if (!node && tmpl.memoize) {
    const memo = tmpl.memoize;
    const cacheName = memo.cache?.configMap?.name ?? '';
    const entry = ctx.opts.memoCache?.get(ctx.namespace, cacheName, memo.key);
    let hit = entry !== undefined;
    if (entry && memo.maxAge) {
      const maxAge = parseGoDuration(memo.maxAge);
      if (maxAge === undefined) {
        const message = `invalid maxAge: time: invalid duration "${memo.maxAge}"`;
        return nodeError(ctx, undefined, nodeName, type, holder, templateScope, opts, message);
      }
      hit = ctx.now - (parseTime(entry.createdAt) ?? 0) <= maxAge;
    }
    memoStatus = { hit, key: memo.key, cacheName };
    if (hit && entry) {
      const cached = ctx.initNode({
        name: nodeName,
        type,
        phase: 'Succeeded',
        boundaryID: opts.boundaryID,
        templateScope,
        nodeFlag: opts.nodeFlag,
        ...holderFields(holder),
      });
      cached.outputs = structuredClone(entry.outputs);
      cached.memoizationStatus = memoStatus;
      if (opts.parentId) ctx.link(opts.parentId, cached.id);
      publishGlobalOutputs(ctx, cached.outputs);
      return cached;
    }
  }

  if (!node && !checkParallelism(ctx, tmpl, undefined, opts.boundaryID)) {
    if (opts.parentId) ctx.waitingForSlot.add(opts.parentId);
    return undefined;
  }
  if (node && (type === 'Steps' || type === 'DAG') && !checkParallelism(ctx, tmpl, node, opts.boundaryID)) {
    return node;
  }

  if (tmpl.synchronization && (!node || node.synchronizationStatus?.waiting)) {
    const waited = waitForLocks(ctx, node, nodeName, type, holder, templateScope, opts, tmpl);
    if (waited) return waited;
  }

  let runName = nodeName;
  let runOpts = opts;
  let retryNode: NodeStatus | undefined;
  if (strategy) {
    retryNode = node;
    if (!retryNode) {
      retryNode = ctx.initNode({
        name: nodeName,
        type: 'Retry',
        phase: 'Running',
        boundaryID: opts.boundaryID,
        templateScope,
        nodeFlag: opts.nodeFlag,
        ...holderFields(holder),
      });
      if (tmpl.inputs && (tmpl.inputs.parameters?.length || tmpl.inputs.artifacts?.length)) {
        retryNode.inputs = structuredClone(tmpl.inputs);
      }
      if (opts.parentId) ctx.link(opts.parentId, retryNode.id);
    }
    const decision = processRetries(ctx, retryNode, strategy);
    if (decision.kind === 'wait' || decision.kind === 'done') return retryNode;
    runOpts = {
      ...opts,
      parentId: retryNode.id,
      nodeFlag: { ...(opts.nodeFlag ?? {}), retried: true },
    };
    if (decision.kind === 'continue') {
      runName = decision.attempt.name;
      // the attempt was bound with its own `retries`; keep that binding
      tmpl = ctx.processedTemplates.get(decision.attempt.id) ?? tmpl;
    } else {
      // A new attempt: `(N)` suffix, its own pod name and `retries` / `lastRetry.*` in scope.
      runName = `${nodeName}(${decision.attempts})`;
      const attemptLocals: Record<string, string> = { ...retryLocals(ctx, retryNode, decision.attempts) };
      if (isPod) attemptLocals['pod.name'] = podName(ctx.name, runName, base.name ?? '');
      attemptLocals['node.name'] = runName;
      try {
        tmpl = processArgs(base, args, {
          globals: ctx.globalScope,
          locals: attemptLocals,
          namespace: ctx.namespace,
          configMaps: ctx.opts.configMaps,
        });
      } catch (e) {
        const failed = nodeError(
          ctx,
          undefined,
          runName,
          type,
          holder,
          templateScope,
          runOpts,
          errorMessage(e),
        );
        ctx.addChild(retryNode, failed.id);
        return finishRetry(ctx, retryNode, strategy);
      }
    }
  }

  const handler = handlers[templateType(tmpl)];
  let result: NodeStatus | undefined;
  if (!handler) {
    result = nodeError(
      ctx,
      ctx.byName(runName),
      runName,
      type,
      holder,
      templateScope,
      runOpts,
      `templates of type ${templateType(tmpl)} are not supported by this executor`,
    );
  } else {
    try {
      result = handler(ctx, {
        nodeName: runName,
        holder,
        tmpl,
        tmplCtx: resolved.context,
        templateScope,
        opts: runOpts,
      });
    } catch (e) {
      result = nodeError(
        ctx,
        ctx.byName(runName),
        runName,
        type,
        holder,
        templateScope,
        runOpts,
        errorMessage(e),
      );
    }
  }
  const shown = retryNode ?? result;
  if (shown) applyDisplayName(ctx, shown, tmpl);
  if (shown && shown.type !== 'Pod' && !processed && !retryNode && !isFulfilledPhase(shown.phase)) {
    ctx.processedTemplates.set(shown.id, tmpl);
  }
  if (shown && memoStatus && !shown.memoizationStatus) {
    shown.memoizationStatus = memoStatus;
    ctx.touch(shown);
  }
  if (retryNode && result) {
    if (result.type !== 'Pod' && !isFulfilledPhase(result.phase)) ctx.processedTemplates.set(result.id, tmpl);
    ctx.addChild(retryNode, result.id);
    if (isFulfilledPhase(result.phase)) return finishRetry(ctx, retryNode, strategy!);
    return retryNode;
  }
  return result;
}

/**
 * Template-level synchronization: the node must hold every lock before it runs. While it waits it exists
 * in phase Pending with `synchronizationStatus.waiting` and Argo's message; once granted, its handler
 * starts it. Returns the waiting node, or undefined when the node may run.
 */
function waitForLocks(
  ctx: RunContext,
  node: NodeStatus | undefined,
  nodeName: string,
  type: NodeType,
  holder: TemplateHolder,
  templateScope: string,
  opts: ExecOpts,
  tmpl: Template,
): NodeStatus | undefined {
  const id = node?.id ?? ctx.idOf(nodeName);
  let result: ReturnType<typeof acquireAll>;
  try {
    result = acquireAll(ctx, ctx.lockHolder(id), lockRequests(ctx, tmpl.synchronization!));
  } catch (e) {
    return nodeError(ctx, node, nodeName, type, holder, templateScope, opts, errorMessage(e));
  }
  if (result.ok) {
    ctx.lockHolders.add(id);
    ctx.waitingForLock.delete(id);
    if (node) {
      delete node.synchronizationStatus;
      delete node.message;
      ctx.touch(node);
      ctx.lockGranted.add(id);
    }
    return undefined;
  }
  if (!node) {
    node = ctx.initNode({
      name: nodeName,
      type,
      phase: 'Pending',
      boundaryID: opts.boundaryID,
      templateScope,
      nodeFlag: opts.nodeFlag,
      message: result.message,
      ...holderFields(holder),
    });
    if (opts.parentId) ctx.link(opts.parentId, node.id);
  } else if (node.message !== result.message) {
    node.message = result.message;
    ctx.touch(node);
  }
  node.synchronizationStatus = { waiting: result.key };
  ctx.waitingForLock.add(node.id);
  return node;
}

const displayNameKey = 'workflows.argoproj.io/display-name';
const validDisplayName = /^[a-zA-Z0-9][a-zA-Z0-9-.]{0,61}[a-zA-Z0-9]$/;

/** The template annotation `workflows.argoproj.io/display-name` (substituted) names the node. */
function applyDisplayName(ctx: RunContext, node: NodeStatus, tmpl: Template): void {
  const name = tmpl.annotations?.[displayNameKey] ?? tmpl.metadata?.annotations?.[displayNameKey];
  if (!name || node.displayName === name) return;
  if (!validDisplayName.test(name)) {
    ctx.markPhase(node, 'Error', `invalid display name '${name}': it must match ${validDisplayName.source}`);
    return;
  }
  node.displayName = name;
  ctx.touch(node);
}

/** Re-evaluates a Retry node right after an attempt ended (so a final failure is decided this pass). */
function finishRetry(
  ctx: RunContext,
  retryNode: NodeStatus,
  strategy: NonNullable<ReturnType<typeof retryStrategyOf>>,
): NodeStatus {
  processRetries(ctx, retryNode, strategy);
  if (!isFulfilledPhase(retryNode.phase)) ctx.markDirty(retryNode.id);
  return retryNode;
}
