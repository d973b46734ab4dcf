/**
 * @module emissary/runtimes/process/process-runtime.test
 * The process runtime passes the runtime contract twice: sandboxed under bubblewrap, and as plain
 * processes. Plain processes share absolute paths with the host by design, so the tests that need
 * isolation are skipped there (with that reason).
 */

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runRuntimeContract } from '../../runtime.contract.ts';
import { ProcessRuntime } from './process-runtime.ts';

// Steps start through the runtime's launcher (a shell), or from this process where the launcher's helpers
// are missing: the contract holds both ways.
const sandboxed = new ProcessRuntime();
const bwrapHere = await sandboxed.sandboxAvailable();
const plainSkips = [
  {
    reason: 'without the sandbox absolute paths are shared with the host and between steps (documented)',
    tests: [
      'parallel steps writing the same absolute path do not collide',
      'an output in a new directory under an existing host directory',
    ],
  },
];

if (bwrapHere) {
  runRuntimeContract('process (bubblewrap, launcher)', () => sandboxed);
  runRuntimeContract('process (bubblewrap, in process)', () => new ProcessRuntime({ launcher: false }));
} else {
  describe('runtime contract: process (bubblewrap)', () => {
    it('runs under bubblewrap', { skip: 'bubblewrap is not usable on this machine' }, () => {});
  });
}

const warnings: string[] = [];
runRuntimeContract(
  'process (plain, launcher)',
  () => new ProcessRuntime({ sandbox: 'off', logger: (m) => warnings.push(m) }),
  plainSkips,
);
runRuntimeContract(
  'process (plain, in process)',
  () => new ProcessRuntime({ sandbox: 'off', launcher: false, logger: (m) => warnings.push(m) }),
  plainSkips,
);

describe('process runtime', () => {
  it('says once that isolation is off', async () => {
    const rt = new ProcessRuntime({ sandbox: 'off', logger: (m) => warnings.push(m) });
    const before = warnings.length;
    const base = await mkdtemp(join(tmpdir(), 'nuncio-rt-'));
    try {
      for (const i of [1, 2]) {
        const scratchDir = join(base, String(i));
        await mkdir(scratchDir);
        const p = await rt.prepare({
          name: 'main',
          image: 'busybox',
          command: ['true'],
          args: [],
          env: [],
          mounts: [],
          inputs: [],
          outputs: [],
          scratchDir,
          options: {},
        });
        await (await p.start({ stdout: () => {}, stderr: () => {}, note: () => {} })).wait();
      }
      assert.equal(warnings.length - before, 1);
      assert.match(warnings.at(-1)!, /isolation is off \(sandbox is off in the configuration\)/);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('honours a task that turns the sandbox off', {
    skip: bwrapHere ? false : 'bubblewrap is not usable here',
  }, async () => {
    const seen: string[] = [];
    const rt = new ProcessRuntime({ logger: (m) => seen.push(m) });
    const base = await mkdtemp(join(tmpdir(), 'nuncio-rt-'));
    try {
      const out: string[] = [];
      const p = await rt.prepare({
        name: 'main',
        image: 'busybox',
        command: ['sh', '-c'],
        args: ['echo $$'],
        env: [],
        mounts: [],
        inputs: [],
        outputs: [],
        scratchDir: base,
        options: { sandbox: false },
      });
      await (
        await p.start({ stdout: (c) => out.push(String(c).trim()), stderr: () => {}, note: () => {} })
      ).wait();
      assert.notEqual(out[0], '2', 'a sandboxed step would be PID 2 in its own namespace');
      assert.match(seen[0] ?? '', /executor.emissary.sandbox: false/);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
