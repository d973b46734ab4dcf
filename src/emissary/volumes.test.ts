/** @module emissary/volumes.test */

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Task } from '../controller/ports.ts';
import { volumeDirs } from './volumes.ts';

function taskWith(volumes: Task['volumes']): Task {
  return {
    workflow: { uid: 'u-1', name: 'wf', namespace: 'team-a' },
    nodeId: 'n',
    nodeName: 'n',
    podName: 'p',
    templateName: 't',
    kind: 'container',
    main: { name: 'main', image: 'busybox', command: [], args: [], env: [], volumeMounts: [] },
    volumes,
    inputs: { parameters: [], artifacts: [] },
    outputs: { parameters: [], artifacts: [], result: false },
    terminationGracePeriodMs: 0,
    executor: {},
  };
}

describe('volumeDirs', () => {
  it('places each kind where it belongs', async () => {
    const base = await mkdtemp(join(tmpdir(), 'nuncio-vol-'));
    try {
      const dirs = volumeDirs(
        taskWith([
          { name: 'e', kind: 'emptyDir' },
          { name: 'w', kind: 'workflowClaim', claimName: 'work' },
          { name: 'c', kind: 'claim', claimName: 'shared' },
          { name: 'h', kind: 'hostPath', hostPath: base },
          { name: 'cm', kind: 'configMap', files: { 'conf/app.ini': 'x=1' } },
        ]),
        join(base, 'task'),
        join(base, 'data'),
      );
      assert.deepEqual(dirs.get('e'), { dir: join(base, 'task', 'volumes', 'e'), readOnly: false });
      assert.equal(dirs.get('w')?.dir, join(base, 'data', 'workflows', 'u-1', 'volumes', 'work'));
      assert.equal(dirs.get('c')?.dir, join(base, 'data', 'volumes', 'team-a', 'shared'));
      assert.equal(dirs.get('h')?.dir, base);
      assert.equal(dirs.get('cm')?.readOnly, true);
      assert.equal(await readFile(join(base, 'task', 'volumes', 'cm', 'conf', 'app.ini'), 'utf8'), 'x=1');
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
  it('refuses names that would leave the data directory, and missing host paths', () => {
    assert.throws(
      () => volumeDirs(taskWith([{ name: 'c', kind: 'claim', claimName: '../../etc' }]), '/tmp/x', '/tmp/y'),
      /volume 'c': invalid claimName '..\/..\/etc'/,
    );
    assert.throws(
      () =>
        volumeDirs(taskWith([{ name: 'h', kind: 'hostPath', hostPath: '/no/such/dir' }]), '/tmp/x', '/tmp/y'),
      /hostPath '\/no\/such\/dir' does not exist/,
    );
  });
});
