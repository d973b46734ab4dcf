/**
 * @module controller/graph
 * Outbound nodes (Argo's getOutboundNodes): the nodes a following step group or dependent task hangs
 * under. Pod, Skipped, Suspend, HTTP and Plugin nodes are their own; a Retry node's is its last attempt;
 * a TaskGroup's are its children's; Steps and DAG nodes keep theirs in `outboundNodes`.
 */

import type { NodeStatus } from '../spec/types.ts';
import type { RunContext } from './context.ts';

export function outboundNodes(ctx: RunContext, id: string): string[] {
  const node = ctx.nodes[id];
  if (!node) return [];
  switch (node.type) {
    case 'Pod': {
      // a containerSet pod: its leaf Container nodes
      const containers = (node.children ?? []).filter((c) => ctx.nodes[c]?.type === 'Container');
      if (!containers.length) return [node.id];
      const leaves: string[] = [];
      const seen = new Set<string>();
      const stack = [...containers];
      while (stack.length) {
        const id = stack.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        const kids = (ctx.nodes[id]?.children ?? []).filter((c) => ctx.nodes[c]?.type === 'Container');
        if (kids.length) stack.push(...kids);
        else leaves.push(id);
      }
      return leaves.sort();
    }
    case 'Skipped':
    case 'Suspend':
    case 'HTTP':
    case 'Plugin':
    case 'Container':
      return [node.id];
    case 'TaskGroup': {
      if (!node.children?.length) return [node.id];
      const out: string[] = [];
      for (const c of node.children) out.push(...outboundNodes(ctx, c));
      return out;
    }
    case 'Retry': {
      // the last child, as Argo takes it (an exit handler of the retried step included)
      const last = node.children?.[node.children.length - 1];
      if (last) return [last];
      break;
    }
  }
  const out: string[] = [];
  for (const o of node.outboundNodes ?? []) out.push(...outboundNodes(ctx, o));
  return out;
}

/** A Retry node's last attempt (hook nodes excluded); any other node is itself. */
export function lastAttempt(ctx: RunContext, node: NodeStatus): NodeStatus {
  if (node.type !== 'Retry') return node;
  const ids = (node.children ?? []).filter((id) => !ctx.nodes[id]?.nodeFlag?.hooked);
  const last = ids.length ? ctx.nodes[ids[ids.length - 1]!] : undefined;
  return last ?? node;
}
