/**
 * @module controller/suspend
 * Suspend templates: the node waits for a resume (or `nuncio node set` / the `/set` API for supplied
 * outputs), or resumes by itself after `duration` (a number of seconds or a Go duration). Outputs whose
 * value is not supplied take their `valueFrom.default`.
 */

import type { NodeStatus, Outputs } from '../spec/types.ts';
import type { RunContext } from './context.ts';
import type { TemplateRun } from './exec-types.ts';
import { parseSecondsOrDuration, parseTime } from './time.ts';

export function executeSuspend(ctx: RunContext, run: TemplateRun): NodeStatus {
  let node = ctx.byName(run.nodeName);
  const { tmpl, opts } = run;
  if (!node) {
    node = ctx.initNode({
      name: run.nodeName,
      type: 'Suspend',
      phase: 'Pending',
      boundaryID: opts.boundaryID,
      templateScope: run.templateScope,
      nodeFlag: opts.nodeFlag,
      ...(run.holder.template ? { templateName: run.holder.template } : {}),
      ...(run.holder.templateRef ? { templateRef: run.holder.templateRef } : {}),
    });
    if (tmpl.inputs && (tmpl.inputs.parameters?.length || tmpl.inputs.artifacts?.length)) {
      node.inputs = structuredClone(tmpl.inputs);
    }
    if (tmpl.outputs?.parameters?.length) {
      node.outputs = { parameters: tmpl.outputs.parameters.map((p) => ({ ...p })) };
    }
    if (opts.parentId) ctx.link(opts.parentId, node.id);
  }
  ctx.lockGranted.delete(node.id);
  const duration = tmpl.suspend?.duration;
  if (duration !== undefined && duration !== '') {
    const started = parseTime(node.startedAt) ?? ctx.now;
    const until = started + parseSecondsOrDuration(duration, 'suspend.duration');
    if (ctx.now >= until) {
      applyOutputDefaults(node.outputs);
      ctx.touch(node);
      ctx.markPhase(node, 'Succeeded');
      return node;
    }
    ctx.setTimer(node.id, until);
  }
  if (ctx.workflowDeadline !== undefined) ctx.setTimer(node.id, ctx.workflowDeadline);
  ctx.markPhase(node, 'Running');
  return node;
}

/** Output parameters without a value take `valueFrom.default` (Argo's OverrideOutputParametersWithDefault). */
export function applyOutputDefaults(outputs: Outputs | undefined): void {
  for (const p of outputs?.parameters ?? []) {
    if (p.value === undefined && p.valueFrom?.default !== undefined) p.value = p.valueFrom.default;
  }
}
