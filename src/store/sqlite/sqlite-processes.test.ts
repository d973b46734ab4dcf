/**
 * @module store/sqlite/sqlite-processes.test
 * Two processes on one database file, as `nuncio server` and a `nuncio run` may be: a stale write from
 * one loses to the other with a ConflictError, and a write lock held by one makes the other fail with a
 * StoreError after its busy timeout rather than hang or corrupt anything.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ConflictError, StoreError } from '../../errors/index.ts';
import type { Workflow } from '../../spec/types.ts';
import { SqliteStore } from './sqlite-store.ts';

const storeModule = new URL('./sqlite-store.js', import.meta.url).href;
const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');

/** Runs `body` (an ES module's text, with `SqliteStore`, `Database` and `home` in scope) in a new process. */
function child(home: string, body: string): ChildProcess {
  const source = `
    import { SqliteStore } from ${JSON.stringify(storeModule)};
    import { createRequire } from 'node:module';
    const Database = createRequire(import.meta.url)(${JSON.stringify(sqliteModule)});
    const home = ${JSON.stringify(home)};
    ${body}
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', source], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Resolves with the child's first stdout line. */
async function firstLine(p: ChildProcess): Promise<string> {
  let out = '';
  for await (const chunk of p.stdout!) {
    out += String(chunk);
    const nl = out.indexOf('\n');
    if (nl >= 0) return out.slice(0, nl);
  }
  throw new Error(`the child process ended without a line (${out})`);
}

/** The child's exit code, whether it has exited already or not. */
async function exited(p: ChildProcess): Promise<number | null> {
  if (p.exitCode !== null || p.signalCode !== null) return p.exitCode;
  const [code] = (await once(p, 'exit')) as [number | null];
  return code;
}

const wf: Workflow = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name: 'shared', namespace: 'argo', uid: 'shared-uid' },
  spec: { entrypoint: 'main' },
  status: { phase: 'Running' },
};

let home: string;
let store: SqliteStore;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'nuncio-processes-'));
  store = new SqliteStore({ directory: home, busyTimeoutMs: 50 });
});
afterEach(() => {
  store.closeSync();
  rmSync(home, { recursive: true, force: true });
});

test('a write based on a version another process has replaced is a ConflictError', async () => {
  await store.createWorkflow(wf);
  const mine = (await store.getWorkflowByUid('shared-uid'))!;
  const other = child(
    home,
    `const s = new SqliteStore({ directory: home });
     const wf = s.getWorkflowByUidSync('shared-uid');
     wf.status.phase = 'Succeeded';
     console.log(s.updateWorkflowSync(wf, wf.metadata.resourceVersion));
     s.closeSync();`,
  );
  assert.equal(await firstLine(other), '2');
  assert.equal(await exited(other), 0);
  await assert.rejects(
    store.updateWorkflow({ ...mine, status: { phase: 'Failed' } }, '1'),
    (e) => e instanceof ConflictError,
  );
  const now = await store.getWorkflowByUid('shared-uid');
  assert.equal(now?.status?.phase, 'Succeeded');
  assert.equal(now?.metadata.resourceVersion, '2');
});

test('a write lock held by another process makes a write fail with a StoreError, then succeed', async () => {
  await store.createWorkflow(wf);
  const holder = child(
    home,
    `const db = new Database(home + '/nuncio.db');
     db.exec('BEGIN IMMEDIATE');
     console.log('locked');
     process.stdin.on('data', () => {});
     process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); });`,
  );
  try {
    assert.equal(await firstLine(holder), 'locked');
    await assert.rejects(
      store.appendLogs('shared-uid', [
        { nodeId: 'n', container: 'main', stream: 'stdout', time: 't', content: 'x' },
      ]),
      (e) => e instanceof StoreError && e.message.includes(store.file) && /is locked/.test(e.message),
    );
    // Readers are not blocked by the other process's writer (WAL).
    assert.equal((await store.getWorkflowByUid('shared-uid'))?.metadata.resourceVersion, '1');
  } finally {
    holder.stdin!.end();
    await exited(holder);
  }
  await store.appendLogs('shared-uid', [
    { nodeId: 'n', container: 'main', stream: 'stdout', time: 't', content: 'x' },
  ]);
  assert.equal((await store.readLogs('shared-uid')).length, 1);
});
