/**
 * @module emissary/runtime.contract
 * The contract every runtime passes: `runRuntimeContract(name, make, skip?)`. Each test runs one tiny
 * fixture (a `sh -c` script) that misbehaves in one way: crashes, exits non-zero, floods stderr, is slow,
 * handles or ignores SIGTERM, names a missing command, writes to /tmp, needs env and a working directory,
 * collides with a parallel step on an absolute path. Tests a runtime cannot pass are skipped with the
 * written reason. No test asserts timing: waits are on events (a line printed, an exit).
 */

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CommandNotFoundError,
  type ContainerSpec,
  type PreparedContainer,
  type RunningContainer,
  type Runtime,
} from './runtime.ts';

export interface RuntimeSkip {
  reason: string;
  tests: string[];
}

/** One fixture per misbehaviour. */
export const fixtures = {
  crash: 'echo before-crash; kill -SEGV $$',
  nonZero: 'echo partial; exit 3',
  flood: 'seq 1 100000 >&2; seq 1 100000; echo done',
  slow: 'sleep 0.2; echo done',
  handlesTerm: "trap 'echo got-term; exit 7' TERM; echo ready; while :; do sleep 0.05; done",
  defaultTerm: 'echo ready; exec sleep 30',
  ignoresTerm: "trap '' TERM; echo ready; while :; do echo tick; sleep 0.05; done",
  envAndDir: 'pwd; echo "FOO=$FOO"; env | grep -c NUNCIO_CONTRACT_LEAK || true',
} as const;

interface Captured {
  stdout: string[];
  stderr: string[];
  notes: string[];
}

interface Run {
  prepared: PreparedContainer;
  running: RunningContainer;
  out: Captured;
  /** Resolves when a stdout line equal to `line` has been seen. */
  line(line: string): Promise<void>;
}

function lines(acc: string[], pending: { s: string }, chunk: Buffer, seen: () => void): void {
  pending.s += chunk.toString('utf8');
  const parts = pending.s.split('\n');
  pending.s = parts.pop() ?? '';
  acc.push(...parts);
  seen();
}

