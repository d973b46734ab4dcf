/**
 * @module cli/render/watch
 * What `argo watch` shows, in two forms.
 *
 * `renderWatchFrame`: the screen `argo watch` redraws (each time it clears the screen with `WATCH_CLEAR`
 * and prints `argo get`'s text). Given the terminal's `width`, lines are cut to it (escape sequences kept
 * intact and colour reset after a cut) so that nothing wraps; given its `height`, a frame that is too tall
 * keeps the header block and the table heading and shows the *last* rows of the table (the ones most
 * recently started) under a line saying how many lines are hidden (` ⋮ 6 more lines`).
 *
 * `renderProgressLines`: for output that is not a terminal (CI logs, pipes), one plain line per change of
 * phase between two snapshots of the workflow, never redrawn. Format (stable, meant for grep):
 *
 *     <time> <node name> (<node type>) <Phase>[: <message>]
 *     2026-01-02T03:04:05Z hello-x7k2p[0].print(1:b) (Pod) Failed: main: Error (exit code 1)
 *     2026-01-02T03:04:06Z hello-x7k2p (Workflow) Failed: child 'hello-x7k2p-2141523112' failed
 *
 * - `<time>` is UTC, RFC 3339 at whole seconds: the node's finishedAt for a Succeeded, Failed, Error,
 *   Skipped or Omitted node, else its startedAt (the other one, then `-`, when missing);
 * - `<node name>` is the node's full name (`wf[0].step`, `wf.task(2:x)`, `wf.onExit`), unique in the
 *   workflow, unlike display names such as `[0]` or `hello(0)`;
 * - the workflow itself reports as `(Workflow)` with its phase and message (time: finishedAt once finished,
 *   else startedAt, else creation time);
 * - StepGroup and TaskGroup nodes are bookkeeping and are not reported (their failures surface on the
 *   Steps/DAG node);
 * - a node reports when it first appears and whenever its phase changes; a message change alone does not;
 * - lines are in time order; at equal times: workflow start, then finished nodes (innermost first), then
 *   started nodes (outermost first), then workflow end. `prev` undefined reports every current phase.
 */

import { isFulfilledPhase, type NodeStatus, type Workflow } from '../../spec/types.ts';
import { isZeroTime, parseTime } from './duration.ts';
import { type RenderWorkflowOptions, renderWorkflow } from './get.ts';

/** What `argo watch` writes before each frame: home the cursor, clear the screen, home again. */
export const WATCH_CLEAR = '\x1b[H\x1b[2J\x1b[0;0H';

export interface WatchFrameOptions {
  now: number;
  color: boolean;
  utf8: boolean;
  /** Terminal columns; lines are cut to fit. */
  width?: number;
  /** Terminal rows; the frame is shortened to fit. */
  height?: number;
  nodeFieldSelector?: string;
  status?: string;
  timeZone?: string;
}

