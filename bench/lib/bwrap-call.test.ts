/**
 * @module bench/lib/bwrap-call.test
 * The bubblewrap line the benchmarks give make and the shell loop is the one the process runtime really
 * runs: a wrapper script in place of `bwrap` records the runtime's arguments for a `true` step.
 */

import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProcessRuntime } from '../../src/emissary/runtimes/process/process-runtime.ts';
import { bwrapArgs } from './bwrap-call.ts';

const usable = await new ProcessRuntime().sandboxAvailable();

test('bwrapArgs matches the runtime’s own call for a busybox `true` step', {
  skip: usable ? false : 'bubblewrap is not usable on this machine',
}, async () => {
  const base = await mkdtemp(join(tmpdir(), 'nuncio-bwrap-call-'));
  try {
    const calls = join(base, 'calls');
    await mkdir(calls);
    const wrapper = join(base, 'bwrap');
    // Each call writes its arguments, NUL-separated, to a file of its own, then runs the real bwrap.
    await writeFile(wrapper, `#!/bin/sh\nprintf '%s\\0' "$@" > ${calls}/$$\nexec bwrap "$@"\n`);
    await chmod(wrapper, 0o755);
    const runtime = new ProcessRuntime({ bwrap: wrapper });
    const scratchDir = join(base, 'scratch');
    await mkdir(scratchDir);
    const prepared = await runtime.prepare({
      name: 'main',
      image: 'busybox',
      command: ['true'],
      args: [],
      env: [],
      hostname: 'bench-step',
      mounts: [],
      inputs: [],
      outputs: [],
      scratchDir,
      options: {},
    });
    const io = { stdout: () => {}, stderr: () => {}, note: () => {} };
    const status = await (await prepared.start(io)).wait();
    await prepared.dispose();
    assert.equal(status.exitCode, 0);
    const recorded: string[][] = [];
    for (const f of await readdir(calls)) {
      recorded.push((await readFile(join(calls, f), 'utf8')).split('\0').slice(0, -1));
    }
    // One call is the runtime's probe (`--ro-bind / /`), the other the step.
    const step = recorded.find((args) => args.includes('--hostname'));
    assert.ok(step, `no step call among ${recorded.length} recorded`);
    const command = step.slice(step.indexOf('--') + 1);
    assert.deepEqual(step, bwrapArgs(scratchDir, 'bench-step', command));
    assert.match(command.join(' '), /(^|\/)true$/);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});
