/**
 * @module spec/lint/format-report
 * Prints a LintReport in argo lint's two styles. `pretty`: each failing file, then its problems marked
 * `✖`, then a summary line (`✔ no linting errors found!`). `simple`: one `file:line:column: problem`
 * line per problem, or `no linting errors found!`. nuncio adds the line, column and field path that
 * argo does not print.
 */
import type { Diagnostic } from '../diagnostic.ts';
import type { LintReport } from './lint-paths.ts';

export type LintFormat = 'pretty' | 'simple';

export interface FormatOptions {
  /** ANSI colours (pretty only), as argo prints them on a terminal. */
  color?: boolean;
}

const indent = '   ';

function paint(on: boolean, code: string, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function problem(d: Diagnostic): string {
  return d.object ? `in ${d.object}: ${d.message}` : d.message;
}

function prettyDiagnostic(d: Diagnostic, color: boolean): string {
  const [first = '', ...more] = problem(d).split('\n');
  const lines = [`${indent}${paint(color, '31', '✖')} ${first}`];
  for (const m of more) lines.push(`${indent}  ${m}`);
  lines.push(`${indent}  at ${d.file}:${d.line}:${d.column}${d.path ? ` (${d.path})` : ''}`);
  if (d.hint) lines.push(`${indent}  hint: ${d.hint}`);
  return lines.join('\n');
}

export function formatLintReport(
  report: LintReport,
  format: LintFormat = 'pretty',
  options: FormatOptions = {},
): string {
  if (format === 'simple') {
    if (report.success) return 'no linting errors found!\n';
    if (!report.anythingLinted) return 'found nothing to lint in the specified paths, failing...\n';
    const lines: string[] = [];
    for (const r of report.results) {
      for (const d of r.diagnostics) {
        lines.push(`${d.file}:${d.line}:${d.column}: ${problem(d).replace(/\n/g, ' ')}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
  const color = options.color ?? false;
  let out = '';
  for (const r of report.results) {
    if (!r.linted || r.diagnostics.length === 0) continue;
    out += `${paint(color, '4', r.file)}:\n`;
    for (const d of r.diagnostics) out += `${prettyDiagnostic(d, color)}\n`;
    out += '\n';
  }
  if (report.success) return `${out}${paint(color, '32', '✔')} no linting errors found!\n`;
  if (!report.anythingLinted) {
    return `${out}${paint(color, '31', '✖ found nothing to lint in the specified paths, failing...')}\n`;
  }
  return `${out}${paint(color, '31', `✖ ${report.errorCount} linting errors found!`)}\n`;
}
