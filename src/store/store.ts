/**
 * @module store/store
 * The persistence contract. Every adapter (SQLite now, PostgreSQL later) passes `store.contract.ts`.
 *
 * Invariants:
 * - Nodes are stored one row each: a change to one node costs the same in a workflow of 10 nodes or
 *   100,000. The whole Workflow object is assembled only when read (`getWorkflow`).
 * - Every write to a workflow's object (metadata, spec, status without nodes) carries the resourceVersion
 *   it was based on; a stale one is a `ConflictError`, so two writers cannot silently overwrite each other.
 * - Logs are kept per node (and container) after the step ends, in order.
 */

import type { NodeStatus, Workflow, WorkflowPhase } from '../spec/types.ts';

export interface WorkflowSummary {
  uid: string;
  name: string;
  namespace: string;
  phase: WorkflowPhase;
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
  tail?: number;
}

export interface WorkflowStore {
  /**
   * Stores a new workflow (status and nodes included, if any). Fails with ConflictError when a workflow
   * of that name exists in the namespace. Returns the new resourceVersion.
   */
  createWorkflow(wf: Workflow): Promise<string>;
  /**
   * Replaces metadata, spec and status (except `status.nodes`) of a stored workflow. `resourceVersion`
   * must equal the stored one (else ConflictError). Returns the new resourceVersion.
   */
  updateWorkflow(wf: Workflow, resourceVersion: string): Promise<string>;
  /** Inserts or replaces these nodes (matched by `id`) in one transaction. */
  upsertNodes(uid: string, nodes: readonly NodeStatus[]): Promise<void>;
  deleteNodes(uid: string, nodeIds: readonly string[]): Promise<void>;
  /** The whole object with `status.nodes` assembled; `undefined` when absent. */
  getWorkflow(namespace: string, name: string): Promise<Workflow | undefined>;
  getWorkflowByUid(uid: string): Promise<Workflow | undefined>;
  listWorkflows(options?: ListOptions): Promise<WorkflowSummary[]>;
  deleteWorkflow(uid: string): Promise<boolean>;
  appendLogs(uid: string, lines: readonly LogLine[]): Promise<void>;
  /** Lines in order, each with its sequence number. */
  readLogs(uid: string, options?: ReadLogsOptions): Promise<(LogLine & { seq: number })[]>;
  close(): Promise<void>;
}
