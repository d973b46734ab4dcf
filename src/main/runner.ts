/**
 * @module main/runner
 * Which process runs a workflow, and what becomes of a workflow whose process died.
 *
 * In embedded mode the process that started a workflow is its only controller: killed (SIGKILL, the OOM
 * killer, a reboot) it leaves the stored workflow Running for ever, and its steps are gone with it (the
 * launcher kills them when the engine's end closes its input). So the engine marks each workflow it starts
 * with a label naming itself: hashes of its host and of the boot, its pid and its start time, so that a
 * pid reused by another process does not pass for it. (A label, not an annotation: `listWorkflows` returns
 * labels, so settling reads no workflow's nodes but those of the dead.) The read verbs (`list`, `get`,
 * `logs`, the control verbs) settle first: a workflow still Pending or Running whose process is gone on
 * this host ends Error, as do its unfinished nodes, with a message that says why. A workflow run on
 * another host is left as it is.
 */

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { formatTime } from '../controller/time.ts';
import { ConflictError } from '../errors/index.ts';
import { fnv32a } from '../spec/names.ts';
import { isFulfilledPhase, type NodeStatus, type Workflow } from '../spec/types.ts';
import type { WorkflowStore } from '../store/store.ts';

/** The label that names the process running a workflow. */
export const runnerLabel = 'nuncio/runner';

/** 8 hex digits of `text` (a label value holds at most 63 characters, a host name alone up to 64). */
function shortHash(text: string): string {
  return fnv32a(text).toString(16).padStart(8, '0');
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '-';
  }
}

/**
 * Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot; undefined if there is
 * no such process, or only its zombie (dead, not yet reaped by its parent).
 */
function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/** This process, as the label names it: `HOST.BOOT.PID.START` (host and boot hashed). */
export function runnerMark(pid = process.pid): string {
  // 0 where /proc does not tell: a label value ends with a letter or a digit.
  return [shortHash(hostname()), shortHash(bootId()), pid, startTicks(pid) ?? '0'].join('.');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why the process a mark names is gone (undefined while it runs, or when this host cannot tell: another
 * host, or a mark it does not read).
 */
export function runnerGone(mark: string): string | undefined {
  const [host, boot, pidText, start] = mark.split('.');
  const pid = Number(pidText);
  if (host !== shortHash(hostname()) || !Number.isInteger(pid) || pid <= 0 || start === undefined) {
    return undefined;
  }
  const gone = `the nuncio process that ran it (pid ${pid}) ended before it did`;
  if (boot !== shortHash(bootId())) return `${gone} (the machine restarted)`;
  if (start !== '0') return startTicks(pid) === start ? undefined : gone;
  return alive(pid) ? undefined : gone;
}

/** `wf` (with its nodes) ended Error for `reason`; returns the nodes it changed. */
export function endOrphan(wf: Workflow, reason: string, now: number): NodeStatus[] {
  const at = formatTime(now);
  const changed: NodeStatus[] = [];
  for (const node of Object.values(wf.status?.nodes ?? {})) {
    if (isFulfilledPhase(node.phase)) continue;
    node.phase = 'Error';
    node.message = reason;
    node.finishedAt = at;
    changed.push(node);
  }
  // As Argo's markWorkflowPhase: a phase past Pending has a start, here the end's if it had none.
  wf.status = { ...wf.status, phase: 'Error', message: reason, finishedAt: at };
  if (!wf.status.startedAt) wf.status.startedAt = at;
  return changed;
}

/**
 * Ends every Pending or Running workflow (or one with no phase yet) of the store whose process is gone (see the module comment);
 * returns their names. A workflow written meanwhile (a ConflictError) is left to its writer.
 */
export async function settleOrphans(store: WorkflowStore, now = Date.now()): Promise<string[]> {
  const settled: string[] = [];
  // '' is a workflow whose process died before its first write of a phase (in its first reconcile).
  for (const row of await store.listWorkflows({ phases: ['', 'Pending', 'Running'] })) {
    const mark = row.labels[runnerLabel];
    const reason = mark === undefined ? undefined : runnerGone(mark);
    if (reason === undefined) continue;
    const wf = await store.getWorkflowByUid(row.uid);
    if (!wf) continue;
    const nodes = endOrphan(wf, reason, now);
    try {
      await store.updateWorkflow(wf, row.resourceVersion);
    } catch (e) {
      if (e instanceof ConflictError) continue;
      throw e;
    }
    if (nodes.length) await store.upsertNodes(row.uid, nodes);
    settled.push(row.name);
  }
  return settled;
}
