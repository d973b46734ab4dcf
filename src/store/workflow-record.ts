/**
 * @module store/workflow-record
 * How a Workflow is split into what adapters store, and assembled back; shared by every adapter so that
 * they agree to the byte on what goes in and what comes out.
 *
 * A workflow is stored as one record (the columns that lists filter and sort on, plus the object as JSON
 * without `status.nodes` and without `metadata.resourceVersion`) and one JSON document per node. The
 * resourceVersion lives beside the record, never inside its JSON, so that bumping it rewrites nothing.
 */

import { ErrorCode, NuncioError } from '../errors/index.ts';
import type { NodeStatus, Workflow, WorkflowPhase, WorkflowStatus } from '../spec/types.ts';
import type { WorkflowSummary } from './store.ts';
import { immutableField, missingField, unstorableNode } from './store-errors.ts';

/** Kubernetes puts objects that name no namespace into this one. */
export const defaultNamespace = 'default';

export interface WorkflowRecord {
  uid: string;
  namespace: string;
  name: string;
  /** `metadata.creationTimestamp` as given. */
  createdAt: string;
  /** `createdAt` in epoch milliseconds, for ordering. */
  createdMs: number;
  phase: WorkflowPhase;
  startedAt: string | undefined;
  finishedAt: string | undefined;
  /** `finishedAt` in epoch milliseconds, `undefined` while the workflow has not finished. */
  finishedMs: number | undefined;
  message: string | undefined;
  progress: string | undefined;
  labels: Record<string, string>;
  /** The object as JSON, without `status.nodes` and `metadata.resourceVersion`. */
  object: string;
}

/** RFC 3339 to the second, as Kubernetes writes creationTimestamp. */
export function rfc3339Seconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The record of a workflow about to be created, with uid, namespace and creationTimestamp filled in
 * where the caller left them out, and its nodes (if its status carries any).
 */
export function newRecord(
  wf: Workflow,
  now: Date,
  newUid: () => string,
): { record: WorkflowRecord; nodes: NodeStatus[] } {
  const name = wf.metadata?.name;
  if (!name) throw missingField('metadata.name');
  const metadata = {
    ...wf.metadata,
    name,
    namespace: wf.metadata.namespace || defaultNamespace,
    uid: wf.metadata.uid || newUid(),
    creationTimestamp: wf.metadata.creationTimestamp || rfc3339Seconds(now),
  };
  return {
    record: toRecord({ ...wf, metadata }),
    nodes: Object.values(wf.status?.nodes ?? {}),
  };
}

/** What an update keeps from the stored row whatever the new version says. */
export interface StoredIdentity {
  namespace: string;
  name: string;
  createdAt: string;
}

/**
 * The record of a stored workflow's new version. Name and namespace cannot change (left out, they are
 * kept); creationTimestamp is always the stored one, as in Kubernetes.
 */
export function updatedRecord(wf: Workflow, stored: StoredIdentity): WorkflowRecord {
  const metadata = wf.metadata ?? {};
  for (const field of ['namespace', 'name'] as const) {
    const given = metadata[field];
    if (given && given !== stored[field]) throw immutableField(`metadata.${field}`, stored[field], given);
  }
  return toRecord({
    ...wf,
    metadata: {
      ...metadata,
      namespace: stored.namespace,
      name: stored.name,
      creationTimestamp: stored.createdAt,
    },
  });
}

/** The uid an update addresses. */
export function uidOf(wf: Workflow): string {
  const uid = wf.metadata?.uid;
  if (!uid) throw missingField('metadata.uid');
  return uid;
}

