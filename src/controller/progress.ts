/**
 * @module controller/progress
 * Node and workflow progress (`N/M`) as Argo's controller keeps it (workflow/progress/updater.go):
 *
 * - An executable node (Pod, Container, Suspend, HTTP, Plugin) has its own progress: `0/1` until it
 *   Succeeded, was Skipped or Omitted, then complete (`M/M`). A Failed or Errored node keeps what it had.
 * - Any other node (Steps, StepGroup, DAG, TaskGroup, Retry, Skipped...) has the sum over the executable
 *   nodes it reaches through `children`, each counted once; a node that reaches none has no progress.
 *   `children` goes on past a node's own subtree (a step's pod to the next group, a task to its
 *   dependents), so a StepGroup's progress counts every step after it too, as in Argo.
 * - The workflow's progress is the sum over all executable nodes.
 *
 * The workflow's sum is kept as nodes change. The other nodes' sums are recounted (`refresh`) by a walk
 * over their reach, as Argo does on every write of the workflow, but not as often: a recount changes the
 * DAG or group node above the steps, whose list of children nuncio would write again each time (a
 * 1,000-task DAG recounted on every reconcile ran 10 % slower; a group of 100,000 loop items recounted
 * every second, 15 % slower). A node is recounted at most once per `refreshMs` for each 1,000 children it
 * has (at most once a minute; Argo's own executor reports a step's progress once a minute), and every
 * node when the workflow ends. `refresh` says when a change it left uncounted is due, and the run sets a
 * timer for it; a node counted since the last change anywhere is not counted again, so once changes stop,
 * so do the recounts and the timers.
 */

import { parseProgress } from '../spec/progress.ts';
import type { NodePhase, NodeStatus, NodeType } from '../spec/types.ts';

/** Node types whose progress is their own, not a sum. */
export function isExecutable(type: NodeType): boolean {
  return type === 'Pod' || type === 'Container' || type === 'Suspend' || type === 'HTTP' || type === 'Plugin';
}

/** An executable node's progress in `phase`, from what it had (`0/1` when it had none). */
export function executableProgress(had: string | undefined, phase: NodePhase): string {
  if (had !== undefined && parseProgress(had) === undefined) return had;
  const [n, m] = parseProgress(had) ?? [0, 1];
  return phase === 'Succeeded' || phase === 'Skipped' || phase === 'Omitted' ? `${m}/${m}` : `${n}/${m}`;
}

/** The least time between two recounts of a summing node with up to 1,000 children, ms. */
export const refreshMs = 1000;

/** The least time between two recounts of any summing node, however many children it has, ms. */
export const largestRefreshMs = 60_000;

/** How long a summing node with `children` children waits between two recounts, ms. */
export function refreshInterval(children: number): number {
  return Math.min(largestRefreshMs, refreshMs * Math.max(1, Math.ceil(children / 1000)));
}

export class ProgressGraph {
  /** The workflow's progress: the sum over executable nodes with a valid progress. */
  done = 0;
  total = 0;
  readonly #index = new Map<string, number>();
  readonly #nodes: NodeStatus[] = [];
  /** Each node's children, by index (none for a leaf, most nodes of a large fan-out). */
  readonly #kids: (number[] | undefined)[] = [];
  /** An executable node's valid progress (`-1` when it has none), and a summing node's next recount. */
  #n = new Float64Array(64);
  #m = new Float64Array(64);
  #due = new Float64Array(64);
  /** The summing nodes that have children, by index (what a recount visits). */
  readonly #summing: number[] = [];
  /** Edges whose child was not known yet when they were added, by parent index. */
  #pending: [parent: number, child: string][] = [];
  #stamp = new Int32Array(64);
  #epoch = 0;
  /** Bumped by every change; each summing node remembers the one it was last counted at. */
  #version = 0;
  #countedAt = new Float64Array(64);

