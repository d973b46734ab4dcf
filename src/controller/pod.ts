/**
 * @module controller/pod
 * Pod nodes: a container, script or containerSet template becomes one node of type Pod and one task for
 * the emissary; the task's result is merged back into the node (phase, message, outputs, exit code) and
 * published to the workflow's global outputs where `globalName` asks for it.
 */

import { parseProgress } from '../spec/progress.ts';
import type { NodeStatus, Outputs, Parameter } from '../spec/types.ts';
import type { RunContext } from './context.ts';
import type { TemplateRun } from './exec-types.ts';
import { publishGlobalOutputs } from './globals.ts';
import { podName } from './names.ts';
import type { TaskResult } from './ports.ts';
import { buildTask } from './task-builder.ts';
import { parseGoDuration, parseTime } from './time.ts';

/** What a pod node needs to remember until its task reports back. */
interface PodCache {
  outputs: Outputs | undefined;
}

const podDeadlineMessage = 'Pod was active on the node longer than the specified deadline';
export const workflowDeadlineMessage = 'Step exceeded its deadline';

export function executePod(ctx: RunContext, run: TemplateRun): NodeStatus {
  const existing = ctx.byName(run.nodeName);
  // an existing node is running already, unless it waited for a lock and was just granted it
  if (existing && !ctx.lockGranted.delete(existing.id)) return existing;
  const { tmpl, opts } = run;
  const node =
    existing ??
    ctx.initNode({
      name: run.nodeName,
      type: 'Pod',
      phase: 'Pending',
      boundaryID: opts.boundaryID,
      templateScope: run.templateScope,
      nodeFlag: opts.nodeFlag,
      ...(run.holder.template ? { templateName: run.holder.template } : {}),
      ...(run.holder.templateRef ? { templateRef: run.holder.templateRef } : {}),
    });
  if (!run.holder.template && !run.holder.templateRef && tmpl.name) node.templateName = tmpl.name;
  if (tmpl.inputs && (tmpl.inputs.parameters?.length || tmpl.inputs.artifacts?.length)) {
    node.inputs = structuredClone(tmpl.inputs);
  }
  if (opts.parentId) ctx.link(opts.parentId, node.id);
  ctx.caches.set(node.id, { outputs: tmpl.outputs } satisfies PodCache);

  const started = parseTime(node.startedAt) ?? ctx.now;
  let deadline: number | undefined;
  let deadlineMessage: string | undefined;
  const consider = (at: number | undefined, message: string) => {
    if (at !== undefined && (deadline === undefined || at < deadline)) {
      deadline = at;
      deadlineMessage = message;
    }
  };
  if (tmpl.activeDeadlineSeconds !== undefined) {
    const s = Number(tmpl.activeDeadlineSeconds);
    if (!Number.isNaN(s)) consider(started + s * 1000, podDeadlineMessage);
  }
  if (tmpl.timeout) {
    const d = parseGoDuration(tmpl.timeout);
    if (d !== undefined) consider(started + d, podDeadlineMessage);
  }
  if (!opts.onExitTemplate) consider(ctx.workflowDeadline, workflowDeadlineMessage);

  const task = buildTask({
    workflow: { uid: ctx.wf.metadata.uid ?? '', name: ctx.name, namespace: ctx.namespace },
    spec: ctx.spec,
    tmpl,
    nodeId: node.id,
    nodeName: node.name,
    podName: podName(ctx.name, node.name, tmpl.name ?? ''),
    captureResult: opts.captureResult === true,
    deadline,
    deadlineMessage,
    terminationGracePeriodMs: ctx.opts.terminationGracePeriodMs ?? 30_000,
    repository: ctx.repository,
    executorDefaults: ctx.opts.executor,
    configMaps: ctx.opts.configMaps,
    ...(ctx.opts.host ? { host: ctx.opts.host } : {}),
  });
  ctx.actions.push({ type: 'start-task', task });
  if (tmpl.containerSet) initContainerNodes(ctx, node, tmpl.containerSet.containers);
  return node;
}

/**
 * A containerSet pod has one Container node per container, `<pod node>.<container>`, inside the pod's
 * boundary; edges follow the containers' `dependencies`.
 */
