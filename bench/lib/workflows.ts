/**
 * @module bench/lib/workflows
 * The Workflow manifests the benchmarks run, written as YAML text (the same path a user's file takes
 * through `nuncio run`). Every step is a container template running `true` (or the given command).
 */

import { type TaskGraph, taskName } from './graphs.ts';

/** `name` is a `generateName` prefix, unless `fixedName` says it is the workflow's own name. */
function header(name: string, extraSpec: string[] = [], fixedName = false): string[] {
  return [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Workflow',
    'metadata:',
    fixedName ? `  name: ${name}` : `  generateName: ${name}-`,
    'spec:',
    '  entrypoint: main',
    ...extraSpec.map((l) => `  ${l}`),
    '  templates:',
  ];
}

function container(name: string, command: string[]): string[] {
  return [
    `  - name: ${name}`,
    '    container:',
    '      image: busybox',
    `      command: ${JSON.stringify(command)}`,
  ];
}

/** One step, a container template that is the entrypoint. */
export function singleStep(command: string[]): string {
  return [...header('bench-hello'), ...container('main', command)].join('\n') + '\n';
}

/** A `dag` template with one task per graph node, each with `dependencies`, optional `spec.parallelism`. */
export function dagWorkflow(name: string, graph: TaskGraph, parallelism?: number): string {
  const lines = header(name, parallelism ? [`parallelism: ${parallelism}`] : []);
  lines.push('  - name: main', '    dag:', '      tasks:');
  graph.deps.forEach((deps, i) => {
    lines.push(`      - name: ${taskName(i)}`, '        template: noop');
    if (deps.length) lines.push(`        dependencies: [${deps.map(taskName).join(', ')}]`);
  });
  lines.push(...container('noop', ['true']));
  return lines.join('\n') + '\n';
}

/** A `steps` template with `n` sequential step groups of one step each. */
export function stepsChainWorkflow(name: string, n: number): string {
  const lines = header(name);
  lines.push('  - name: main', '    steps:');
  for (let i = 0; i < n; i++) lines.push(`    - - name: ${taskName(i)}`, '        template: noop');
  lines.push(...container('noop', ['true']));
  return lines.join('\n') + '\n';
}

/** One step that fans out over `withSequence: {count: n}` (`name` is a generateName prefix). */
export function fanOutWorkflow(name: string, count: number): string {
  const lines = header(name);
  lines.push(
    '  - name: main',
    '    steps:',
    '    - - name: item',
    '        template: noop',
    `        withSequence: {count: "${count}"}`,
  );
  lines.push(...container('noop', ['true']));
  return lines.join('\n') + '\n';
}
