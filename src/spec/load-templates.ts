/**
 * @module spec/load-templates
 * Builds a TemplateIndex from files and directories (`--templates DIR`): every WorkflowTemplate and
 * ClusterWorkflowTemplate found is added; other documents are ignored. Unparsable YAML, or a template
 * with a field of the wrong type, is an error naming the file and line, since such a template cannot be
 * used. Unknown fields are left for `nuncio lint` to report, as Go's non-strict decoding ignores them.
 */
import { InvalidManifestError } from './diagnostic.ts';
import { decodes, shapeDiagnostics } from './lint/check-document.ts';
import { manifestFiles, readManifestFile } from './lint/manifest-files.ts';
import { normalize } from './normalize.ts';
import { TemplateIndex } from './template-index.ts';
import type { WorkflowTemplate } from './types.ts';
import { parseManifests } from './yaml-load.ts';

export async function loadTemplateIndex(
  paths: readonly string[],
  into = new TemplateIndex(),
): Promise<TemplateIndex> {
  for (const file of await manifestFiles(paths)) {
    for (const doc of parseManifests(await readManifestFile(file), file)) {
      if (doc.kind !== 'WorkflowTemplate' && doc.kind !== 'ClusterWorkflowTemplate') continue;
      if (!decodes(doc)) throw new InvalidManifestError(file, shapeDiagnostics(doc, true));
      into.add(normalize(doc.object) as unknown as WorkflowTemplate);
    }
  }
  return into;
}
