/**
 * @module spec/lint/check-document
 * All checks of one parsed document, as Diagnostics: the shape check (unknown fields, wrong types —
 * every one of them), then, if the document decoded cleanly, the semantic checks (the first problem, as
 * `argo lint` reports it). Positions come from the document's SourceMap.
 */
import { ErrorCode } from '../../errors/index.ts';
import type { Diagnostic } from '../diagnostic.ts';
import { formatPath } from '../field-path.ts';
import { normalize } from '../normalize.ts';
import { manifestShapes } from '../schema/argo.ts';
import { checkShape, type SchemaIssue } from '../schema/check.ts';
import type { TemplateIndex } from '../template-index.ts';
import type { Manifest } from '../types.ts';
import { validateManifest } from '../validate/validate-manifest.ts';
import type { LoadedDocument } from '../yaml-load.ts';

/** How argo lint names an object in its messages: `"name" (Kind)`. */
export function objectLabel(doc: LoadedDocument): string {
  return `${JSON.stringify(doc.name || `object #${doc.index + 1}`)} (${doc.kind})`;
}

function shapeIssues(doc: LoadedDocument): SchemaIssue[] {
  const shape = manifestShapes[doc.kind];
  const issues: SchemaIssue[] = [];
  if (shape) checkShape(doc.object, shape, [], issues);
  return issues;
}

/**
 * The shape problems of a document of one of the four Argo kinds; with `typesOnly`, only wrong types
 * (not unknown fields).
 */
export function shapeDiagnostics(doc: LoadedDocument, typesOnly = false): Diagnostic[] {
  return shapeIssues(doc)
    .filter((issue) => !typesOnly || issue.at === 'value')
    .map((issue) => {
      const pos = doc.source.locate(issue.path, issue.at);
      const d: Diagnostic = {
        file: doc.file,
        line: pos.line,
        column: pos.column,
        path: formatPath(issue.path),
        message: issue.message,
        code: ErrorCode.InvalidSpec,
        object: objectLabel(doc),
      };
      if (issue.hint) d.hint = issue.hint;
      return d;
    });
}

/**
 * The document decodes into Argo's types (unknown fields aside, as Go's non-strict decoding ignores
 * them): only such templates are put in a TemplateIndex, where references walk their contents.
 */
export function decodes(doc: LoadedDocument): boolean {
  return manifestShapes[doc.kind] !== undefined && shapeIssues(doc).every((i) => i.at === 'key');
}

/** The document with AnyString fields as strings: what the semantic checks and the engine see. */
export function normalizedManifest(doc: LoadedDocument): Manifest {
  return normalize(doc.object) as unknown as Manifest;
}

/**
 * Every problem of the document. `manifest` is the normalized document (the same object the template
 * index holds, so that problems are placed in this document).
 */
export function checkDocument(
  doc: LoadedDocument,
  manifest: Manifest,
  index: TemplateIndex,
  options: { submit?: boolean } = {},
): Diagnostic[] {
  const shape = shapeDiagnostics(doc);
  if (shape.length > 0) return shape;
  const problem = validateManifest(manifest, index, options);
  if (!problem) return [];
  const pos = doc.source.locate(problem.path, 'value');
  return [
    {
      file: doc.file,
      line: pos.line,
      column: pos.column,
      path: formatPath(problem.path),
      message: problem.message,
      code: ErrorCode.InvalidSpec,
      object: objectLabel(doc),
    },
  ];
}
