/**
 * @module spec/validate/validate-manifest
 * The semantic checks of `argo lint` for one manifest (Argo's validate.Workflow, WorkflowTemplate,
 * ClusterWorkflowTemplate and CronWorkflow), run after the manifest decoded cleanly. Returns the first
 * problem, with Argo's message and the place it points at; `undefined` when the manifest is valid.
 */
import type { FieldPath } from '../field-path.ts';
import type { TemplateIndex } from '../template-index.ts';
import type { CronWorkflow, Manifest, Workflow, WorkflowSpec, WorkflowTemplate } from '../types.ts';
import { Invalid, type Loc } from './context.ts';
import { validateCron } from './validate-cron.ts';
import { maxNameLength, type Subject, validateWorkflow } from './validate-workflow.ts';

export interface ManifestProblem {
  message: string;
  /** Path in the manifest the problem points at. */
  path: FieldPath;
}

/**
 * Validates a decoded, normalized manifest. `index` holds the templates references may point to;
 * `submit` applies the stricter rules of a submission (workflow arguments need values).
 */
export function validateManifest(
  manifest: Manifest,
  index: TemplateIndex,
  options: { submit?: boolean } = {},
): ManifestProblem | undefined {
  try {
    check(manifest, index, options.submit ?? false);
    return undefined;
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return { message: e.message, path: e.loc.doc === manifest ? e.loc.path : [] };
  }
}

function check(manifest: Manifest, index: TemplateIndex, submit: boolean): void {
  const meta = manifest.metadata ?? {};
  const name = meta.name ?? '';
  const at = (...path: (string | number)[]): Loc => ({ doc: manifest, path });
  const subject = (
    spec: WorkflowSpec,
    specPath: FieldPath,
    labels = meta.labels,
    annotations = meta.annotations,
  ): Subject => ({
    doc: manifest,
    specPath,
    spec: spec ?? {},
    name,
    namespace: meta.namespace ?? '',
    labels: labels ?? {},
    annotations: annotations ?? {},
  });
  switch (manifest.kind) {
    case 'Workflow':
      validateWorkflow(
        subject((manifest as Workflow).spec, ['spec']),
        index,
        {
          lint: !submit,
          workflowTemplateValidation: false,
          ignoreEntrypoint: false,
        },
        submit,
      );
      return;
    case 'WorkflowTemplate':
    case 'ClusterWorkflowTemplate': {
      const what = manifest.kind === 'WorkflowTemplate' ? 'workflow template' : 'cluster workflow template';
      if (name.length > maxNameLength) {
        throw new Invalid(
          `${what} name ${JSON.stringify(name)} must not be more than ${maxNameLength} characters long (currently ${name.length})`,
          at('metadata', 'name'),
        );
      }
      const spec = (manifest as WorkflowTemplate).spec ?? {};
      validateWorkflow(
        subject(spec, ['spec']),
        index,
        {
          lint: !submit,
          workflowTemplateValidation: true,
          ignoreEntrypoint: !spec.entrypoint,
        },
        submit,
      );
      return;
    }
    case 'CronWorkflow':
      validateCron(manifest as CronWorkflow, index, subject);
      return;
  }
}
