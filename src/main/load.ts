/**
 * @module main/load
 * Everything a run needs from files: the workflow (linted, normalized, its workflowTemplateRef resolved),
 * the templates it may reference (`--templates DIR`, plus those in the same file) and the ConfigMaps it
 * may read (from the same file and the template directories).
 */

import type { ConfigMapLookup, TemplateLookup } from '../controller/options.ts';
import type { SourcePosition } from '../errors/index.ts';
import type { FieldPath } from '../spec/field-path.ts';
import { manifestFiles, readManifestFile } from '../spec/lint/manifest-files.ts';
import { loadTemplateIndex } from '../spec/load-templates.ts';
import { loadWorkflowFile } from '../spec/load-workflow-file.ts';
import type { Workflow } from '../spec/types.ts';
import { isArgoManifest, type LoadedDocument, parseManifests } from '../spec/yaml-load.ts';
import { configMapLookup } from './prepare.ts';

/** One Workflow of a file, with where its fields are written. */
export interface LoadedWorkflow {
  workflow: Workflow;
  /** Where a field of this workflow's document is written in its file (none for one made from a CronWorkflow). */
  locate: (path: FieldPath) => SourcePosition | undefined;
}

export interface LoadedRun {
  /** The file's first Workflow (`runs[0].workflow`). */
  workflow: Workflow;
  /** Every Workflow of the file with its own `locate`, in the file's order. */
  runs: LoadedWorkflow[];
  templates: TemplateLookup;
  configMaps: ConfigMapLookup;
}

export async function loadRun(file: string, templateDirs: readonly string[] = []): Promise<LoadedRun> {
  const index = templateDirs.length ? await loadTemplateIndex(templateDirs) : undefined;
  const loaded = await loadWorkflowFile(file, index ? { templates: index } : {});
  const support: LoadedDocument[] = [...loaded.others];
  if (templateDirs.length) {
    for (const f of await manifestFiles(templateDirs)) {
      for (const d of parseManifests(await readManifestFile(f), f))
        if (d.kind === 'ConfigMap') support.push(d);
    }
  }
  // The file's Workflow documents, in the order of its workflows (none when one came from a CronWorkflow).
  const docs = loaded.documents.filter((d) => isArgoManifest(d) && d.kind === 'Workflow');
  return {
    workflow: loaded.workflow,
    runs: loaded.workflows.map((workflow, i) => ({
      workflow,
      locate: (path: FieldPath) => docs[i]?.source.locate(path),
    })),
    templates: loaded.templates,
    configMaps: configMapLookup(support),
  };
}
