/**
 * @module bench/lib/graphs
 * The task graphs the benchmarks run, as plain data so that nuncio, make and snakemake get exactly the same
 * graph: a chain, and a random DAG drawn with a fixed seed.
 */

/** Task `i` depends on the tasks in `deps[i]`; every dependency has a smaller index (a topological order). */
export interface TaskGraph {
  deps: number[][];
}

/** A small deterministic generator (an LCG), so the graph is the same on every machine and every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function chain(n: number): TaskGraph {
  return { deps: Array.from({ length: n }, (_, i) => (i === 0 ? [] : [i - 1])) };
}

/**
 * `n` tasks; task `i` depends on `min(i, perTask)` distinct tasks drawn uniformly among those before it,
 * so the graph has about `perTask` dependencies per task and is acyclic by construction.
 */
export function randomDag(n: number, perTask: number, seed: number): TaskGraph {
  const random = lcg(seed);
  const deps: number[][] = [];
  for (let i = 0; i < n; i++) {
    const picked = new Set<number>();
    while (picked.size < Math.min(i, perTask)) picked.add(Math.floor(random() * i));
    deps.push([...picked].sort((a, b) => a - b));
  }
  return { deps };
}

export function edgeCount(g: TaskGraph): number {
  return g.deps.reduce((sum, d) => sum + d.length, 0);
}

/** The number of tasks on the longest path (the graph's depth). */
export function depth(g: TaskGraph): number {
  const level: number[] = [];
  for (const d of g.deps) level.push(1 + Math.max(0, ...d.map((j) => level[j] ?? 0)));
  return Math.max(0, ...level);
}

/** The task's name everywhere: a DAG task name, a make target, a snakemake rule. */
export function taskName(i: number): string {
  return `t${i}`;
}
