/**
 * @module cli/render/list
 * The text of `argo list` (util/printer/workflow-printer.go): `NAME STATUS AGE DURATION PRIORITY MESSAGE`
 * aligned like Go's tabwriter with three spaces of padding, `-o wide` adding `P/R/C` (pods pending, running,
 * completed) and `PARAMETERS`, `-A` adding a leading `NAMESPACE`, `-o name` printing names only, and
 * `No workflows found` for an empty list. Rows are ordered as `argo list` orders them: unfinished workflows
 * first, newest created first, then finished ones, most recently finished first.
 *
 * A store summary lacks some of what the wide and status columns need (priority, shutdown, suspension,
 * parameters, pod counts): `ListRow` carries them when known, `listRowFromWorkflow` fills them from a
 * whole Workflow, and when absent they print as Argo prints a workflow without them (priority 0, plain
 * phase, `0/0/0`, no parameters).
 */

import { isFulfilledPhase, type Parameter, type Workflow } from '../../spec/types.ts';
import type { WorkflowSummary } from '../../store/store.ts';
import { parseTime, relativeDurationShort } from './duration.ts';
import { tabwrite } from './table.ts';
import { isWorkflowSuspended, statusText } from './workflow-status.ts';

export interface PodCounts {
  pending: number;
  running: number;
  completed: number;
}

export interface ListRow extends WorkflowSummary {
  /** spec.priority */
  priority?: number;
  /** spec.shutdown (`Stop` or `Terminate`) */
  shutdown?: string;
  /** spec.suspend, or a suspend node is waiting */
  suspended?: boolean;
  /** spec.arguments.parameters */
  parameters?: Parameter[];
  pods?: PodCounts;
}

export interface RenderListOptions {
  output: 'default' | 'wide' | 'name';
  /** The current time (epoch ms), for AGE and running durations. */
  now: number;
  noHeaders?: boolean;
  /** `--all-namespaces`: adds the NAMESPACE column. */
  allNamespaces?: boolean;
}

/** Pods by state, as `argo list -o wide` counts them: fulfilled (or daemoned and started) are completed. */
export function countPods(wf: Workflow): PodCounts {
  const counts = { pending: 0, running: 0, completed: 0 };
  for (const node of Object.values(wf.status?.nodes ?? {})) {
    if (node.type !== 'Pod') continue;
    if (isFulfilledPhase(node.phase) || (node.daemoned && node.phase !== 'Pending')) counts.completed++;
    else if (node.phase === 'Running') counts.running++;
    else counts.pending++;
  }
  return counts;
}

/** A list row with every column known, from a whole Workflow. */
export function listRowFromWorkflow(wf: Workflow): ListRow {
  const s = wf.status;
  const row: ListRow = {
    uid: wf.metadata.uid ?? '',
    name: wf.metadata.name ?? '',
    namespace: wf.metadata.namespace ?? '',
    phase: s?.phase ?? '',
    createdAt: wf.metadata.creationTimestamp ?? '',
    labels: wf.metadata.labels ?? {},
    resourceVersion: wf.metadata.resourceVersion ?? '',
    suspended: isWorkflowSuspended(wf),
    parameters: wf.spec.arguments?.parameters ?? [],
    pods: countPods(wf),
  };
  if (s?.startedAt) row.startedAt = s.startedAt;
  if (s?.finishedAt) row.finishedAt = s.finishedAt;
  if (s?.message) row.message = s.message;
  if (s?.progress) row.progress = s.progress;
  if (wf.spec.priority !== undefined) row.priority = wf.spec.priority;
  if (wf.spec.shutdown) row.shutdown = wf.spec.shutdown;
  return row;
}

/** Unfinished first (newest created first), then finished (latest finished first); stable otherwise. */
export function sortForList<T extends WorkflowSummary>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    const aDone = parseTime(a.finishedAt);
    const bDone = parseTime(b.finishedAt);
    const aOpen = !a.finishedAt;
    const bOpen = !b.finishedAt;
    if (aOpen && bOpen) return parseTime(b.createdAt) - parseTime(a.createdAt);
    if (aOpen !== bOpen) return aOpen ? -1 : 1;
    return bDone - aDone;
  });
}

/** `name=value` pairs joined by commas, each value cut to 50 characters as `argo list -o wide` does. */
export function parameterString(parameters: readonly Parameter[]): string {
  const cut = (s: string): string => (s.length > 50 ? `${s.slice(0, 32)}...${s.slice(-15)}` : s);
  return parameters
    .filter((p) => p.value !== undefined)
    .map((p) => `${p.name}=${cut(p.value ?? '')}`)
    .join(',');
}

export function renderList(rows: readonly ListRow[], opts: RenderListOptions): string {
  if (rows.length === 0) return 'No workflows found\n';
  const sorted = sortForList(rows);
  if (opts.output === 'name') return sorted.map((r) => `${r.name}\n`).join('');
  const wide = opts.output === 'wide';
  const lines: string[] = [];
  if (!opts.noHeaders) {
    const head = ['NAME', 'STATUS', 'AGE', 'DURATION', 'PRIORITY', 'MESSAGE'];
    if (opts.allNamespaces) head.unshift('NAMESPACE');
    if (wide) head.push('P/R/C', 'PARAMETERS');
    lines.push(head.join('\t'));
  }
  for (const r of sorted) {
    const status = statusText({
      phase: r.phase,
      created: !!r.createdAt,
      suspended: !!r.suspended,
      shutdown: !!r.shutdown,
    });
    const cells = [
      r.name,
      status,
      relativeDurationShort(parseTime(r.createdAt), opts.now, opts.now),
      relativeDurationShort(parseTime(r.startedAt), parseTime(r.finishedAt), opts.now),
      String(Math.trunc(r.priority ?? 0)),
      r.message ?? '',
    ];
    if (opts.allNamespaces) cells.unshift(r.namespace);
    if (wide) {
      const p = r.pods ?? { pending: 0, running: 0, completed: 0 };
      cells.push(`${p.pending}/${p.running}/${p.completed}`, parameterString(r.parameters ?? []));
    }
    lines.push(cells.join('\t'));
  }
  return tabwrite(`${lines.join('\n')}\n`, { padding: 3 });
}
