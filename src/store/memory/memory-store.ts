/**
 * @module store/memory/memory-store
 * A WorkflowStore in process memory, for tests elsewhere and for runs that need no history. It passes the
 * same contract suite as the SQLite store: it keeps JSON text (not live objects), so callers get copies
 * exactly as from a database, and several `MemoryStore`s may share one `MemoryStorage` the way several
 * processes share one database file (each checks resourceVersions against the shared data).
 *
 * JavaScript runs one call at a time, so each method is atomic without locks; a batch is validated and
 * encoded completely before anything is written, so a failing batch writes nothing.
 */

import { randomUUID } from 'node:crypto';
import type { NodeStatus, Workflow } from '../../spec/types.ts';
import type {
  ControlRequest,
  ListOptions,
  LogLine,
  ReadLogsOptions,
  StoredLogLine,
  WorkflowStore,
  WorkflowSummary,
} from '../store.ts';
import {
  staleResourceVersion,
  storeClosed,
  uidExists,
  uidNotFound,
  workflowExists,
  workflowNotFound,
} from '../store-errors.ts';
import {
  assembleWorkflow,
  compareForList,
  encodeNode,
  joinNodes,
  newRecord,
  summaryOf,
  uidOf,
  updatedRecord,
  type WorkflowRecord,
} from '../workflow-record.ts';

interface Entry {
  record: WorkflowRecord;
  resourceVersion: number;
  /** Node JSON by node id. */
  nodes: Map<string, string>;
  /** Insertion order, the last tie-breaker of list order (as a row id is in SQLite). */
  order: number;
}

/** The data behind one or more MemoryStores: what a database file is to SQLite stores. */
export class MemoryStorage {
  readonly workflows = new Map<string, Entry>();
  /** `namespace/name` → uid. */
  readonly byName = new Map<string, string>();
  readonly logs = new Map<string, StoredLogLine[]>();
  /** uid → control requests as JSON, oldest first. */
  readonly controls = new Map<string, string[]>();
  nextOrder = 1;
  /** Last log sequence number handed out; never reused. */
  lastSeq = 0;
}

const nameKey = (namespace: string, name: string): string => `${namespace}/${name}`;

