/**
 * @module cli/commands/workflow-ref
 * Finds the workflow a read verb names: by name in a namespace, or `@latest` for the most recently
 * created one, with Argo's not-found wording.
 */

import { NotFoundError } from '../../errors/index.ts';
import type { Workflow } from '../../spec/types.ts';
import type { WorkflowStore } from '../../store/store.ts';

export async function findWorkflow(store: WorkflowStore, namespace: string, name: string): Promise<Workflow> {
  let wf: Workflow | undefined;
  if (name === '@latest') {
    const rows = await store.listWorkflows({ namespace });
    const latest = [...rows].sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
    )[0];
    if (latest) wf = await store.getWorkflowByUid(latest.uid);
  } else wf = await store.getWorkflow(namespace, name);
  if (!wf) {
    throw new NotFoundError(`workflows.argoproj.io "${name}" not found`, {
      hint: `\`nuncio list -n ${namespace}\` shows the workflows kept in $NUNCIO_HOME`,
    });
  }
  return wf;
}
