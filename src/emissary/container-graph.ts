/**
 * @module emissary/container-graph
 * The order of a containerSet's members, as Argo's emissary enforces it inside each container: a member
 * waits for its `dependencies` one after another, in the order listed; once all exited 0 its command
 * starts. When the dependency it is waiting for exits non-zero, the member ends without running, with
 * exit code 64 and the message `dependency "a" exited with non-zero code: 1` (the emissary returns an
 * error, which `argoexec` turns into exit 64 and the termination message). A stop while a member waits
 * ends it with 143, as SIGTERM does to a waiting emissary. Members without dependencies start at once.
 */

import { type ContainerExit, emissaryFailed, stoppedBeforeStart } from './container-run.ts';
import { dependencyFailed } from './messages.ts';

export interface GraphMember {
  name: string;
  dependencies?: string[];
}

/**
 * What makes a containerSet unrunnable (a duplicate name, an unknown dependency, a cycle), in words, or
 * undefined. Argo's validation rejects these before a pod exists; the emissary must not hang on them.
 */
export function graphProblem(members: GraphMember[]): string | undefined {
  const names = new Set<string>();
  for (const m of members) {
    if (names.has(m.name)) return `containerSet: container '${m.name}' is declared twice`;
    names.add(m.name);
  }
  for (const m of members) {
    for (const d of m.dependencies ?? []) {
      if (!names.has(d)) return `containerSet: container '${m.name}' depends on unknown container '${d}'`;
    }
  }
  const byName = new Map(members.map((m) => [m.name, m]));
  const state = new Map<string, 'visiting' | 'done'>();
  const cycleThrough = (name: string): string | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return name;
    state.set(name, 'visiting');
    for (const d of byName.get(name)?.dependencies ?? []) {
      const found = cycleThrough(d);
      if (found) return found;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const m of members) {
    const found = cycleThrough(m.name);
    if (found) return `containerSet: dependency cycle through container '${found}'`;
  }
  return undefined;
}

export interface GraphRun {
  /** Runs a member's command to its exit. */
  start(name: string): Promise<ContainerExit>;
  /** Resolves when the task is stopped; waiting members then end with 143. */
  stopped: Promise<void>;
  isStopped(): boolean;
  now(): number;
}

/** Runs every member in dependency order; resolves with each member's exit once all have ended. */
export async function runGraph(members: GraphMember[], run: GraphRun): Promise<Map<string, ContainerExit>> {
  const byName = new Map(members.map((m) => [m.name, m]));
  const exits = new Map<string, Promise<ContainerExit>>();
  const stopped = run.stopped.then(() => undefined);

  const member = async (m: GraphMember): Promise<ContainerExit> => {
    const startedAt = run.now();
    const ended = (e: Omit<ContainerExit, 'startedAt' | 'finishedAt' | 'ran'>): ContainerExit => ({
      ...e,
      ran: false,
      startedAt,
      finishedAt: run.now(),
    });
    for (const d of m.dependencies ?? []) {
      const dep = await Promise.race([exitOf(d), stopped]);
      if (dep === undefined) return ended({ exitCode: stoppedBeforeStart });
      if (dep.exitCode !== 0) {
        return ended({ exitCode: emissaryFailed, detail: dependencyFailed(d, dep.exitCode) });
      }
    }
    if (run.isStopped()) return ended({ exitCode: stoppedBeforeStart });
    return run.start(m.name);
  };
  const exitOf = (name: string): Promise<ContainerExit> => {
    let p = exits.get(name);
    if (!p) {
      // graphProblem() was checked: every name is known and there is no cycle.
      p = member(byName.get(name)!);
      exits.set(name, p);
    }
    return p;
  };

  const all = await Promise.all(members.map(async (m) => [m.name, await exitOf(m.name)] as const));
  return new Map(all);
}
