/**
 * @module cli/commands/lint
 * `nuncio lint FILE|DIR...`: `argo lint` — every Workflow, WorkflowTemplate, ClusterWorkflowTemplate and
 * CronWorkflow found is checked; references across the given files resolve. Exit 0 when clean, 1 when not.
 */

import { formatLintReport } from '../../spec/lint/format-report.ts';
import { lintPaths } from '../../spec/lint/lint-paths.ts';
import { oneOf } from '../options.ts';

export interface LintFlags {
  kinds?: string;
  output?: string;
}

export async function lintCommand(paths: string[], flags: LintFlags): Promise<number> {
  const format = oneOf('--output', flags.output ?? 'pretty', ['pretty', 'simple'] as const) ?? 'pretty';
  const kinds =
    flags.kinds && flags.kinds !== 'all' ? flags.kinds.split(',').map((k) => k.trim()) : undefined;
  const report = await lintPaths(paths, kinds ? { kinds } : {});
  process.stdout.write(formatLintReport(report, format, { color: process.stdout.isTTY === true }));
  return report.success ? 0 : 1;
}
