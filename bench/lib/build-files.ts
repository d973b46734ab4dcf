/**
 * @module bench/lib/build-files
 * The same task graph for the build tools nuncio is compared with: a Makefile (phony targets, so that
 * every recipe runs on every invocation, as every task of a workflow does) and a Snakefile (one rule per
 * task whose output file the dependent rules take as input, so snakemake's dependencies are real).
 */

import { type TaskGraph, taskName } from './graphs.ts';

/** Tasks nothing depends on: what `all` asks for, as a workflow's DAG ends at its leaves. */
export function sinks(g: TaskGraph): number[] {
  const used = new Set(g.deps.flat());
  return g.deps.map((_, i) => i).filter((i) => !used.has(i));
}

/**
 * A Makefile whose `all` builds every sink; `recipe(i)` is task i's recipe line, already escaped for make
 * (`$` doubled where the shell must see one).
 */
export function makefile(g: TaskGraph, recipe: (i: number) => string): string {
  const names = g.deps.map((_, i) => taskName(i));
  const lines = [`.PHONY: all ${names.join(' ')}`, `all: ${sinks(g).map(taskName).join(' ')}`, ''];
  g.deps.forEach((deps, i) => {
    lines.push(`${taskName(i)}:${deps.map((d) => ` ${taskName(d)}`).join('')}`, `\t@${recipe(i)}`);
  });
  return lines.join('\n') + '\n';
}

/** A Snakefile: `all` first (snakemake's default target), then one rule per task that touches its output. */
export function snakefile(g: TaskGraph): string {
  const quoted = (i: number) => JSON.stringify(taskName(i));
  const lines = ['rule all:', `    input: ${sinks(g).map(quoted).join(', ')}`, ''];
  g.deps.forEach((deps, i) => {
    lines.push(`rule ${taskName(i)}:`);
    if (deps.length) lines.push(`    input: ${deps.map(quoted).join(', ')}`);
    lines.push(`    output: ${quoted(i)}`, '    shell: "touch {output}"', '');
  });
  return lines.join('\n');
}
