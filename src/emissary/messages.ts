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
