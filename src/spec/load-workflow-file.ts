/**
 * @module spec/load-workflow-file
 * What `nuncio run FILE` needs from a file: read it, parse it, check every Argo manifest in it as
 * `argo lint` would (a SpecError carrying every diagnostic if anything is wrong), normalize, and resolve
 * `workflowTemplateRef`. (Cluster)WorkflowTemplates in the same file are available to references, as are
 * those in `templates`. ConfigMaps and other documents are returned as they are, for the runner.
 */
import { SpecError } from '../errors/index.ts';
import { type Diagnostic, InvalidManifestError } from './diagnostic.ts';
import { checkDocument, decodes, normalizedManifest } from './lint/check-document.ts';
import { readManifestFile, sourceName } from './lint/manifest-files.ts';
import { resolveWorkflow } from './resolve-workflow.ts';
import { TemplateIndex } from './template-index.ts';
import type { CronWorkflow, Manifest, Workflow, WorkflowTemplate } from './types.ts';
import { isArgoManifest, type LoadedDocument, parseManifests } from './yaml-load.ts';

export interface LoadedWorkflowFile {
  /** The file's first Workflow, normalized, with its workflowTemplateRef resolved. */
  workflow: Workflow;
  /** Every Workflow of the file, in order, prepared the same way. */
  workflows: Workflow[];
  /** The templates references were resolved against (the given ones plus the file's own). */
  templates: TemplateIndex;
  /** Documents of other kinds (ConfigMaps, PersistentVolumeClaims, ...), as written. */
  others: LoadedDocument[];
  /** Every non-empty document of the file, parsed. */
  documents: LoadedDocument[];
}

export interface LoadWorkflowOptions {
  templates?: TemplateIndex;
}

/** The Workflow a CronWorkflow would create now (Argo's ConvertCronWorkflowToWorkflow). */
export function workflowFromCron(cron: CronWorkflow, now = new Date()): Workflow {
  const name = cron.metadata?.name ?? 'cron';
  const meta = cron.spec.workflowMetadata ?? {};
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      generateName: `${name}-`,
      ...(cron.metadata?.namespace ? { namespace: cron.metadata.namespace } : {}),
      labels: { ...(meta.labels ?? {}), 'workflows.argoproj.io/cron-workflow': name },
      annotations: {
        ...(meta.annotations ?? {}),
        'workflows.argoproj.io/scheduled-time': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    },
    spec: structuredClone(cron.spec.workflowSpec),
  };
}

function isTemplate(m: Manifest): m is WorkflowTemplate {
  return m.kind === 'WorkflowTemplate' || m.kind === 'ClusterWorkflowTemplate';
}

export async function loadWorkflowFile(
  path: string,
  options: LoadWorkflowOptions = {},
): Promise<LoadedWorkflowFile> {
  const text = await readManifestFile(path);
  const name = sourceName(path);
  const documents = parseManifests(text, name);
  const argo = documents.filter(isArgoManifest).map((doc) => ({ doc, manifest: normalizedManifest(doc) }));
  const templates = options.templates?.clone() ?? new TemplateIndex();
  for (const { doc, manifest } of argo) if (isTemplate(manifest) && decodes(doc)) templates.add(manifest);

  const diagnostics: Diagnostic[] = [];
  for (const { doc, manifest } of argo) diagnostics.push(...checkDocument(doc, manifest, templates));
  if (diagnostics.length > 0) throw new InvalidManifestError(name, diagnostics);

  const workflows = argo
    .map((a) => a.manifest)
    .filter((m): m is Workflow => m.kind === 'Workflow')
    .map((wf) => resolveWorkflow(wf, templates));
  // a file with only a CronWorkflow runs it once now, as `argo submit --from cronwf/NAME` does
  if (!workflows.length) {
    const cron = argo.map((a) => a.manifest).find((m): m is CronWorkflow => m.kind === 'CronWorkflow');
    if (cron) workflows.push(resolveWorkflow(workflowFromCron(cron), templates));
  }
  const first = workflows[0];
  if (!first) {
    const found = argo.map((a) => `${a.doc.kind} "${a.doc.name}"`);
    throw new SpecError(`no Workflow in ${name}`, {
      position: documents[0]?.source.start() ?? { file: name, line: 1, column: 1 },
      hint: found.length
        ? `the file holds ${found.join(', ')}; a Workflow with spec.workflowTemplateRef runs a template`
        : 'the file holds no argoproj.io/v1alpha1 Workflow document',
    });
  }
  return {
    workflow: first,
    workflows,
    templates,
    others: documents.filter((d) => !isArgoManifest(d)),
    documents,
  };
}
