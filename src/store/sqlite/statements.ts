/**
 * @module store/sqlite/statements
 * The SQL of the SQLite store: its prepared statements and its write transactions, built once per
 * connection. Rows come back in the shapes below; `columns` turns a record into named parameters.
 */

import type Database from 'better-sqlite3';
import type { NodeStatus, Workflow } from '../../spec/types.ts';
import type { LogLine } from '../store.ts';
import {
  staleResourceVersion,
  uidExists,
  uidNotFound,
  workflowExists,
  workflowNotFound,
} from '../store-errors.ts';
import { encodeNode, updatedRecord, type WorkflowRecord } from '../workflow-record.ts';

interface IdentityRow {
  namespace: string;
  name: string;
  created_at: string;
  resource_version: number;
}

export interface ObjectRow {
  uid: string;
  object: string;
  resource_version: number;
}

export interface SummaryRow {
  uid: string;
  namespace: string;
  name: string;
  phase: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  message: string | null;
  progress: string | null;
  labels: string;
  resource_version: number;
}

export interface LogRow {
  seq: number;
  node_id: string;
  container: string;
  stream: 'stdout' | 'stderr';
  time: string;
  content: string;
}

/** The columns a record writes, as named parameters (SQLite wants null, not undefined). */
function columns(r: WorkflowRecord): Record<string, string | number | null> {
  return {
    uid: r.uid,
    namespace: r.namespace,
    name: r.name,
    phase: r.phase,
    created_at: r.createdAt,
    created_ms: r.createdMs,
    started_at: r.startedAt ?? null,
    finished_at: r.finishedAt ?? null,
    finished_ms: r.finishedMs ?? null,
    message: r.message ?? null,
    progress: r.progress ?? null,
    labels: JSON.stringify(r.labels),
    object: r.object,
  };
}

export function prepareStatements(db: Database.Database) {
  return {
    exists: db.prepare<[string], number>('SELECT 1 FROM workflows WHERE uid = ?').pluck(),
    uidByName: db
      .prepare<[string, string], string>('SELECT uid FROM workflows WHERE namespace = ? AND name = ?')
      .pluck(),
    identity: db.prepare<[string], IdentityRow>(
      'SELECT namespace, name, created_at, resource_version FROM workflows WHERE uid = ?',
    ),
    insertWorkflow: db.prepare<[Record<string, unknown>]>(
      `INSERT INTO workflows (uid, namespace, name, phase, created_at, created_ms, started_at, finished_at,
         finished_ms, message, progress, labels, resource_version, object)
       VALUES (@uid, @namespace, @name, @phase, @created_at, @created_ms, @started_at, @finished_at,
         @finished_ms, @message, @progress, @labels, 1, @object)`,
    ),
    updateWorkflow: db.prepare<[Record<string, unknown>]>(
      `UPDATE workflows SET phase = @phase, started_at = @started_at, finished_at = @finished_at,
         finished_ms = @finished_ms, message = @message, progress = @progress, labels = @labels,
         object = @object, resource_version = resource_version + 1
       WHERE uid = @uid AND resource_version = @expected`,
    ),
    objectByName: db.prepare<[string, string], ObjectRow>(
      'SELECT uid, object, resource_version FROM workflows WHERE namespace = ? AND name = ?',
    ),
    objectByUid: db.prepare<[string], ObjectRow>(
      'SELECT uid, object, resource_version FROM workflows WHERE uid = ?',
    ),
    nodesOf: db
      .prepare<[string], [string, string]>('SELECT id, node FROM nodes WHERE uid = ? ORDER BY id')
      .raw(),
    upsertNode: db.prepare<[string, string, string]>(
      'INSERT INTO nodes (uid, id, node) VALUES (?, ?, ?) ON CONFLICT (uid, id) DO UPDATE SET node = excluded.node',
    ),
    deleteNode: db.prepare<[string, string]>('DELETE FROM nodes WHERE uid = ? AND id = ?'),
    deleteWorkflow: db.prepare<[string]>('DELETE FROM workflows WHERE uid = ?'),
    insertControl: db.prepare<[string, string]>('INSERT INTO controls (uid, body) VALUES (?, ?)'),
    controlsOf: db
      .prepare<[string], [number, string]>('SELECT seq, body FROM controls WHERE uid = ? ORDER BY seq')
      .raw(),
    deleteControlsUpTo: db.prepare<[string, number]>('DELETE FROM controls WHERE uid = ? AND seq <= ?'),
    insertLog: db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO logs (uid, node_id, container, stream, time, content) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
}

export type EncodedNodes = readonly (readonly [id: string, json: string])[];

/** Encoded before the transaction starts, so that the write lock is held only for the writes. */
export function encodeNodes(uid: string, nodes: readonly NodeStatus[]): EncodedNodes {
  return nodes.map((n) => [n.id, encodeNode(uid, n)] as const);
}

/**
 * The transactions, built once: better-sqlite3 builds four wrapper functions per `transaction()` call,
 * which would be a measurable part of a single-node write. Writers are IMMEDIATE (see sqlite-store.ts);
 * `read` is a DEFERRED transaction, one snapshot for the statements it runs.
 */
export function prepareTransactions(db: Database.Database, st: ReturnType<typeof prepareStatements>) {
  return {
    create: db.transaction((record: WorkflowRecord, nodes: EncodedNodes): void => {
      if (st.uidByName.get(record.namespace, record.name) !== undefined)
        throw workflowExists(record.namespace, record.name);
      if (st.exists.get(record.uid) !== undefined) throw uidExists(record.uid);
      st.insertWorkflow.run(columns(record));
      for (const [id, json] of nodes) st.upsertNode.run(record.uid, id, json);
    }).immediate,

    update: db.transaction((uid: string, wf: Workflow, resourceVersion: string): string => {
      const row = st.identity.get(uid);
      if (!row) throw workflowNotFound(wf.metadata.name ?? uid);
      const stored = String(row.resource_version);
      if (stored !== resourceVersion) throw staleResourceVersion(row.name, resourceVersion, stored);
      const record = updatedRecord(wf, {
        namespace: row.namespace,
        name: row.name,
        createdAt: row.created_at,
      });
      st.updateWorkflow.run({ ...columns(record), expected: row.resource_version });
      return String(row.resource_version + 1);
    }).immediate,

    upsertNodes: db.transaction((uid: string, nodes: EncodedNodes): void => {
      if (st.exists.get(uid) === undefined) throw uidNotFound(uid);
      for (const [id, json] of nodes) st.upsertNode.run(uid, id, json);
    }).immediate,

    deleteNodes: db.transaction((uid: string, ids: readonly string[]): void => {
      for (const id of ids) st.deleteNode.run(uid, id);
    }).immediate,

    appendLogs: db.transaction((uid: string, lines: readonly LogLine[]): void => {
      if (st.exists.get(uid) === undefined) throw uidNotFound(uid);
      for (const l of lines) st.insertLog.run(uid, l.nodeId, l.container, l.stream, l.time, l.content);
    }).immediate,

    sendControl: db.transaction((uid: string, body: string): void => {
      if (st.exists.get(uid) === undefined) throw uidNotFound(uid);
      st.insertControl.run(uid, body);
    }).immediate,

    takeControls: db.transaction((uid: string): string[] => {
      const rows = st.controlsOf.all(uid);
      const last = rows[rows.length - 1];
      if (last) st.deleteControlsUpTo.run(uid, last[0]);
      return rows.map((r) => r[1]);
    }).immediate,

    read: db.transaction((read: () => Workflow | undefined) => read()).deferred,
  };
}
