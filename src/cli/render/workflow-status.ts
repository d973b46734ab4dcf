/**
 * @module cli/render/workflow-status
 * The STATUS word of `argo get` and `argo list` (Argo's `printer.WorkflowStatus`): the phase, except
 * `Running (Suspended)` while the workflow is suspended (spec.suspend, or a suspend node waiting),
 * `Failed (Terminated)` for a failed workflow that was stopped or terminated, and `Pending` (or `Unknown`
 * when not even created) for a workflow with no phase yet.
 */

import type { NodeStatus, Workflow, WorkflowPhase } from '../../spec/types.ts';

/** A suspend node that is waiting for resume (Argo's `IsActiveSuspendNode`). */
export function isActiveSuspendNode(node: NodeStatus): boolean {
  return node.type === 'Suspend' && node.phase === 'Running';
}

export function isWorkflowSuspended(wf: Workflow): boolean {
  if (wf.spec.suspend === true) return true;
  return Object.values(wf.status?.nodes ?? {}).some(isActiveSuspendNode);
}

export interface StatusFacts {
  phase: WorkflowPhase;
  created: boolean;
  suspended: boolean;
  shutdown: boolean;
}

export function statusText(facts: StatusFacts): string {
  switch (facts.phase) {
    case 'Running':
      return facts.suspended ? 'Running (Suspended)' : 'Running';
    case 'Failed':
      return facts.shutdown ? 'Failed (Terminated)' : 'Failed';
    case '':
    case 'Pending':
      return facts.created ? 'Pending' : 'Unknown';
    default:
      return facts.phase;
  }
}

export function workflowStatusText(wf: Workflow): string {
  return statusText({
    phase: wf.status?.phase ?? '',
    created: !!wf.metadata.creationTimestamp,
    suspended: isWorkflowSuspended(wf),
    shutdown: !!wf.spec.shutdown,
  });
}
