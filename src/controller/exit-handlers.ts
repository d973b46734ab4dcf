/**
 * @module controller/exit-handlers
 * Exit handlers and lifecycle hooks of steps and tasks (Argo's exit_handler.go, hooks.go): `onExit` (or
 * the `exit` hook; `onExit` wins) runs as `<node>.onExit` once the node completed; other hooks run as
 * `<node>.hooks.<name>` once their expression is true. Both are children of the node, in its boundary,
 * flagged `hooked`, and see the node's outputs under `steps.<name>` / `tasks.<name>`.
 */

import { evaluate, substituteJson } from '../expressions/index.ts';
import type { Arguments, LifecycleHook, NodeStatus, StepOrTask } from '../spec/types.ts';
import { isFulfilledPhase } from '../spec/types.ts';
import type { RunContext } from './context.ts';
import { lastAttempt } from './graph.ts';
import { resolveStepArtifacts } from './references.ts';
import { addNodeToScope, addOutputsToScope, LocalScope } from './scope.ts';
import type { TemplateContext } from './templates.ts';

export function exitHookOf(s: {
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
}): LifecycleHook | undefined {
  if (s.onExit) return { template: s.onExit };
  return s.hooks?.exit;
}

/** The outputs the hook may see: a Retry node's are those of its last attempt. */
function outputsOf(ctx: RunContext, node: NodeStatus): NodeStatus['outputs'] {
  return lastAttempt(ctx, node).outputs ?? node.outputs;
}

/** Argo's resolveExitTmplArgument: hook arguments with the node's outputs under `prefix`. */
function resolveHookArgs(
  ctx: RunContext,
  args: Arguments | undefined,
  prefix: string,
  node: NodeStatus,
  scope: LocalScope | undefined,
): Arguments | undefined {
  if (!args || (!args.parameters?.length && !args.artifacts?.length)) return args;
  const local = new LocalScope(scope?.params ?? ctx.globalScope, ctx.globalArtifacts);
  if (scope) for (const [k, v] of scope.artifacts) local.artifacts.set(k, v);
  addOutputsToScope(local, prefix, outputsOf(ctx, node));
  const substituted = substituteJson(args, local.params);
  return resolveStepArtifacts({ name: '', arguments: substituted }, local).arguments;
}

/** Runs (or continues) the exit handler of a completed step/task; undefined when it has none. */
export function runExitHandler(
  ctx: RunContext,
  step: StepOrTask,
  node: NodeStatus,
  boundaryID: string,
  tmplCtx: TemplateContext,
  prefix: string,
  scope: LocalScope | undefined,
): NodeStatus | undefined {
  const hook = exitHookOf(step);
  if (!hook || ctx.shutdown === 'Terminate') return undefined;
  const name = `${node.name}.onExit`;
  let args: Arguments | undefined;
  try {
    args = resolveHookArgs(ctx, hook.arguments, prefix, node, scope);
  } catch {
    args = hook.arguments;
  }
  const exitNode = ctx.execute(
    ctx,
    name,
    { template: hook.template, templateRef: hook.templateRef },
    tmplCtx,
    args,
    { boundaryID, parentId: node.id, onExitTemplate: true, nodeFlag: { hooked: true } },
  );
  if (exitNode) ctx.addChild(node, exitNode.id);
  return exitNode;
}

/** Every lifecycle hook node a step/task started has finished (its group waits for them). */
export function hooksFulfilled(ctx: RunContext, node: NodeStatus): boolean {
  const prefix = `${node.name}.hooks.`;
  for (const id of node.children ?? []) {
    const c = ctx.nodes[id];
    if (c?.nodeFlag?.hooked && c.name.startsWith(prefix) && !isFulfilledPhase(c.phase)) return false;
  }
  return true;
}

/** Runs the non-exit hooks of a step/task whose expression is true (each at most once). */
export function runLifecycleHooks(
  ctx: RunContext,
  step: StepOrTask,
  node: NodeStatus,
  boundaryID: string,
  tmplCtx: TemplateContext,
  prefix: string,
  scope: LocalScope | undefined,
): void {
  if (!step.hooks || ctx.shutdown) return;
  const local = new LocalScope(scope?.params ?? ctx.globalScope, ctx.globalArtifacts);
  addNodeToScope(local, prefix, node);
  for (const [hookName, hook] of Object.entries(step.hooks)) {
    if (hookName === 'exit' || !hook.expression) continue;
    const name = `${node.name}.hooks.${hookName}`;
    const existing = ctx.byName(name);
    let fire = !!existing;
    if (!fire) {
      try {
        fire = evaluate(hook.expression, local.params) === true;
      } catch {
        fire = false;
      }
    }
    if (!fire) continue;
    let args: Arguments | undefined;
    try {
      args = resolveHookArgs(ctx, hook.arguments, prefix, node, local);
    } catch {
      args = hook.arguments;
    }
    const hookNode = ctx.execute(
      ctx,
      name,
      { template: hook.template, templateRef: hook.templateRef },
      tmplCtx,
      args,
      { boundaryID, parentId: node.id, nodeFlag: { hooked: true } },
    );
    if (hookNode) ctx.addChild(node, hookNode.id);
  }
}