  /** Registers a node (once, when it is made or loaded) and counts an executable one's progress. */
  add(node: NodeStatus): void {
    if (this.#index.has(node.id)) return;
    const x = this.#nodes.length;
    this.#index.set(node.id, x);
    this.#nodes.push(node);
    this.#kids.push(undefined);
    if (x >= this.#n.length) this.#grow(x + 1);
    this.#due[x] = 0;
    this.#set(x, isExecutable(node.type) ? node.progress : undefined);
    this.#version++;
  }

  /** Records the edge `parent.children ∋ child`. */
  edge(parent: NodeStatus, childId: string): void {
    const p = this.#index.get(parent.id);
    if (p === undefined) return;
    const c = this.#index.get(childId);
    if (c === undefined) this.#pending.push([p, childId]);
    else this.#link(p, c);
    this.#version++;
  }

  /** An executable node's progress changed. */
  changed(node: NodeStatus): void {
    const x = this.#index.get(node.id);
    if (x === undefined) return;
    this.#set(x, node.progress);
    this.#version++;
  }

  /** Sets node `x`'s own progress, and the workflow's sum with it. */
  #set(x: number, progress: string | undefined): void {
    if (this.#m[x]! > 0) {
      this.done -= this.#n[x]!;
      this.total -= this.#m[x]!;
    }
    const p = parseProgress(progress);
    this.#n[x] = p ? p[0] : -1;
    this.#m[x] = p ? p[1] : -1;
    if (p) {
      this.done += p[0];
      this.total += p[1];
    }
  }

  #grow(size: number): void {
    const length = Math.max(size, this.#n.length * 2);
    const grown = (old: Float64Array) => {
      const next = new Float64Array(length);
      next.set(old);
      return next;
    };
    this.#n = grown(this.#n);
    this.#m = grown(this.#m);
    this.#due = grown(this.#due);
    this.#countedAt = grown(this.#countedAt);
  }

  /**
   * Recounts the progress of the summing nodes that are due (all of them when `force`: the workflow
   * ends), calling `touched` for each whose progress changed. Returns when it must be called again, if
   * it left a change uncounted.
   */
  refresh(now: number, force: boolean, touched: (node: NodeStatus) => void): number | undefined {
    this.#resolvePending();
    const count = this.#nodes.length;
    if (this.#stamp.length < count) this.#stamp = new Int32Array(Math.max(count, this.#stamp.length * 2));
    if (this.#epoch > 2 ** 30) {
      this.#stamp.fill(0);
      this.#epoch = 0;
    }
    let again: number | undefined;
    const stack: number[] = [];
    for (const x of this.#summing) {
      const own = this.#kids[x]!;
      const node = this.#nodes[x]!;
      // Counted since the last change anywhere: nothing to do, and nothing to come back for.
      if (this.#countedAt[x] === this.#version) continue;
      if (!force && this.#due[x]! > now) {
        again = Math.min(again ?? Number.POSITIVE_INFINITY, this.#due[x]!);
        continue;
      }
      this.#due[x] = now + refreshInterval(own.length);
      this.#countedAt[x] = this.#version;
      // Argo's sumProgress: every node reached through children, once.
      const epoch = ++this.#epoch;
      let n = 0;
      let m = 0;
      stack.push(x);
      while (stack.length > 0) {
        const kids = this.#kids[stack.pop()!];
        if (kids === undefined) continue;
        for (const c of kids) {
          if (this.#stamp[c] === epoch) continue;
          this.#stamp[c] = epoch;
          stack.push(c);
          if (this.#m[c]! > 0) {
            n += this.#n[c]!;
            m += this.#m[c]!;
          }
        }
      }
      const progress = m > 0 ? `${n}/${m}` : undefined;
      if (progress !== undefined && node.progress !== progress) {
        node.progress = progress;
        touched(node);
      }
    }
    return again;
  }
  #link(parent: number, child: number): void {
    const kids = this.#kids[parent];
    if (kids) {
      kids.push(child);
      return;
    }
    this.#kids[parent] = [child];
    if (!isExecutable(this.#nodes[parent]!.type)) this.#summing.push(parent);
  }

  #resolvePending(): void {
    if (this.#pending.length === 0) return;
    const left: [number, string][] = [];
    for (const [p, id] of this.#pending) {
      const c = this.#index.get(id);
      if (c === undefined) left.push([p, id]);
      else this.#link(p, c);
    }
    this.#pending = left;
  }
}
