/**
 * @module store/store
 * The persistence contract. Every adapter (SQLite and in-memory now, PostgreSQL later) passes
 * `store.contract.ts`.
 *
 * Invariants:
 * - Nodes are stored one row each: a change to one node costs the same in a workflow of 10 nodes or
 *   100,000. The whole Workflow object is assembled only when read (`getWorkflow`); `listWorkflows` never
 *   reads nodes.
 * - Every write to a workflow's object (metadata, spec, status without nodes) carries the resourceVersion
 *   it was based on; a stale one is a `ConflictError`, so two writers cannot silently overwrite each other.
 *   Node and log writes do not change the resourceVersion: they are per-node, and the controller that
 *   writes them is also the one writer of the object.
 * - Objects go in and come out as copies: mutating what a call returned, or what was passed to it after it
 *   returned, never changes what is stored.
 * - Logs are kept per node (and container) after the step ends, in order; sequence numbers only grow and
 *   are never reused, so a follower can resume with `afterSeq`.
 */

import type { NodeStatus, Workflow, WorkflowPhase } from '../spec/types.ts';

/** What `listWorkflows` returns for each workflow: the columns of its row, never its nodes. */
export interface WorkflowSummary {
  uid: string;
  name: string;
  namespace: string;
  phase: WorkflowPhase;
  /** `metadata.creationTimestamp`. */
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  progress?: string;
  labels: Record<string, string>;
  resourceVersion: string;
}

export interface ListOptions {
  namespace?: string;
  /** Workflow phases to keep (empty: all). */
  phases?: WorkflowPhase[];
  /** Every label must be present with exactly this value. */
  labelSelector?: Record<string, string>;
  namePrefix?: string;
  limit?: number;
}

export interface LogLine {
  nodeId: string;
  container: string;
  stream: 'stdout' | 'stderr';
  /** ISO 8601 with milliseconds. */
  time: string;
  content: string;
}

export interface ReadLogsOptions {
  nodeId?: string;
  container?: string;
  /** Only lines after this sequence number (for following). */
  afterSeq?: number;
  /** Only the last `tail` lines that match the other filters (still returned oldest first). */
  tail?: number;
}

/** A log line as stored, with its sequence number. */
export type StoredLogLine = LogLine & { seq: number };

/**
 * A request to the process running a workflow (suspend, resume, stop, terminate, node set), shaped as the
 * controller's observation of it.
 */
export interface ControlRequest {
  type: string;
  [field: string]: unknown;
}

export interface WorkflowStore {
  /**
   * Stores a new workflow, with its status and nodes if it has any. As a Kubernetes API server does, the
   * store fills what the caller left out: `metadata.uid` (a random UUID), `metadata.namespace`
   * (`default`) and `metadata.creationTimestamp` (now, RFC 3339 to the second); `metadata.name` is
   * required (`generateName` is resolved before storing). Fails with ConflictError when a workflow of that
   * name exists in the namespace, or one with that uid. Returns the stored row, resourceVersion `"1"`.
   */
  createWorkflow(wf: Workflow): Promise<WorkflowSummary>;
  /**
   * Replaces metadata, spec and status (except `status.nodes`, which is ignored: use `upsertNodes`) of the
   * workflow whose `metadata.uid` this is. `resourceVersion` must equal the stored one (else ConflictError;
   * `metadata.resourceVersion` of `wf` is not read). NotFoundError when absent. Name and namespace cannot
   * change. Returns the new resourceVersion.
   */
  updateWorkflow(wf: Workflow, resourceVersion: string): Promise<string>;
  /**
   * Inserts or replaces these nodes (matched by `id`) in one transaction: all are written or none. When a
   * batch holds one id twice, the later one wins. NotFoundError when no workflow has this uid.
   */
  upsertNodes(uid: string, nodes: readonly NodeStatus[]): Promise<void>;
  /** Removes these nodes; ids that are not stored are ignored. */
  deleteNodes(uid: string, nodeIds: readonly string[]): Promise<void>;
  /**
   * The whole object with `status.nodes` assembled (keyed and ordered by node id, as Argo prints them) and
   * `metadata.resourceVersion` set; `undefined` when absent.
   */
  getWorkflow(namespace: string, name: string): Promise<Workflow | undefined>;
  getWorkflowByUid(uid: string): Promise<Workflow | undefined>;
  /**
   * Summaries in Argo's `argo list` order: unfinished workflows first, newest created first; then finished
   * ones, latest finished first.
   */
  listWorkflows(options?: ListOptions): Promise<WorkflowSummary[]>;
  /** Deletes the workflow with its nodes and logs. False when there was none. */
  deleteWorkflow(uid: string): Promise<boolean>;
  /** Appends in one transaction, in the given order. NotFoundError when no workflow has this uid. */
  appendLogs(uid: string, lines: readonly LogLine[]): Promise<void>;
  /** Lines in order, each with its sequence number; none for an unknown uid. */
  readLogs(uid: string, options?: ReadLogsOptions): Promise<StoredLogLine[]>;
  /** Releases the storage. Other calls fail with a StoreError afterwards; closing twice is harmless. */
  /** Leaves a request for the process running the workflow. NotFoundError for an unknown uid. */
  sendControl(uid: string, request: ControlRequest): Promise<void>;
  /** Takes (and removes) the pending requests of a workflow, oldest first. */
  takeControls(uid: string): Promise<ControlRequest[]>;
  close(): Promise<void>;
}
