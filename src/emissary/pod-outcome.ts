/**
 * @module emissary/pod-outcome
 * How the exits of a task's containers become its phase and message, by the rules Argo's controller
 * applies to a finished pod (operator.go `inferFailedReason`) and to containerSet members:
 *
 * - Containers are blamed in this order: init containers (in order), then the main containers (the main
 *   container, or every containerSet member) by name, then sidecars by name (the kubelet lists container
 *   statuses by name). The first one that exited non-zero gives the message
 *   `<name>: Error (exit code N)[: <termination message>]` and the phase Failed.
 * - A sidecar that exited 137 or 143 is not blamed (it was stopped once main exited). An init container
 *   killed that way is not blamed either, but the next container then never started:
 *   `Pod failed before <next> container starts due to PodInitializing: `, phase Error.
 * - nuncio's one deliberate difference: a container whose command does not exist (exit 64, the emissary's
 *   own failure) makes the task Error, as a missing image would, where Argo says Failed.
 * - A runtime failure around any container (its fate unknown) makes the task Error with that failure.
 *
 * A containerSet member's own node: exit 0 is Succeeded, 64 is Error, anything else Failed, with the
 * message `<name>: Error (exit code N): <termination message>`.
 */

import type { TaskResult, TaskResultPhase } from '../controller/ports.ts';
import type { ContainerExit } from './container-run.ts';
import { containerNodeMessage, exitMessage, failedBeforeStart } from './messages.ts';
import { isoSeconds } from './time.ts';

export interface NamedExit {
  name: string;
  exit: ContainerExit;
}

export interface PodExits {
  /** Init containers that ran, in order; a failed one is the last. */
  init: NamedExit[];
  /** Init containers that never ran because an earlier one failed, in order. */
  initSkipped: string[];
  /** The main container or the containerSet members; empty when an init container failed. */
  main: NamedExit[];
  /** Names of the main containers, whether they ran or not. */
  mainNames: string[];
  sidecars: NamedExit[];
}

export interface Verdict {
  phase: TaskResultPhase;
  message?: string;
}

/** Exit codes of a container stopped by the kubelet or by its own emissary: SIGTERM, SIGKILL. */
const killed = new Set([137, 143]);

function byName(list: NamedExit[]): NamedExit[] {
  return [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function blame(c: NamedExit): Verdict {
  return {
    phase: c.exit.notFound ? 'Error' : 'Failed',
    message: exitMessage(c.name, c.exit.exitCode, c.exit.detail),
  };
}

/** The runtime failure around one of the containers, if any (it outranks every exit code). */
export function runtimeFailure(exits: PodExits): Verdict | undefined {
  const all = [...exits.init, ...byName(exits.main), ...byName(exits.sidecars)];
  const failed = all.find((c) => c.exit.error !== undefined);
  return failed ? { phase: 'Error', message: failed.exit.error } : undefined;
}

/** The task's phase and message from its containers' exits (before outputs are considered). */
export function podVerdict(exits: PodExits): Verdict {
  const failure = runtimeFailure(exits);
  if (failure) return failure;
  for (const c of exits.init) {
    if (c.exit.exitCode === 0) continue;
    if (!c.exit.notFound && killed.has(c.exit.exitCode)) {
      const next = exits.initSkipped[0] ?? [...exits.mainNames].sort()[0] ?? 'main';
      return { phase: 'Error', message: failedBeforeStart(next) };
    }
    return blame(c);
  }
  const main = byName(exits.main).find((c) => c.exit.exitCode !== 0);
  if (main) return blame(main);
  const sidecar = byName(exits.sidecars).find(
    (c) => c.exit.exitCode !== 0 && (c.exit.notFound || !killed.has(c.exit.exitCode)),
  );
  if (sidecar) return blame(sidecar);
  return { phase: 'Succeeded' };
}

type ContainerNode = NonNullable<TaskResult['containers']>[string];

/** A containerSet member's outcome as its `Container` node shows it. */
export function containerNode(c: NamedExit): ContainerNode {
  const { exit } = c;
  const times = { startedAt: isoSeconds(exit.startedAt), finishedAt: isoSeconds(exit.finishedAt) };
  if (exit.error !== undefined) return { phase: 'Error', message: exit.error, ...times };
  if (exit.exitCode === 0) return { phase: 'Succeeded', exitCode: 0, ...times };
  return {
    phase: exit.exitCode === 64 ? 'Error' : 'Failed',
    exitCode: exit.exitCode,
    message: containerNodeMessage(c.name, exit.exitCode, exit.detail),
    ...times,
  };
}