function initContainerNodes(
  ctx: RunContext,
  pod: NodeStatus,
  containers: { name?: string; dependencies?: string[] }[],
): void {
  for (const c of containers) {
    const name = c.name ?? 'main';
    const n = ctx.initNode({
      name: `${pod.name}.${name}`,
      type: 'Container',
      phase: 'Pending',
      boundaryID: pod.id,
      templateScope: pod.templateScope,
      ...(pod.templateName ? { templateName: pod.templateName } : {}),
    });
    ctx.link(pod.id, n.id);
    if (!c.dependencies?.length) ctx.addChild(pod, n.id);
  }
  for (const c of containers) {
    for (const d of c.dependencies ?? []) {
      const dep = ctx.byName(`${pod.name}.${d}`);
      if (dep) ctx.addChild(dep, ctx.idOf(`${pod.name}.${c.name ?? 'main'}`));
    }
  }
}

function containerNodes(ctx: RunContext, pod: NodeStatus): NodeStatus[] {
  const out: NodeStatus[] = [];
  const seen = new Set<string>();
  const stack = [...(pod.children ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = ctx.nodes[id];
    if (n?.type !== 'Container' || n.boundaryID !== pod.id) continue;
    out.push(n);
    stack.push(...(n.children ?? []));
  }
  return out;
}

/** The emissary says the task started: Pending → Running. */
export function applyTaskStarted(ctx: RunContext, node: NodeStatus, at: string): void {
  for (const c of containerNodes(ctx, node)) if (c.phase === 'Pending') ctx.markPhase(c, 'Running');
  if (node.phase === 'Pending') {
    ctx.markPhase(node, 'Running');
    if (at && node.startedAt !== at) {
      node.startedAt = at;
      ctx.touch(node);
    }
  }
}

/**
 * The step reported its own progress: the Pod node carries it (and the sums above count it) until the
 * node completes. Anything but a valid `N/M` is ignored, as Argo's executor ignores it.
 */
export function applyTaskProgress(ctx: RunContext, node: NodeStatus, progress: string): void {
  if (parseProgress(progress) === undefined || node.progress === progress) return;
  node.progress = progress;
  ctx.progress.changed(node);
  ctx.touch(node);
}

/** Merges a task result into its Pod node. */
export function applyTaskResult(ctx: RunContext, node: NodeStatus, result: TaskResult): void {
  const cache = ctx.caches.get(node.id) as PodCache | undefined;
  ctx.caches.delete(node.id);
  const outputs: Outputs = {};
  const values = new Map((result.outputs?.parameters ?? []).map((p) => [p.name, p.value]));
  const declared = cache?.outputs?.parameters;
  if (declared?.length) {
    outputs.parameters = declared
      .filter((p) => values.has(p.name) || p.valueFrom?.default !== undefined)
      .map((p): Parameter => {
        const v = values.get(p.name) ?? p.valueFrom?.default;
        return v === undefined ? { ...p } : { ...p, value: v };
      });
  } else if (values.size) {
    outputs.parameters = [...values].map(([name, value]) => ({ name, value }));
  }
  if (result.outputs?.artifacts?.length) outputs.artifacts = result.outputs.artifacts;
  if (result.outputs?.result !== undefined) outputs.result = result.outputs.result;
  if (result.exitCode !== undefined) outputs.exitCode = String(result.exitCode);
  if (Object.keys(outputs).length) node.outputs = outputs;
  if (result.startedAt && node.phase === 'Pending') node.startedAt = result.startedAt;
  node.finishedAt = result.finishedAt;
  ctx.touch(node);
  for (const c of containerNodes(ctx, node)) {
    const r = result.containers?.[c.displayName];
    if (r?.startedAt) c.startedAt = r.startedAt;
    if (r?.finishedAt) c.finishedAt = r.finishedAt;
    if (r?.exitCode !== undefined) c.outputs = { exitCode: String(r.exitCode) };
    // a container that never ran (a dependency failed) ends with the pod
    const phase = r?.phase ?? (result.phase === 'Succeeded' ? 'Succeeded' : 'Failed');
    ctx.markPhase(c, phase, r?.message ?? '');
    if (!c.message) delete c.message;
  }
  ctx.markPhase(node, result.phase, result.message ?? '');
  if (!node.message) delete node.message;
  if (node.outputs) publishGlobalOutputs(ctx, node.outputs);
}