function byId(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

export class MemoryStore implements WorkflowStore {
  /** The data this store reads and writes; pass it to another MemoryStore to share it. */
  readonly storage: MemoryStorage;
  #closed = false;

  constructor(storage: MemoryStorage = new MemoryStorage()) {
    this.storage = storage;
  }

  #data(): MemoryStorage {
    if (this.#closed) throw storeClosed('in memory');
    return this.storage;
  }

  async createWorkflow(wf: Workflow): Promise<WorkflowSummary> {
    const data = this.#data();
    const { record, nodes } = newRecord(wf, new Date(), randomUUID);
    const encoded = nodes.map((n) => [n.id, encodeNode(record.uid, n)] as const);
    const key = nameKey(record.namespace, record.name);
    if (data.byName.has(key)) throw workflowExists(record.namespace, record.name);
    if (data.workflows.has(record.uid)) throw uidExists(record.uid);
    data.workflows.set(record.uid, {
      record,
      resourceVersion: 1,
      nodes: new Map(encoded),
      order: data.nextOrder++,
    });
    data.byName.set(key, record.uid);
    return summaryOf(record, 1);
  }

  async updateWorkflow(wf: Workflow, resourceVersion: string): Promise<string> {
    const data = this.#data();
    const uid = uidOf(wf);
    const entry = data.workflows.get(uid);
    if (!entry) throw workflowNotFound(wf.metadata.name ?? uid);
    const stored = String(entry.resourceVersion);
    if (stored !== resourceVersion) throw staleResourceVersion(entry.record.name, resourceVersion, stored);
    entry.record = updatedRecord(wf, entry.record);
    entry.resourceVersion++;
    return String(entry.resourceVersion);
  }

  async upsertNodes(uid: string, nodes: readonly NodeStatus[]): Promise<void> {
    const entry = this.#data().workflows.get(uid);
    if (!entry) throw uidNotFound(uid);
    const encoded = nodes.map((n) => [n.id, encodeNode(uid, n)] as const);
    for (const [id, json] of encoded) entry.nodes.set(id, json);
  }

  async deleteNodes(uid: string, nodeIds: readonly string[]): Promise<void> {
    const entry = this.#data().workflows.get(uid);
    if (!entry) return;
    for (const id of nodeIds) entry.nodes.delete(id);
  }

  #assemble(entry: Entry | undefined): Workflow | undefined {
    if (!entry) return undefined;
    const nodes = [...entry.nodes].sort(byId);
    return assembleWorkflow(entry.record.object, entry.resourceVersion, joinNodes(nodes));
  }

  async getWorkflow(namespace: string, name: string): Promise<Workflow | undefined> {
    const data = this.#data();
    const uid = data.byName.get(nameKey(namespace, name));
    return this.#assemble(uid === undefined ? undefined : data.workflows.get(uid));
  }

  async getWorkflowByUid(uid: string): Promise<Workflow | undefined> {
    return this.#assemble(this.#data().workflows.get(uid));
  }

  async listWorkflows(options: ListOptions = {}): Promise<WorkflowSummary[]> {
    const phases = options.phases && options.phases.length > 0 ? new Set<string>(options.phases) : undefined;
    const labels = Object.entries(options.labelSelector ?? {});
    const kept = [...this.#data().workflows.values()].filter(({ record: r }) => {
      if (options.namespace !== undefined && r.namespace !== options.namespace) return false;
      if (phases && !phases.has(r.phase)) return false;
      if (options.namePrefix && !r.name.startsWith(options.namePrefix)) return false;
      return labels.every(([k, v]) => Object.hasOwn(r.labels, k) && r.labels[k] === v);
    });
    kept.sort((a, b) => compareForList({ ...a.record, order: a.order }, { ...b.record, order: b.order }));
    const limited = options.limit && options.limit > 0 ? kept.slice(0, options.limit) : kept;
    return limited.map((e) => summaryOf(e.record, e.resourceVersion));
  }

  async deleteWorkflow(uid: string): Promise<boolean> {
    const data = this.#data();
    const entry = data.workflows.get(uid);
    if (!entry) return false;
    data.workflows.delete(uid);
    data.byName.delete(nameKey(entry.record.namespace, entry.record.name));
    data.logs.delete(uid);
    data.controls.delete(uid);
    return true;
  }

  async sendControl(uid: string, request: ControlRequest): Promise<void> {
    const data = this.#data();
    if (!data.workflows.has(uid)) throw uidNotFound(uid);
    const list = data.controls.get(uid) ?? [];
    list.push(JSON.stringify(request));
    data.controls.set(uid, list);
  }

  async takeControls(uid: string): Promise<ControlRequest[]> {
    const data = this.#data();
    const list = data.controls.get(uid) ?? [];
    data.controls.delete(uid);
    return list.map((b) => JSON.parse(b) as ControlRequest);
  }

  async appendLogs(uid: string, lines: readonly LogLine[]): Promise<void> {
    const data = this.#data();
    if (!data.workflows.has(uid)) throw uidNotFound(uid);
    let stored = data.logs.get(uid);
    if (!stored) {
      stored = [];
      data.logs.set(uid, stored);
    }
    for (const l of lines) {
      stored.push({
        seq: ++data.lastSeq,
        nodeId: l.nodeId,
        container: l.container,
        stream: l.stream,
        time: l.time,
        content: l.content,
      });
    }
  }

  async readLogs(uid: string, options: ReadLogsOptions = {}): Promise<StoredLogLine[]> {
    const stored = this.#data().logs.get(uid) ?? [];
    if (options.tail === 0) return [];
    const kept = stored.filter(
      (l) =>
        (options.nodeId === undefined || l.nodeId === options.nodeId) &&
        (options.container === undefined || l.container === options.container) &&
        (options.afterSeq === undefined || l.seq > options.afterSeq),
    );
    const tail = options.tail !== undefined && options.tail > 0 ? kept.slice(-options.tail) : kept;
    return tail.map((l) => ({ ...l }));
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
