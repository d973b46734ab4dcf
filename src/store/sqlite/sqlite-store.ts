/**
 * @module store/sqlite/sqlite-store
 * The default WorkflowStore: one SQLite file, `<directory>/nuncio.db`, in WAL mode with
 * `synchronous=NORMAL` (a commit survives a crash of nuncio; the last commits may be lost only if the
 * machine itself loses power, which is the usual trade for a local engine).
 *
 * better-sqlite3 is synchronous, and each call here is one short transaction on prepared statements, so
 * the Promise methods simply run the synchronous ones. Embedded mode (controller and store in one process)
 * may call the `...Sync` methods directly to skip the Promise; they have the same contract and errors.
 *
 * Writes take the write lock at once (IMMEDIATE transactions), so a read-then-write such as the
 * resourceVersion check cannot be interleaved by another process; a writer that finds the lock taken waits
 * up to `busyTimeoutMs`, then fails with a StoreError saying the database is locked.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { NodeStatus, Workflow } from '../../spec/types.ts';
import { migrations } from '../migrations/migrations.ts';
import type {
  ControlRequest,
  ListOptions,
  LogLine,
  ReadLogsOptions,
  StoredLogLine,
  WorkflowStore,
  WorkflowSummary,
} from '../store.ts';
import { storeClosed } from '../store-errors.ts';
import { assembleWorkflow, joinNodes, newRecord, summaryOf, uidOf } from '../workflow-record.ts';
import { migrate } from './migrate.ts';
import { toStoreError } from './sqlite-errors.ts';
import {
  encodeNodes,
  type LogRow,
  type ObjectRow,
  prepareStatements,
  prepareTransactions,
  type SummaryRow,
} from './statements.ts';

/** The database file's name inside the nuncio home directory. */
export const databaseFileName = 'nuncio.db';

export interface SqliteStoreOptions {
  /** The nuncio home directory (`$NUNCIO_HOME`, `~/.nuncio` by default: `main/` decides); created if missing. */
  directory: string;
  /** How long a write waits for another connection's lock before it fails. Default 5000 ms. */
  busyTimeoutMs?: number;
}

export interface SqliteSettings {
  journalMode: string;
  synchronous: string;
  foreignKeys: boolean;
  busyTimeoutMs: number;
  schemaVersion: number;
}

const synchronousNames = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

function summaryFromRow(row: SummaryRow): WorkflowSummary {
  const s: WorkflowSummary = {
    uid: row.uid,
    name: row.name,
    namespace: row.namespace,
    phase: row.phase as WorkflowSummary['phase'],
    createdAt: row.created_at,
    labels: JSON.parse(row.labels) as Record<string, string>,
    resourceVersion: String(row.resource_version),
  };
  if (row.started_at !== null) s.startedAt = row.started_at;
  if (row.finished_at !== null) s.finishedAt = row.finished_at;
  if (row.message !== null) s.message = row.message;
  if (row.progress !== null) s.progress = row.progress;
  return s;
}

const listOrder =
  'ORDER BY finished_ms IS NULL DESC, CASE WHEN finished_ms IS NULL THEN created_ms END DESC, finished_ms DESC, rowid DESC';

export class SqliteStore implements WorkflowStore {
  /** Absolute path of the database file. */
  readonly file: string;
  readonly #db: Database.Database;
  readonly #st: ReturnType<typeof prepareStatements>;
  readonly #tx: ReturnType<typeof prepareTransactions>;
  /** Statements whose SQL depends on which filters are set; few shapes, so kept. */
  readonly #dynamic = new Map<string, Statement<unknown[]>>();
  #closed = false;