const ESCAPE = /^\x1b\[[0-9;]*[A-Za-z]/;

/** Cuts a line to `width` visible characters, keeping escape sequences whole. */
export function clipLine(line: string, width: number): string {
  let out = '';
  let visible = 0;
  let styled = false;
  let i = 0;
  while (i < line.length) {
    const esc = line.slice(i).match(ESCAPE);
    if (esc) {
      out += esc[0];
      styled = esc[0] !== '\x1b[0m';
      i += esc[0].length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    if (visible === width) return styled ? `${out}\x1b[0m` : out;
    out += ch;
    visible++;
    i += ch.length;
  }
  return out;
}

function fitHeight(lines: string[], height: number, utf8: boolean): string[] {
  if (lines.length <= height) return lines;
  const marker = (n: number): string => ` ${utf8 ? '⋮' : '...'} ${n} more line${n === 1 ? '' : 's'}`;
  // The heading's `STEP` is wrapped in a default-colour sequence when colour is on.
  const heading = lines.findIndex((l) => /^(\x1b\[39m)?STEP(\x1b\[0m)?\s/.test(l));
  const headerLines = heading + 1;
  if (heading < 0 || headerLines + 2 > height) {
    const kept = lines.slice(0, Math.max(0, height - 1));
    return [...kept, marker(lines.length - kept.length)];
  }
  const tail = height - headerLines - 1;
  const hidden = lines.length - headerLines - tail;
  return [...lines.slice(0, headerLines), marker(hidden), ...lines.slice(lines.length - tail)];
}

/** One screen of `argo watch` (without `WATCH_CLEAR`), ending with a newline. */
export function renderWatchFrame(wf: Workflow, opts: WatchFrameOptions): string {
  const getOptions: RenderWorkflowOptions = {
    output: 'default',
    now: opts.now,
    color: opts.color,
    utf8: opts.utf8,
  };
  if (opts.nodeFieldSelector !== undefined) getOptions.nodeFieldSelector = opts.nodeFieldSelector;
  if (opts.status !== undefined) getOptions.status = opts.status;
  if (opts.timeZone !== undefined) getOptions.timeZone = opts.timeZone;
  let lines = renderWorkflow(wf, getOptions).replace(/\n$/, '').split('\n');
  if (opts.width !== undefined && opts.width > 0) lines = lines.map((l) => clipLine(l, opts.width!));
  if (opts.height !== undefined && opts.height > 0) lines = fitHeight(lines, opts.height, opts.utf8);
  return `${lines.join('\n')}\n`;
}

function isoSeconds(ms: number): string {
  return isZeroTime(ms) ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface Change {
  time: number;
  /** 0 workflow start, 1 node finished, 2 node started, 3 workflow end. */
  rank: number;
  key: string;
  line: string;
}

function line(time: number, name: string, type: string, phase: string, message: string | undefined): string {
  return `${isoSeconds(time)} ${name} (${type}) ${phase}${message ? `: ${message}` : ''}`;
}

function nodeChange(node: NodeStatus): Change {
  const done = isFulfilledPhase(node.phase);
  const started = parseTime(node.startedAt);
  const finished = parseTime(node.finishedAt);
  const time = done ? (isZeroTime(finished) ? started : finished) : isZeroTime(started) ? finished : started;
  // Descendants' names extend their ancestors': "\uffff" sorts an ancestor after them when finishing.
  return {
    time,
    rank: done ? 1 : 2,
    key: done ? `${node.name}\uffff` : node.name,
    line: line(time, node.name, node.type, node.phase, node.message),
  };
}

/**
 * The progress lines (without newlines) for what changed from `prev` to `next`; empty when no phase
 * changed. See the module comment for the format.
 */
export function renderProgressLines(prev: Workflow | undefined, next: Workflow): string[] {
  const changes: Change[] = [];
  const before = prev?.status?.nodes ?? {};
  for (const [id, node] of Object.entries(next.status?.nodes ?? {})) {
    if (node.type === 'StepGroup' || node.type === 'TaskGroup') continue;
    if (before[id]?.phase === node.phase) continue;
    changes.push(nodeChange(node));
  }
  const phase = next.status?.phase ?? '';
  if (phase && phase !== (prev?.status?.phase ?? '')) {
    const finished = parseTime(next.status?.finishedAt);
    const started = parseTime(next.status?.startedAt);
    const done = !isZeroTime(finished);
    const time = done ? finished : isZeroTime(started) ? parseTime(next.metadata.creationTimestamp) : started;
    const name = next.metadata.name ?? '';
    changes.push({
      time,
      rank: done ? 3 : 0,
      key: name,
      line: line(time, name, 'Workflow', phase, next.status?.message),
    });
  }
  changes.sort((a, b) => a.time - b.time || a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return changes.map((c) => c.line);
}

/** `renderProgressLines` as text to write: each line ends with a newline ('' when nothing changed). */
export function renderProgressLine(prev: Workflow | undefined, next: Workflow): string {
  return renderProgressLines(prev, next)
    .map((l) => `${l}\n`)
    .join('');
}