function toRecord(wf: Workflow): WorkflowRecord {
  const { resourceVersion: _ignored, ...metadata } = wf.metadata;
  const status = wf.status;
  let storedStatus: Omit<WorkflowStatus, 'nodes'> | undefined;
  if (status) {
    const { nodes: _nodes, ...rest } = status;
    storedStatus = rest;
  }
  const createdAt = metadata.creationTimestamp ?? '';
  const createdMs = Date.parse(createdAt);
  if (Number.isNaN(createdMs)) {
    throw new NuncioError(
      ErrorCode.BadRequest,
      `metadata.creationTimestamp "${createdAt}" is not an RFC 3339 time`,
      {
        hint: 'write it as 2006-01-02T15:04:05Z, or leave it out and the store sets it',
        path: 'metadata.creationTimestamp',
      },
    );
  }
  const finishedAt = status?.finishedAt || undefined;
  const object = JSON.stringify({ ...wf, metadata, ...(storedStatus ? { status: storedStatus } : {}) });
  return {
    uid: metadata.uid!,
    namespace: metadata.namespace!,
    name: metadata.name!,
    createdAt,
    createdMs,
    phase: status?.phase ?? '',
    startedAt: status?.startedAt || undefined,
    finishedAt,
    // An unreadable finishedAt still means "finished": it sorts as the oldest finished workflow.
    finishedMs: finishedAt === undefined ? undefined : Date.parse(finishedAt) || 0,
    message: status?.message || undefined,
    progress: status?.progress || undefined,
    labels: { ...(metadata.labels ?? {}) },
    object,
  };
}

/** A node as stored: its JSON. Throws (naming the node) when it is not plain data. */
export function encodeNode(uid: string, node: NodeStatus): string {
  if (typeof node?.id !== 'string' || node.id === '') throw missingField('status.nodes[].id');
  try {
    return JSON.stringify(node);
  } catch (e) {
    throw unstorableNode(uid, node.id, e);
  }
}

export function summaryOf(r: WorkflowRecord, resourceVersion: number): WorkflowSummary {
  const s: WorkflowSummary = {
    uid: r.uid,
    name: r.name,
    namespace: r.namespace,
    phase: r.phase,
    createdAt: r.createdAt,
    labels: { ...r.labels },
    resourceVersion: String(resourceVersion),
  };
  if (r.startedAt !== undefined) s.startedAt = r.startedAt;
  if (r.finishedAt !== undefined) s.finishedAt = r.finishedAt;
  if (r.message !== undefined) s.message = r.message;
  if (r.progress !== undefined) s.progress = r.progress;
  return s;
}

/** Status fields that Argo prints before `nodes`; the rest follow it. */
const statusHead = new Set(['phase', 'startedAt', 'finishedAt', 'estimatedDuration', 'progress', 'message']);

/**
 * The Workflow from its stored JSON, its resourceVersion and its nodes in id order (`nodes` is a JSON
 * object text `{"id": {...}, ...}`, or empty when the workflow has no nodes).
 */
export function assembleWorkflow(object: string, resourceVersion: number, nodesJson: string): Workflow {
  const wf = JSON.parse(object) as Workflow;
  wf.metadata.resourceVersion = String(resourceVersion);
  if (nodesJson === '') return wf;
  const nodes = JSON.parse(nodesJson) as Record<string, NodeStatus>;
  const status: Record<string, unknown> = {};
  const old: Record<string, unknown> = { ...(wf.status ?? { phase: '' }) };
  for (const k of Object.keys(old)) if (statusHead.has(k)) status[k] = old[k];
  status.nodes = nodes;
  for (const k of Object.keys(old)) if (!statusHead.has(k)) status[k] = old[k];
  wf.status = status as unknown as WorkflowStatus;
  return wf;
}

/**
 * Joins stored node documents (already in id order) into one JSON object text, so that assembly parses
 * once instead of once per node.
 */
export function joinNodes(entries: Iterable<readonly [id: string, json: string]>): string {
  const parts: string[] = [];
  for (const [id, json] of entries) parts.push(`${JSON.stringify(id)}:${json}`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** Argo's `argo list` order: unfinished first, newest created first; then latest finished first. */
export function compareForList(
  a: { createdMs: number; finishedMs: number | undefined; order: number },
  b: { createdMs: number; finishedMs: number | undefined; order: number },
): number {
  const aRunning = a.finishedMs === undefined;
  const bRunning = b.finishedMs === undefined;
  if (aRunning !== bRunning) return aRunning ? -1 : 1;
  if (aRunning) {
    if (a.createdMs !== b.createdMs) return b.createdMs - a.createdMs;
  } else if (a.finishedMs !== b.finishedMs) return b.finishedMs! - a.finishedMs!;
  return b.order - a.order;
}