  constructor(options: SqliteStoreOptions) {
    const directory = resolve(options.directory);
    this.file = join(directory, databaseFileName);
    let db: Database.Database | undefined;
    try {
      mkdirSync(directory, { recursive: true });
      db = new Database(this.file, { timeout: options.busyTimeoutMs ?? 5000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, this.file, migrations);
      this.#st = prepareStatements(db);
      this.#tx = prepareTransactions(db, this.#st);
    } catch (e) {
      db?.close();
      throw toStoreError(e, this.file, 'opening it');
    }
    this.#db = db;
  }

  /** Runs `fn`, turning whatever SQLite throws into a StoreError that names the file. */
  #guard<T>(doing: string, fn: () => T): T {
    if (this.#closed) throw storeClosed(this.file);
    try {
      return fn();
    } catch (e) {
      throw toStoreError(e, this.file, doing);
    }
  }

  #statement(sql: string): Statement<unknown[]> {
    let s = this.#dynamic.get(sql);
    if (!s) {
      s = this.#db.prepare(sql);
      this.#dynamic.set(sql, s);
    }
    return s;
  }

  createWorkflowSync(wf: Workflow): WorkflowSummary {
    return this.#guard('creating a workflow', () => {
      const { record, nodes } = newRecord(wf, new Date(), randomUUID);
      this.#tx.create(record, encodeNodes(record.uid, nodes));
      return summaryOf(record, 1);
    });
  }

  updateWorkflowSync(wf: Workflow, resourceVersion: string): string {
    return this.#guard('updating a workflow', () => this.#tx.update(uidOf(wf), wf, resourceVersion));
  }

  upsertNodesSync(uid: string, nodes: readonly NodeStatus[]): void {
    this.#guard('writing nodes', () => this.#tx.upsertNodes(uid, encodeNodes(uid, nodes)));
  }

  deleteNodesSync(uid: string, nodeIds: readonly string[]): void {
    this.#guard('deleting nodes', () => this.#tx.deleteNodes(uid, nodeIds));
  }

  #assemble(row: ObjectRow | undefined): Workflow | undefined {
    if (!row) return undefined;
    return assembleWorkflow(row.object, row.resource_version, joinNodes(this.#st.nodesOf.iterate(row.uid)));
  }

  getWorkflowSync(namespace: string, name: string): Workflow | undefined {
    // One read transaction: the object and its nodes come from the same snapshot.
    return this.#guard('reading a workflow', () =>
      this.#tx.read(() => this.#assemble(this.#st.objectByName.get(namespace, name))),
    );
  }

  getWorkflowByUidSync(uid: string): Workflow | undefined {
    return this.#guard('reading a workflow', () =>
      this.#tx.read(() => this.#assemble(this.#st.objectByUid.get(uid))),
    );
  }

  listWorkflowsSync(options: ListOptions = {}): WorkflowSummary[] {
    return this.#guard('listing workflows', () => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (options.namespace !== undefined) {
        where.push('namespace = ?');
        params.push(options.namespace);
      }
      if (options.phases && options.phases.length > 0) {
        where.push(`phase IN (${options.phases.map(() => '?').join(', ')})`);
        params.push(...options.phases);
      }
      if (options.namePrefix) {
        where.push('substr(name, 1, length(?)) = ?');
        params.push(options.namePrefix, options.namePrefix);
      }
      for (const [key, value] of Object.entries(options.labelSelector ?? {})) {
        where.push('EXISTS (SELECT 1 FROM json_each(labels) WHERE key = ? AND value = ?)');
        params.push(key, value);
      }
      const limit = options.limit && options.limit > 0 ? options.limit : -1;
      params.push(limit);
      const sql =
        'SELECT uid, namespace, name, phase, created_at, started_at, finished_at, message, progress, labels, resource_version ' +
        `FROM workflows ${where.length ? `WHERE ${where.join(' AND ')} ` : ''}${listOrder} LIMIT ?`;
      return (this.#statement(sql).all(...params) as SummaryRow[]).map(summaryFromRow);
    });
  }

  deleteWorkflowSync(uid: string): boolean {
    // Nodes and logs go with it (ON DELETE CASCADE).
    return this.#guard('deleting a workflow', () => this.#st.deleteWorkflow.run(uid).changes > 0);
  }

  appendLogsSync(uid: string, lines: readonly LogLine[]): void {
    this.#guard('appending logs', () => this.#tx.appendLogs(uid, lines));
  }

  sendControlSync(uid: string, request: ControlRequest): void {
    this.#guard('sending a control request', () => this.#tx.sendControl(uid, JSON.stringify(request)));
  }

  takeControlsSync(uid: string): ControlRequest[] {
    return this.#guard('taking control requests', () =>
      this.#tx.takeControls(uid).map((b) => JSON.parse(b) as ControlRequest),
    );
  }

  readLogsSync(uid: string, options: ReadLogsOptions = {}): StoredLogLine[] {
    return this.#guard('reading logs', () => {
      if (options.tail === 0) return [];
      const where = ['uid = ?'];
      const params: unknown[] = [uid];
      if (options.nodeId !== undefined) {
        where.push('node_id = ?');
        params.push(options.nodeId);
      }
      if (options.container !== undefined) {
        where.push('container = ?');
        params.push(options.container);
      }
      if (options.afterSeq !== undefined) {
        where.push('seq > ?');
        params.push(options.afterSeq);
      }
      let sql = `SELECT seq, node_id, container, stream, time, content FROM logs WHERE ${where.join(' AND ')}`;
      if (options.tail !== undefined && options.tail > 0) {
        sql = `SELECT * FROM (${sql} ORDER BY seq DESC LIMIT ?) ORDER BY seq`;
        params.push(options.tail);
      } else sql += ' ORDER BY seq';
      return (this.#statement(sql).all(...params) as LogRow[]).map((r) => ({
        seq: r.seq,
        nodeId: r.node_id,
        container: r.container,
        stream: r.stream,
        time: r.time,
        content: r.content,
      }));
    });
  }

  /** The connection's settings and the schema version, for diagnostics (and the tests that pin them). */
  settings(): SqliteSettings {
    return this.#guard('reading its settings', () => ({
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: synchronousNames[Number(this.#db.pragma('synchronous', { simple: true }))] ?? 'unknown',
      foreignKeys: this.#db.pragma('foreign_keys', { simple: true }) === 1,
      busyTimeoutMs: Number(this.#db.pragma('busy_timeout', { simple: true })),
      schemaVersion: Number(this.#db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()),
    }));
  }

  closeSync(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  async createWorkflow(wf: Workflow): Promise<WorkflowSummary> {
    return this.createWorkflowSync(wf);
  }
  async updateWorkflow(wf: Workflow, resourceVersion: string): Promise<string> {
    return this.updateWorkflowSync(wf, resourceVersion);
  }
  async upsertNodes(uid: string, nodes: readonly NodeStatus[]): Promise<void> {
    this.upsertNodesSync(uid, nodes);
  }
  async deleteNodes(uid: string, nodeIds: readonly string[]): Promise<void> {
    this.deleteNodesSync(uid, nodeIds);
  }
  async getWorkflow(namespace: string, name: string): Promise<Workflow | undefined> {
    return this.getWorkflowSync(namespace, name);
  }
  async getWorkflowByUid(uid: string): Promise<Workflow | undefined> {
    return this.getWorkflowByUidSync(uid);
  }
  async listWorkflows(options?: ListOptions): Promise<WorkflowSummary[]> {
    return this.listWorkflowsSync(options);
  }
  async deleteWorkflow(uid: string): Promise<boolean> {
    return this.deleteWorkflowSync(uid);
  }
  async sendControl(uid: string, request: ControlRequest): Promise<void> {
    this.sendControlSync(uid, request);
  }

  async takeControls(uid: string): Promise<ControlRequest[]> {
    return this.takeControlsSync(uid);
  }

  async appendLogs(uid: string, lines: readonly LogLine[]): Promise<void> {
    this.appendLogsSync(uid, lines);
  }
  async readLogs(uid: string, options?: ReadLogsOptions): Promise<StoredLogLine[]> {
    return this.readLogsSync(uid, options);
  }
  async close(): Promise<void> {
    this.closeSync();
  }
}
