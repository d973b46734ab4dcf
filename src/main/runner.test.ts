/**
 * @module main/runner.test
 * The mark names a live process until it dies (or is a zombie, or the machine restarted), only this host
 * judges it, and settling a real SQLite store ends the workflows of dead processes, with their unfinished
 * nodes, and leaves the others alone.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { NodeStatus, Workflow } from '../spec/types.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { runnerGone, runnerLabel, runnerMark, settleOrphans } from './runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'nuncio-runner-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The mark of a process that ran and is gone (killed and reaped). */
async function deadMark(): Promise<string> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  await once(child, 'spawn');
  const mark = runnerMark(child.pid);
  assert.equal(runnerGone(mark), undefined, 'a running process is not gone');
  child.kill('SIGKILL');
  await once(child, 'exit');
  return mark;
}

test('a mark is alive while its process runs, and gone once it died', async () => {
  assert.equal(runnerGone(runnerMark()), undefined);
  const mark = await deadMark();
  assert.match(runnerGone(mark) ?? '', /^the nuncio process that ran it \(pid \d+\) ended before it did$/);
});

test('another host’s mark is not judged here; another boot of this host is gone', () => {
  const [host, boot, pid, start] = runnerMark().split('.');
  assert.match(runnerMark(), /^[0-9a-f]{8}\.[0-9a-f]{8}\.\d+\.\d+$/, 'a valid label value');
  assert.equal(runnerGone(`00000000.${boot}.${pid}.${start}`), undefined);
  assert.match(runnerGone(`${host}.00000000.${pid}.${start}`) ?? '', /machine restarted/);
  assert.equal(runnerGone('not a mark'), undefined);
});

function workflow(name: string, mark: string | undefined): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default', ...(mark ? { labels: { [runnerLabel]: mark } } : {}) },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox' } }] },
    status: { phase: 'Running', startedAt: '2026-01-01T00:00:00Z' },
  } as Workflow;
}

const node = (id: string, phase: NodeStatus['phase']): NodeStatus =>
  ({ id, name: id, displayName: id, type: 'Pod', phase, templateName: 'main' }) as NodeStatus;

test('settling a store ends the workflows of dead processes and leaves the rest', async () => {
  const store = new SqliteStore({ directory: dir });
  try {
    const dead = await deadMark();
    const orphan = store.createWorkflowSync(workflow('orphan', dead));
    store.upsertNodesSync(orphan.uid, [
      node('orphan', 'Running'),
      node('orphan-a', 'Succeeded'),
      node('orphan-b', 'Pending'),
    ]);
    const live = store.createWorkflowSync(workflow('live', runnerMark()));
    const unmarked = store.createWorkflowSync(workflow('unmarked', undefined));
    // Its process died in the first reconcile, before any phase was written.
    const unstarted = workflow('unstarted', dead);
    unstarted.status = { phase: '' };
    store.createWorkflowSync(unstarted);

    assert.deepEqual((await settleOrphans(store, Date.parse('2026-01-01T00:01:00Z'))).sort(), [
      'orphan',
      'unstarted',
    ]);
    const wf = await store.getWorkflowByUid(orphan.uid);
    assert.equal(wf?.status?.phase, 'Error');
    assert.match(wf?.status?.message ?? '', /ended before it did/);
    assert.equal(wf?.status?.finishedAt, '2026-01-01T00:01:00Z');
    const phases = Object.fromEntries(Object.values(wf?.status?.nodes ?? {}).map((n) => [n.id, n.phase]));
    assert.deepEqual(phases, { orphan: 'Error', 'orphan-a': 'Succeeded', 'orphan-b': 'Error' });
    assert.equal((await store.getWorkflowByUid(live.uid))?.status?.phase, 'Running');
    assert.equal((await store.getWorkflowByUid(unmarked.uid))?.status?.phase, 'Running');
    assert.deepEqual(await settleOrphans(store), [], 'settled once');
  } finally {
    await store.close();
  }
});
