/**
 * @module spec/diagnostic
 * A Diagnostic is one problem found in a manifest, placed at file:line:column and at a field path.
 * `InvalidManifestError` is the SpecError `loadWorkflowFile` throws: it carries every diagnostic, and its
 * message lists them so that printing the error alone is enough.
 */
import { type ErrorCode, formatPosition, SpecError } from '../errors/index.ts';

export interface Diagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Field path in the document, e.g. `spec.templates[0].container.image` (`''` for the whole document). */
  path: string;
  message: string;
  hint?: string;
  /** ERR_INVALID_YAML for unparsable text, ERR_INVALID_SPEC otherwise. */
  code: ErrorCode;
  /** The object the problem belongs to, as argo lint names it: `"hello-" (Workflow)`. */
  object?: string;
}

/** `file:line:column: message` (the one-line form used by the simple lint format and by errors). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatPosition({ file: d.file, line: d.line, column: d.column });
  const what = d.object ? `in ${d.object}: ${d.message}` : d.message;
  return `${where}: ${what}`;
}

/** Thrown by `loadWorkflowFile` when a file does not lint clean. */
export class InvalidManifestError extends SpecError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(file: string, diagnostics: readonly Diagnostic[]) {
    const first = diagnostics[0];
    const lines = diagnostics.map((d) => {
      const field = d.path && !d.message.includes(d.path) ? `\n    field: ${d.path}` : '';
      return `  ${formatDiagnostic(d)}${d.hint ? ` (${d.hint})` : ''}${field}`;
    });
    super(`${file} is not a valid manifest:\n${lines.join('\n')}`, {
      hint: 'run `nuncio lint` on the file for the same report',
      ...(first
        ? { path: first.path, position: { file: first.file, line: first.line, column: first.column } }
        : {}),
    });
    this.diagnostics = diagnostics;
  }
}
