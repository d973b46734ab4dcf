/**
 * @module spec/validate/dag-deps
 * The dependency graph of a DAG template: task references in `depends` expressions (Argo's ParseDepends
 * grammar) and `dependencies` lists, topological order, ancestry and cycles.
 */
import type { DAGTask } from '../types.ts';

export type DependencyType = 'task' | 'items';

const taskResults = [
  'Succeeded',
  'Failed',
  'Errored',
  'Skipped',
  'Omitted',
  'Daemoned',
  'AnySucceeded',
  'AllFailed',
];

/** `task.Result` or a bare `task` (Argo's taskNameRegex, leftmost alternative first). */
const taskRef = /([a-zA-Z0-9][-a-zA-Z0-9]*?\.[A-Z][a-zA-Z]+)|([a-zA-Z0-9][-a-zA-Z0-9]*)/g;

export interface DependsRef {
  task: string;
  /** `''` for a bare task name. */
  result: string;
}

/** Task references of a `depends` expression; `error` is Argo's message for an unknown result. */
export function parseDepends(depends: string): { refs: DependsRef[]; error?: string } {
  const refs: DependsRef[] = [];
  let error: string | undefined;
  for (const m of depends.matchAll(taskRef)) {
    if (m[1] !== undefined) {
      const [task = '', result = ''] = m[1].split('.');
      if (!taskResults.includes(result) && error === undefined) {
        error = `task result '${result}' for task '${task}' is invalid`;
      }
      refs.push({ task, result });
    } else if (m[2] !== undefined) refs.push({ task: m[2], result: '' });
  }
  return error === undefined ? { refs } : { refs, error };
}

interface KnownDependencies {
  depends: DAGTask['depends'];
  dependencies: DAGTask['dependencies'];
  deps: ReadonlyMap<string, DependencyType>;
}

/** Each task's dependencies, parsed once while its `depends` and `dependencies` stay the same. */
const known = new WeakMap<DAGTask, KnownDependencies>();

/** The tasks `task` depends on, and whether through an items-based result (AnySucceeded/AllFailed). */
export function taskDependencies(task: DAGTask): ReadonlyMap<string, DependencyType> {
  const seen = known.get(task);
  if (seen && seen.depends === task.depends && seen.dependencies === task.dependencies) return seen.deps;
  const deps = parseDependencies(task);
  known.set(task, { depends: task.depends, dependencies: task.dependencies, deps });
  return deps;
}

function parseDependencies(task: DAGTask): Map<string, DependencyType> {
  const deps = new Map<string, DependencyType>();
  if (task.depends) {
    for (const ref of parseDepends(task.depends).refs) {
      if (ref.result === 'AnySucceeded' || ref.result === 'AllFailed') deps.set(ref.task, 'items');
      else if (!deps.has(ref.task)) deps.set(ref.task, 'task');
    }
  } else {
    for (const d of task.dependencies ?? []) if (!deps.has(d)) deps.set(d, 'task');
  }
  return deps;
}

export type SortResult =
  | { order: DAGTask[] }
  | { duplicate: string }
  | { missing: { task: string; dependency: string } }
  | { cycle: true };

/** Tasks in dependency order (stable: ready tasks keep their written order). */
export function sortTasks(tasks: readonly DAGTask[]): SortResult {
  const byName = new Map<string, DAGTask>();
  for (const t of tasks) {
    if (byName.has(t.name)) return { duplicate: t.name };
    byName.set(t.name, t);
  }
  const pending = new Map<string, number>();
  const next = new Map<string, string[]>();
  for (const t of tasks) {
    const deps = [...taskDependencies(t).keys()];
    pending.set(t.name, deps.length);
    for (const d of deps) {
      if (!byName.has(d)) return { missing: { task: t.name, dependency: d } };
      next.set(d, [...(next.get(d) ?? []), t.name]);
    }
  }
  const order: DAGTask[] = tasks.filter((t) => pending.get(t.name) === 0);
  for (let i = 0; i < order.length; i++) {
    for (const n of next.get(order[i]!.name) ?? []) {
      const left = pending.get(n)! - 1;
      pending.set(n, left);
      if (left === 0) order.push(byName.get(n)!);
    }
  }
  return order.length === tasks.length ? { order } : { cycle: true };
}

/** Every task `name` depends on, directly or through other tasks. */
export function ancestry(name: string, byName: ReadonlyMap<string, DAGTask>): string[] {
  const seen = new Set<string>();
  const visit = (n: string): void => {
    const t = byName.get(n);
    if (!t) return;
    for (const d of taskDependencies(t).keys()) {
      if (seen.has(d) || d === name) continue;
      seen.add(d);
      visit(d);
    }
  };
  visit(name);
  return [...seen];
}

/**
 * The first dependency cycle as Argo's verifyNoCycles reports it (`b->a->b`), searching from each task
 * in written order.
 */
export function findCycle(tasks: readonly DAGTask[]): string | undefined {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const visited = new Set<string>();
  const walk = (name: string, path: string[]): string | undefined => {
    if (visited.has(name)) return undefined;
    const t = byName.get(name);
    for (const dep of t ? taskDependencies(t).keys() : []) {
      if (path.includes(dep)) return `${path.join('->')}->${dep}`;
      const found = walk(dep, [...path, dep]);
      if (found) return found;
    }
    visited.add(name);
    return undefined;
  };
  for (const t of tasks) {
    const found = walk(t.name, []);
    if (found) return found;
  }
  return undefined;
}
