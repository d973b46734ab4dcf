/**
 * @module spec/resolve-workflow
 * `spec.workflowTemplateRef`: a Workflow that runs a (Cluster)WorkflowTemplate. As in Argo, the
 * Workflow's own spec is laid over the template's (its fields win, arguments merge by name) and the
 * result is kept in `status.storedWorkflowTemplateSpec`; `spec` stays as submitted. `execSpec` gives the
 * spec to execute either way.
 */
import { NotFoundError } from '../errors/index.ts';
import { strategicMerge } from './strategic-merge.ts';
import { missingOwnerMessage, type TemplateIndex } from './template-index.ts';
import type { Workflow, WorkflowSpec } from './types.ts';

/** The Workflow with its workflowTemplateRef resolved; a Workflow without one is returned unchanged. */
export function resolveWorkflow(wf: Workflow, index: TemplateIndex): Workflow {
  const ref = wf.spec?.workflowTemplateRef;
  if (!ref) return wf;
  const namespace = wf.metadata?.namespace;
  const owner = index.get(ref.name, !!ref.clusterScope, namespace);
  if (!owner) {
    throw new NotFoundError(missingOwnerMessage(ref.name, !!ref.clusterScope, namespace), {
      path: 'spec.workflowTemplateRef',
      hint: 'load the template with --templates DIR, or put it in the same file',
    });
  }
  const merged = strategicMerge(owner.spec ?? {}, wf.spec) as WorkflowSpec;
  // Argo keeps the workflow's own `suspend` even when the template sets one.
  if (wf.spec.suspend === undefined) delete merged.suspend;
  else merged.suspend = wf.spec.suspend;
  return {
    ...wf,
    status: { ...(wf.status ?? { phase: '' }), storedWorkflowTemplateSpec: merged },
  };
}

/** The spec a workflow executes: the stored, merged one when it came from a template (Argo's GetExecSpec). */
export function execSpec(wf: Workflow): WorkflowSpec {
  return wf.status?.storedWorkflowTemplateSpec ?? wf.spec;
}
