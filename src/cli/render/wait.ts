/**
 * @module cli/render/wait
 * The line `argo wait` (and `argo submit --wait`) prints once a workflow has finished:
 * `<name> <Phase> at <finishedAt as Go's time.Time.String()>`, e.g.
 * `hello-world-x7k2p Succeeded at 2026-01-02 03:04:05 +0000 UTC`.
 */

import type { Workflow } from '../../spec/types.ts';
import { isZeroTime, parseTime } from './duration.ts';
import { formatGoTime } from './time-format.ts';

export interface WaitLineOptions {
  /** IANA zone of the printed time; `argo` prints in the local zone. Default UTC. */
  timeZone?: string;
}

/** True once `argo wait` stops waiting for the workflow: it has a finish time. */
export function isWaitOver(wf: Workflow): boolean {
  return !isZeroTime(parseTime(wf.status?.finishedAt));
}

/** The line for a finished workflow (with its newline), or undefined while it has no finish time. */
export function renderWaitLine(wf: Workflow, opts: WaitLineOptions = {}): string | undefined {
  const finished = parseTime(wf.status?.finishedAt);
  if (isZeroTime(finished)) return undefined;
  const phase = wf.status?.phase ?? '';
  return `${wf.metadata.name ?? ''} ${phase} at ${formatGoTime(finished, opts.timeZone)}\n`;
}

/** `argo wait` exits 1 when any waited-for workflow ended Failed or Error. */
export function waitSucceeded(wf: Workflow): boolean {
  const phase = wf.status?.phase;
  return phase !== 'Failed' && phase !== 'Error';
}
