/**
 * @module emissary/messages
 * The node messages the emissary reports, in Argo's words (argo.md §a): the controller shows them as the
 * node's `message` unchanged.
 */

import type { CancelReason } from '../controller/ports.ts';

/** A container that exited non-zero: `main: Error (exit code 1)`. */
export function exitMessage(container: string, exitCode: number, detail?: string): string {
  return `${container}: Error (exit code ${exitCode})${detail ? `: ${detail}` : ''}`;
}

/**
 * The message of a containerSet member's `Container` node that did not exit 0 (Argo's controller formats
 * the container's terminated state as `<name>: <reason> (exit code N): <termination message>`, keeping the
 * separator when the message is empty): `a: Error (exit code 1): `.
 */
export function containerNodeMessage(container: string, exitCode: number, detail?: string): string {
  return `${container}: Error (exit code ${exitCode}): ${detail ?? ''}`;
}

/** Why a containerSet member did not run: Argo's emissary ends it with exit 64 and this message. */
export function dependencyFailed(dependency: string, exitCode: number): string {
  return `dependency "${dependency}" exited with non-zero code: ${exitCode}`;
}

/**
 * A pod whose init container was killed by a signal (exit 137/143, which Argo does not blame on the
 * container): the next container never started.
 */
export function failedBeforeStart(container: string): string {
  return `Pod failed before ${container} container starts due to PodInitializing: `;
}

/** Argo's message for a step stopped by its deadline (the wait container's termination message). */
export const deadlineExceeded = 'Step exceeded its deadline';

export function cancelMessage(reason: CancelReason, deadlineMessage: string | undefined): string {
  switch (reason) {
    case 'deadline':
      return deadlineMessage ?? deadlineExceeded;
    case 'stop':
      return "Stopped with strategy 'Stop'";
    case 'terminate':
      return "Stopped with strategy 'Terminate'";
    case 'daemon-done':
      return '';
  }
}

/** The wait container's message when outputs could not be saved. */
export function saveOutputsFailed(detail: string): string {
  return `failed to save outputs: ${detail}`;
}

/** The init container's message when an input artifact could not be loaded. */
export function loadArtifactsFailed(detail: string): string {
  return `failed to load artifacts: ${detail}`;
}
