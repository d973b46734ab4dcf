/**
 * @module spec/lint/lint-paths
 * `nuncio lint`: lints files and directories as `argo lint --offline` does. Every
 * (Cluster)WorkflowTemplate found in the given paths (and in `templates`, if given) is available to
 * references from every file, so cross-file `templateRef`s and `workflowTemplateRef`s resolve.
 * Documents of other kinds (ConfigMaps, WorkflowEventBindings, ...) are skipped.
 */
import { ErrorCode, isNuncioError, NuncioError } from '../../errors/index.ts';
import type { Diagnostic } from '../diagnostic.ts';
import { TemplateIndex } from '../template-index.ts';
import type { Manifest, WorkflowKind, WorkflowTemplate } from '../types.ts';
import { isArgoManifest, type LoadedDocument, parseManifests } from '../yaml-load.ts';
import { checkDocument, decodes, normalizedManifest } from './check-document.ts';
import { manifestFiles, readManifestFile, sourceName } from './manifest-files.ts';

export interface LintOptions {
  /** Templates available to references besides those found in the linted paths. */
  templates?: TemplateIndex;
  /** Kinds to lint, by argo's names (`workflows`/`wf`, `workflowtemplates`/`wftmpl`, `cronworkflows`/`cwf`, `clusterworkflowtemplates`/`cwftmpl`); all by default. */
  kinds?: string[];
}

export interface LintFileResult {
  file: string;
  /** The file held at least one object of a linted kind (or could not be parsed). */
  linted: boolean;
  diagnostics: Diagnostic[];
}

export interface LintReport {
  results: LintFileResult[];
  /** Something was linted and nothing was wrong. */
  success: boolean;
  /** At least one object of a linted kind was found. */
  anythingLinted: boolean;
  errorCount: number;
}

const kindNames: Readonly<Record<string, WorkflowKind>> = {
  workflows: 'Workflow',
  workflow: 'Workflow',
  wf: 'Workflow',
  workflowtemplates: 'WorkflowTemplate',
  workflowtemplate: 'WorkflowTemplate',
  wftmpl: 'WorkflowTemplate',
  cronworkflows: 'CronWorkflow',
  cronworkflow: 'CronWorkflow',
  cwf: 'CronWorkflow',
  cronwf: 'CronWorkflow',
  clusterworkflowtemplates: 'ClusterWorkflowTemplate',
  clusterworkflowtemplate: 'ClusterWorkflowTemplate',
  cwftmpl: 'ClusterWorkflowTemplate',
};

/** The kinds selected by argo's `--kinds` names; throws on a name it does not know. */
export function selectKinds(names: readonly string[] | undefined): Set<WorkflowKind> {
  if (!names || names.length === 0) return new Set(Object.values(kindNames));
  const out = new Set<WorkflowKind>();
  for (const n of names) {
    const kind = kindNames[n.toLowerCase()];
    if (!kind) {
      throw new NuncioError(ErrorCode.BadRequest, `unknown kind: ${n}`, {
        hint: 'use workflows (wf), workflowtemplates (wftmpl), cronworkflows (cwf) or clusterworkflowtemplates (cwftmpl)',
      });
    }
    out.add(kind);
  }
  return out;
}

interface ParsedFile {
  file: string;
  docs: { doc: LoadedDocument; manifest: Manifest }[];
  error?: Diagnostic;
}

async function parseFile(path: string): Promise<ParsedFile> {
  const text = await readManifestFile(path);
  const file = sourceName(path);
  try {
    const docs = parseManifests(text, file)
      .filter(isArgoManifest)
      .map((doc) => ({ doc, manifest: normalizedManifest(doc) }));
    return { file, docs };
  } catch (e) {
    if (!isNuncioError(e) || e.code !== ErrorCode.InvalidYaml) throw e;
    const pos = e.position ?? { line: 1, column: 1 };
    const error: Diagnostic = {
      file,
      line: pos.line,
      column: pos.column,
      path: '',
      message: e.message,
      code: e.code,
    };
    if (e.hint) error.hint = e.hint;
    return { file, docs: [], error };
  }
}

function isTemplateKind(m: Manifest): m is WorkflowTemplate {
  return m.kind === 'WorkflowTemplate' || m.kind === 'ClusterWorkflowTemplate';
}

/** Lints every manifest under `paths`. Throws only for a path that cannot be read or an unknown kind. */
export async function lintPaths(paths: readonly string[], opts: LintOptions = {}): Promise<LintReport> {
  const kinds = selectKinds(opts.kinds);
  const files = await manifestFiles(paths);
  const parsed: ParsedFile[] = [];
  for (const f of files) parsed.push(await parseFile(f));

  const index = opts.templates?.clone() ?? new TemplateIndex();
  for (const p of parsed)
    for (const { doc, manifest } of p.docs) if (isTemplateKind(manifest) && decodes(doc)) index.add(manifest);

  const results: LintFileResult[] = parsed.map((p) => {
    const diagnostics: Diagnostic[] = p.error ? [p.error] : [];
    let linted = !!p.error;
    for (const { doc, manifest } of p.docs) {
      if (!kinds.has(doc.kind as WorkflowKind)) continue;
      linted = true;
      diagnostics.push(...checkDocument(doc, manifest, index));
    }
    return { file: p.file, linted, diagnostics };
  });
  const anythingLinted = results.some((r) => r.linted);
  const errorCount = results.reduce((n, r) => n + r.diagnostics.length, 0);
  return { results, success: anythingLinted && errorCount === 0, anythingLinted, errorCount };
}
