/**
 * @module cli/commands/run-diagnostics
 * After a run, steps that could not even start because their command is missing or not executable are
 * explained like bad input: what is wrong, where the command is written (file:line:column and the field
 * path) and what to do.
 */

import { formatPosition, type SourcePosition } from '../../errors/index.ts';
import { type FieldPath, formatPath } from '../../spec/field-path.ts';
import type { Workflow } from '../../spec/types.ts';

const notRunnable = /failed to find name in PATH: (exec: "[^"]*": .*)$/;

export function explainUnrunnableSteps(
  wf: Workflow,
  locate: (path: FieldPath) => SourcePosition | undefined,
): string[] {
  const out: string[] = [];
  const templates = wf.spec.templates ?? wf.status?.storedWorkflowTemplateSpec?.templates ?? [];
  const seen = new Set<string>();
  for (const n of Object.values(wf.status?.nodes ?? {})) {
    if (n.type !== 'Pod' || !n.message) continue;
    const m = notRunnable.exec(n.message);
    if (!m) continue;
    const key = `${n.templateName ?? ''}\u0000${m[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const index = templates.findIndex((t) => t.name === n.templateName);
    const t = templates[index];
    const kind = t?.script ? 'script' : 'container';
    const hasCommand = (t?.script ?? t?.container)?.command?.length;
    const path: FieldPath = ['spec', 'templates', index, kind, hasCommand ? 'command' : 'args', 0];
    const where = index >= 0 ? locate(path) : undefined;
    const lines = [`nuncio: step ${n.displayName} could not start: ${m[1]}`];
    if (where) lines.push(`  at ${formatPosition(where)} (${formatPath(path)})`);
    lines.push(
      '  hint: the process runtime runs commands of this machine: install it, give its full path, or run the step in a container (executor.emissary.runtime: container)',
    );
    out.push(lines.join('\n'));
  }
  return out;
}