export function runRuntimeContract(
  name: string,
  make: () => Runtime | Promise<Runtime>,
  skip: RuntimeSkip[] = [],
): void {
  const skipped = new Map<string, string>();
  for (const s of skip) for (const t of s.tests) skipped.set(t, s.reason);

  describe(`runtime contract: ${name}`, () => {
    let runtime: Runtime;
    let base: string;
    const unique = randomBytes(4).toString('hex');
    before(async () => {
      runtime = await make();
      base = await mkdtemp(join(tmpdir(), 'nuncio-rt-contract-'));
    });
    after(async () => {
      await runtime.close?.();
      await rm(base, { recursive: true, force: true });
    });

    let n = 0;
    async function spec(overrides: Partial<ContainerSpec>): Promise<ContainerSpec> {
      const scratchDir = join(base, `task-${n++}`);
      await mkdir(scratchDir, { recursive: true });
      return {
        name: 'main',
        image: 'busybox',
        command: ['sh', '-c'],
        args: [],
        env: [],
        mounts: [],
        inputs: [],
        outputs: [],
        scratchDir,
        options: {},
        ...overrides,
      };
    }

    async function start(
      overrides: Partial<ContainerSpec>,
      beforeStart?: (p: PreparedContainer) => Promise<void>,
    ): Promise<Run> {
      const prepared = await runtime.prepare(await spec(overrides));
      await beforeStart?.(prepared);
      const out: Captured = { stdout: [], stderr: [], notes: [] };
      const po = { s: '' };
      const pe = { s: '' };
      const waiters: { line: string; ok: () => void }[] = [];
      const check = (): void => {
        for (const w of [...waiters]) {
          if (out.stdout.includes(w.line)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.ok();
          }
        }
      };
      const running = await prepared.start({
        stdout: (c) => lines(out.stdout, po, c, check),
        stderr: (c) => lines(out.stderr, pe, c, () => {}),
        note: (l) => out.notes.push(l),
      });
      const line = (l: string): Promise<void> =>
        new Promise((ok) => {
          waiters.push({ line: l, ok });
          check();
        });
      const wait = running.wait.bind(running);
      running.wait = async () => {
        const status = await wait();
        if (po.s) out.stdout.push(po.s);
        if (pe.s) out.stderr.push(pe.s);
        po.s = '';
        pe.s = '';
        return status;
      };
      return { prepared, running, out, line };
    }

    async function script(text: string, overrides: Partial<ContainerSpec> = {}) {
      const r = await start({ args: text === '' ? [] : [text], ...overrides });
      const status = await r.running.wait();
      return { ...r, status };
    }

    const test = (title: string, fn: () => Promise<void>, options: { timeout?: number } = {}): void => {
      const reason = skipped.get(title);
      if (reason) it(title, { ...options, skip: reason }, fn);
      else it(title, options, fn);
    };

    test('a clean exit is 0 and stdout arrives', async () => {
      const r = await script('echo hello; echo to-stderr >&2');
      assert.deepEqual(r.status, { exitCode: 0 });
      assert.deepEqual(r.out.stdout, ['hello']);
      assert.deepEqual(r.out.stderr, ['to-stderr']);
      await r.prepared.dispose();
    });

    test('a non-zero exit is reported as is, after the output', async () => {
      const r = await script(fixtures.nonZero);
      assert.equal(r.status.exitCode, 3);
      assert.equal(r.status.error, undefined);
      assert.deepEqual(r.out.stdout, ['partial']);
    });

    // As in a container: a shell without job control starts background commands with SIGINT and
    // SIGQUIT ignored, which `exec` keeps; a step must not inherit that from how it was started.
    test('the step starts with no signal ignored or blocked', async () => {
      // The shell reads its own status with builtins: while it waits for a child, a shell blocks signals.
      const r = await script(
        'while read -r l; do case $l in SigBlk:* | SigIgn:*) echo "$l" ;; esac; done </proc/self/status',
      );
      assert.deepEqual(r.status, { exitCode: 0 });
      assert.deepEqual(r.out.stdout, ['SigBlk:\t0000000000000000', 'SigIgn:\t0000000000000000']);
    });

    test('a crash by signal is 128 + the signal', async () => {
      const r = await script(fixtures.crash);
      assert.equal(r.status.exitCode, 139);
      assert.deepEqual(r.out.stdout, ['before-crash']);
    });

    test('a flood on both streams neither deadlocks nor loses lines', async () => {
      const r = await script(fixtures.flood);
      assert.equal(r.status.exitCode, 0);
      assert.equal(r.out.stderr.length, 100000);
      assert.equal(r.out.stderr.at(-1), '100000');
      assert.equal(r.out.stdout.length, 100001);
      assert.equal(r.out.stdout.at(-2), '100000');
    });

    test('a slow step is waited for', async () => {
      const r = await script(fixtures.slow);
      assert.equal(r.status.exitCode, 0);
      assert.deepEqual(r.out.stdout, ['done']);
    });

    test('SIGTERM reaches a step that handles it', async () => {
      const r = await start({ args: [fixtures.handlesTerm] });
      await r.line('ready');
      r.running.signal('SIGTERM');
      const status = await r.running.wait();
      assert.equal(status.exitCode, 7);
      assert.ok(r.out.stdout.includes('got-term'));
    });

    test('SIGTERM ends a step that does not handle it with 143', async () => {
      const r = await start({ args: [fixtures.defaultTerm] });
      await r.line('ready');
      r.running.signal('SIGTERM');
      assert.equal((await r.running.wait()).exitCode, 143);
    });

    // A stop can come while the runtime is still setting the step up (a sidecar stopped as main exits).
    // Repeated at different moments, because the window is small; a step left running (or an orphan
    // holding its pipes) would hang `wait()` until the timeout.
    test(
      'SIGTERM the moment the step has started ends it, every time',
      async () => {
        for (let i = 0; i < 20; i++) {
          const r = await start({ args: [fixtures.defaultTerm] });
          // A few milliseconds in, at a different moment of the set-up each time.
          await new Promise((ok) => setTimeout(ok, i % 8));
          r.running.signal('SIGTERM');
          assert.equal((await r.running.wait()).exitCode, 143, `attempt ${i}`);
          await r.prepared.dispose();
        }
      },
      { timeout: 60_000 },
    );

    test('a step that ignores SIGTERM survives it and SIGKILL ends it with 137', async () => {
      const r = await start({ args: [fixtures.ignoresTerm] });
      await r.line('ready');
      r.running.signal('SIGTERM');
      const ticks = r.out.stdout.filter((l) => l === 'tick').length;
      await new Promise<void>((ok) => {
        const poll = setInterval(() => {
          if (r.out.stdout.filter((l) => l === 'tick').length > ticks + 1) {
            clearInterval(poll);
            ok();
          }
        }, 10);
      });
      r.running.signal('SIGKILL');
      assert.equal((await r.running.wait()).exitCode, 137);
    });

    test('signalling after exit is harmless', async () => {
      const r = await script('exit 0');
      r.running.signal('SIGTERM');
      r.running.signal('SIGKILL');
      assert.equal(r.status.exitCode, 0);
    });

    test('a missing command is a CommandNotFoundError', async () => {
      const prepared = await runtime.prepare(await spec({ command: [`no-such-command-${unique}`] }));
      await assert.rejects(
        prepared.start({ stdout: () => {}, stderr: () => {}, note: () => {} }),
        (e: unknown) =>
          e instanceof CommandNotFoundError &&
          e.message ===
            `failed to find name in PATH: exec: "no-such-command-${unique}": executable file not found in $PATH`,
      );
      const abs = await runtime.prepare(await spec({ command: [`/no/such/dir-${unique}/cmd`] }));
      await assert.rejects(
        abs.start({ stdout: () => {}, stderr: () => {}, note: () => {} }),
        CommandNotFoundError,
      );
    });

    test('a file written to /tmp is read back after exit', async () => {
      const path = `/tmp/nuncio-contract-${unique}-out.txt`;
      const r = await script(`echo hi > ${path}`, { outputs: [path] });
      const host = await r.prepared.read(path);
      assert.ok(host, 'the output is found');
      assert.equal(await readFile(host, 'utf8'), 'hi\n');
      assert.equal(await r.prepared.read(`/tmp/nuncio-contract-${unique}-never.txt`), undefined);
      await rm(host, { force: true });
    });

    test('env and workingDir are the container’s, and nothing else leaks in', async () => {
      process.env.NUNCIO_CONTRACT_LEAK = 'x';
      const dir = `/tmp/nuncio-contract-${unique}-wd`;
      try {
        const r = await script(fixtures.envAndDir, {
          env: [{ name: 'FOO', value: 'bar baz' }],
          workingDir: dir,
        });
        assert.equal(r.status.exitCode, 0);
        assert.deepEqual(r.out.stdout, [dir, 'FOO=bar baz', '0']);
      } finally {
        delete process.env.NUNCIO_CONTRACT_LEAK;
        await rm(dir, { recursive: true, force: true });
      }
    });

    test('HOSTNAME is the pod’s name unless the container sets it, as a container runtime does', async () => {
      const pod = `contract-pod-${unique}`;
      const given = await script('echo "HOSTNAME=$HOSTNAME"', { hostname: pod });
      assert.equal(given.status.exitCode, 0);
      assert.deepEqual(given.out.stdout, [`HOSTNAME=${pod}`]);
      const own = await script('echo "HOSTNAME=$HOSTNAME"', {
        hostname: pod,
        env: [{ name: 'HOSTNAME', value: 'mine' }],
      });
      assert.deepEqual(own.out.stdout, ['HOSTNAME=mine']);
    });

    test('ARGO_PROGRESS_FILE names a file of the step’s own, readable on the host while it runs', async () => {
      const r = await start({
        args: ['echo "1/4" > "$ARGO_PROGRESS_FILE"; echo wrote; exec sleep 30'],
        progressFile: true,
      });
      await r.line('wrote');
      const host = r.prepared.progressFile;
      assert.ok(host, 'the runtime says where the file is');
      assert.equal(await readFile(host, 'utf8'), '1/4\n', 'readable while the step runs');
      r.running.signal('SIGKILL');
      await r.running.wait();
      // Another step's file is its own, and a step's own ARGO_PROGRESS_FILE wins.
      const other = await script('echo "$ARGO_PROGRESS_FILE"', { progressFile: true });
      const otherHost = other.prepared.progressFile;
      assert.notEqual(otherHost, host);
      const own = await script('echo "$ARGO_PROGRESS_FILE"', {
        progressFile: true,
        env: [{ name: 'ARGO_PROGRESS_FILE', value: '/tmp/mine' }],
      });
      assert.deepEqual(own.out.stdout, ['/tmp/mine']);
      const none = await script('echo "[$ARGO_PROGRESS_FILE]"', {});
      assert.deepEqual(none.out.stdout, ['[]']);
      assert.equal(none.prepared.progressFile, undefined);
    });

    test('an input put before start is there when the step starts', async () => {
      const target = `/tmp/nuncio-contract-${unique}-in/data.txt`;
      const staged = join(base, `staged-${unique}`);
      await writeFile(staged, 'staged content\n');
      const r = await start({ args: [`cat ${target}`], inputs: [target] }, (p) => p.put(staged, target));
      assert.equal((await r.running.wait()).exitCode, 0);
      assert.deepEqual(r.out.stdout, ['staged content']);
      await rm(`/tmp/nuncio-contract-${unique}-in`, { recursive: true, force: true });
    });

    test('mounts: a placed file run as an argument, and a writable volume', async () => {
      const file = join(base, `script-${unique}.sh`);
      await writeFile(file, 'echo from-placed-file\n');
      const placed = `/argo/staging/nuncio-contract-${unique}`;
      const r1 = await script('', {
        command: ['sh'],
        args: [placed],
        mounts: [{ source: file, target: placed, readOnly: true }],
      });
      assert.equal(r1.status.exitCode, 0, r1.out.stderr.join('\n'));
      assert.deepEqual(r1.out.stdout, ['from-placed-file']);
      await r1.prepared.dispose();

      const vol = join(base, `vol-${unique}`);
      await mkdir(vol);
      const target = `/tmp/nuncio-contract-${unique}-vol`;
      const r2 = await script(`echo written > ${target}/f; cat ${target}/f`, {
        mounts: [{ source: vol, target }],
      });
      assert.equal(r2.status.exitCode, 0, r2.out.stderr.join('\n'));
      assert.deepEqual(r2.out.stdout, ['written']);
      assert.equal(await readFile(join(vol, 'f'), 'utf8'), 'written\n');
      await r2.prepared.dispose();
    });

    test('a background job still running when the step exits ends with it', async () => {
      const vol = join(base, `late-${unique}`);
      await mkdir(vol);
      const target = `/tmp/nuncio-contract-${unique}-late`;
      const r = await script(`(sleep 0.5; echo late > ${target}/f) >/dev/null 2>&1 & echo started`, {
        mounts: [{ source: vol, target }],
      });
      assert.equal(r.status.exitCode, 0, r.out.stderr.join('\n'));
      assert.deepEqual(r.out.stdout, ['started']);
      await new Promise((ok) => setTimeout(ok, 1000));
      assert.deepEqual(await readdir(vol), [], 'the background job was killed with its step');
      await r.prepared.dispose();
    });

    test('an output in a new directory under an existing host directory', async () => {
      const path = `/mnt/nuncio-contract-${unique}/out/result.txt`;
      const r = await script(`mkdir -p /mnt/nuncio-contract-${unique}/out && echo 42 > ${path}`, {
        outputs: [path],
      });
      assert.equal(r.status.exitCode, 0, r.out.stderr.join('\n'));
      const host = await r.prepared.read(path);
      assert.ok(host);
      assert.equal(await readFile(host, 'utf8'), '42\n');
    });

    test('parallel steps writing the same absolute path do not collide', async () => {
      const path = '/tmp/hello_world.txt';
      const one = (text: string) =>
        script(`echo ${text} > ${path}; sleep 0.2; cat ${path}`, { outputs: [path] });
      const [a, b] = await Promise.all([one('first'), one('second')]);
      assert.deepEqual(a.out.stdout, ['first']);
      assert.deepEqual(b.out.stdout, ['second']);
      assert.equal(await readFile((await a.prepared.read(path))!, 'utf8'), 'first\n');
      assert.equal(await readFile((await b.prepared.read(path))!, 'utf8'), 'second\n');
    });
  });
}
