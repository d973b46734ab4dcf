/**
 * @module store/sqlite/sqlite-store.test
 * What only the SQLite store promises: where the file is and how it is configured, migrations, the
 * synchronous fast path, and a StoreError that names the file when the database is locked, damaged or
 * cannot be written.
 */

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { StoreError } from '../../errors/index.ts';
import type { NodeStatus, Workflow } from '../../spec/types.ts';
import type { Migration } from '../migrations/migration.ts';
import { migrate } from './migrate.ts';
import { databaseFileName, SqliteStore } from './sqlite-store.ts';

function workflow(name: string, uid: string): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'argo', uid },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] },
    status: { phase: 'Running' },
  };
}

function node(id: string, phase: NodeStatus['phase'] = 'Running'): NodeStatus {
  return { id, name: id, displayName: id, type: 'Pod', phase };
}

/** Asserts a StoreError that names the database file and carries a hint. */
function storeErrorNaming(file: string, what: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof StoreError, `expected a StoreError, got ${String(e)}`);
    assert.ok(e.message.includes(file), `"${e.message}" does not name ${file}`);
    assert.match(e.message, what);
    assert.ok(e.hint && e.hint.length > 0, 'a hint says what to do');
    return true;
  };
}

let home: string;
const opened: SqliteStore[] = [];
function open(options: { busyTimeoutMs?: number } = {}, directory = home): SqliteStore {
  const s = new SqliteStore({ directory, ...options });
  opened.push(s);
  return s;
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'nuncio-sqlite-'));
});
afterEach(() => {
  for (const s of opened.splice(0)) s.closeSync();
  rmSync(home, { recursive: true, force: true });
});

describe('SqliteStore file and settings', () => {
  test('creates the home directory and nuncio.db in it, in WAL mode with synchronous=NORMAL', () => {
    const directory = join(home, 'nested', '.nuncio');
    const store = open({}, directory);
    assert.equal(store.file, join(directory, databaseFileName));
    assert.ok(existsSync(store.file));
    assert.deepEqual(store.settings(), {
      journalMode: 'wal',
      synchronous: 'NORMAL',
      foreignKeys: true,
      busyTimeoutMs: 5000,
      schemaVersion: 2,
    });
    store.createWorkflowSync(workflow('w', 'u'));
    assert.ok(existsSync(`${store.file}-wal`), 'writes go to the write-ahead log');
  });

  test('the busy timeout is an option', () => {
    assert.equal(open({ busyTimeoutMs: 75 }).settings().busyTimeoutMs, 75);
  });

  test('the sync fast path and the Promise methods see the same data', async () => {
    const store = open();
    store.createWorkflowSync(workflow('fast', 'f'));
    store.upsertNodesSync('f', [node('fast-a'), node('fast-b')]);
    await store.upsertNodes('f', [node('fast-b', 'Succeeded')]);
    store.appendLogsSync('f', [
      { nodeId: 'fast-a', container: 'main', stream: 'stdout', time: 't', content: 'x' },
    ]);
    const sync = store.getWorkflowSync('argo', 'fast');
    assert.deepEqual(sync, await store.getWorkflow('argo', 'fast'));
    assert.equal(sync?.status?.nodes?.['fast-b']?.phase, 'Succeeded');
    assert.deepEqual(store.readLogsSync('f'), await store.readLogs('f'));
    assert.deepEqual(store.listWorkflowsSync(), await store.listWorkflows());
  });
});

describe('SqliteStore migrations', () => {
  test('are applied once and recorded', () => {
    open().closeSync();
    open().closeSync();
    const db = new Database(join(home, databaseFileName), { readonly: true });
    try {
      const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      assert.deepEqual(rows, [
        { version: 1, name: 'init' },
        { version: 2, name: 'controls' },
      ]);
      const tables = db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .pluck()
        .all();
      assert.deepEqual(tables, ['controls', 'logs', 'nodes', 'schema_migrations', 'workflows']);
    } finally {
      db.close();
    }
  });

  test('apply the pending ones in order, and refuse a database newer than they know', () => {
    const file = join(home, 'm.db');
    const db = new Database(file);
    try {
      const one: Migration = { version: 1, name: 'one', sqlite: 'CREATE TABLE a (x INTEGER)' };
      const two: Migration = { version: 2, name: 'two', sqlite: 'ALTER TABLE a ADD COLUMN y TEXT' };
      assert.equal(migrate(db, file, [one]), 1);
      assert.equal(migrate(db, file, [one, two]), 2);
      assert.equal(migrate(db, file, [one, two]), 2);
      db.prepare('INSERT INTO a (x, y) VALUES (1, ?)').run('two applied');
      assert.deepEqual(
        db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
        [1, 2],
      );
      assert.throws(
        () => migrate(db, file, [one]),
        storeErrorNaming(file, /schema version 2, newer than this nuncio knows \(1\)/),
      );
    } finally {
      db.close();
    }
  });

  test('a failing migration is rolled back and not recorded', () => {
    const file = join(home, 'm.db');
    const db = new Database(file);
    try {
      const bad: Migration = {
        version: 1,
        name: 'bad',
        sqlite: 'CREATE TABLE ok (x); CREATE TABLE broken (',
      };
      assert.throws(() => migrate(db, file, [bad]));
      assert.equal(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'ok'").pluck().get(), 0);
      assert.equal(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), 0);
    } finally {
      db.close();
    }
  });
});

describe('SqliteStore errors name the file and say what to do', () => {
  test('a file that is not a database', () => {
    const file = join(home, databaseFileName);
    writeFileSync(file, 'this is not a SQLite database\n'.repeat(200));
    assert.throws(() => open(), storeErrorNaming(file, /damaged or is not a SQLite database/));
  });

  test('a home directory that cannot be created', () => {
    const blocker = join(home, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const directory = join(blocker, '.nuncio');
    assert.throws(
      () => open({}, directory),
      storeErrorNaming(join(directory, databaseFileName), /cannot write/),
    );
  });

  test('a database locked by another writer', async () => {
    const store = open({ busyTimeoutMs: 20 });
    await store.createWorkflow(workflow('locked', 'l'));
    const other = new Database(store.file);
    try {
      other.exec('BEGIN IMMEDIATE');
      await assert.rejects(
        store.upsertNodes('l', [node('locked-a')]),
        storeErrorNaming(store.file, /is locked/),
      );
      // In WAL mode, readers are not blocked by the writer.
      assert.equal((await store.getWorkflowByUid('l'))?.status?.nodes, undefined);
      other.exec('ROLLBACK');
      await store.upsertNodes('l', [node('locked-a')]);
      assert.deepEqual(Object.keys((await store.getWorkflowByUid('l'))?.status?.nodes ?? {}), ['locked-a']);
    } finally {
      other.close();
    }
  });

  test('a write SQLite refuses mid-batch leaves nothing behind', async () => {
    const store = open();
    await store.createWorkflow(workflow('bad-log', 'b'));
    const good = { nodeId: 'n', container: 'main', stream: 'stdout' as const, time: 't', content: 'good' };
    // A stream outside the schema's CHECK: only reachable by bypassing the types, as JSON from outside could.
    const bad = { ...good, stream: 'stdin' } as unknown as typeof good;
    await assert.rejects(store.appendLogs('b', [good, bad]), storeErrorNaming(store.file, /appending logs/));
    assert.deepEqual(await store.readLogs('b'), []);
  });
});
