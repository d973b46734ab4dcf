/**
 * @module controller/parallelism
 * Argo's checkParallelism: workflow `parallelism` (pods), template `parallelism` (active children of a
 * steps/DAG invocation) and template `failFast`. A node that may not start now is simply not created; its
 * parent is woken when a slot frees (RunContext.waitingForSlot).
 */

import type { NodeStatus, Template } from '../spec/types.ts';
import type { RunContext } from './context.ts';

export const failFastMessage = 'template has failed or errored children and failFast enabled';

function get(m: Map<string, number>, k: string): number {
  return m.get(k) ?? 0;
}

/** Marks a failFast steps/DAG node Failed once none of its children is active. */
function failFast(ctx: RunContext, boundary: NodeStatus, tmpl: Template): void {
  if (get(ctx.activeChildren, boundary.id) > 0) return;
  if (tmpl.steps) {
    // the last started step group fails with it
    for (let i = tmpl.steps.length - 1; i >= 0; i--) {
      const sg = ctx.byName(`${boundary.name}[${i}]`);
      if (sg) {
        if (sg.phase === 'Running' || sg.phase === 'Pending') ctx.markPhase(sg, 'Failed', failFastMessage);
        break;
      }
    }
  }
  ctx.markPhase(boundary, 'Failed', failFastMessage);
}

/**
 * True when the node may be created (or, for an existing steps/DAG node, continue). When it returns false
 * for a new node, the caller registers itself in `waitingForSlot` to be woken when a slot frees.
 */
export function checkParallelism(
  ctx: RunContext,
  tmpl: Template,
  node: NodeStatus | undefined,
  boundaryID: string | undefined,
): boolean {
  const limit = ctx.spec.parallelism ?? ctx.opts.parallelism;
  if (!node && limit !== undefined && ctx.activePods >= limit) return false;
  if (node && (tmpl.steps || tmpl.dag)) {
    if (tmpl.failFast && get(ctx.failedChildren, node.id) > 0) {
      failFast(ctx, node, tmpl);
      return false;
    }
    if (tmpl.parallelism !== undefined && get(ctx.activePodsIn, node.id) >= tmpl.parallelism) return false;
  }
  if (boundaryID && (!node || (node.phase !== 'Pending' && node.phase !== 'Running'))) {
    const boundary = ctx.nodes[boundaryID];
    const btmpl = ctx.boundaryTemplates.get(boundaryID);
    if (boundary && btmpl) {
      if (btmpl.failFast && get(ctx.failedChildren, boundaryID) > 0) {
        failFast(ctx, boundary, btmpl);
        return false;
      }
      if (btmpl.parallelism !== undefined && get(ctx.activeChildren, boundaryID) >= btmpl.parallelism)
        return false;
    }
  }
  return true;
}
