/**
 * @module emissary/emissary.test
 * The Emissary end to end: real small tasks through the process runtime (sandboxed when bubblewrap works
 * here), real artifacts in a local repository. Waits are on events, never on time.
 */

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { list } from 'tar';
import { packArchive } from '../artifacts/archive.ts';
import type { Task, TaskResult } from '../controller/ports.ts';
import { defaultPath } from './runtimes/process/step-env.ts';
import { type Harness, logged, run as runTask, type TestEnv, task, testEnv } from './testkit.ts';

const env = await testEnv('nuncio-emissary-');
const { base, repo, sandboxHere } = env;
after(() => env.close());

function harness(options: Parameters<TestEnv['harness']>[0] = {}): Harness {
  return env.harness(options);
}

function run(t: Task, h: Harness = harness()): Promise<{ result: TaskResult; h: Harness }> {
  return runTask(t, h);
}

/** Tests that write absolute paths outside /tmp must not touch the host's own paths in plain mode. */
const hostPaths = !sandboxHere && 'without the sandbox this would write the host’s own paths outside /tmp';

const second = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('emissary: running a step', () => {
  it('reports started, log lines per stream, and Succeeded with Argo timestamps', async () => {
    const t = task('echo hello; echo oops >&2; printf "no newline"');
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded');
    assert.equal(result.exitCode, 0);
    assert.equal(result.message, undefined);
    assert.match(result.startedAt, second);
    assert.match(result.finishedAt, second);
    assert.deepEqual(h.logs(t.nodeId, 'stdout'), ['hello', 'no newline']);
    assert.deepEqual(h.logs(t.nodeId, 'stderr'), ['oops']);
    const kinds = h.events
      .filter((e) => ('nodeId' in e ? e.nodeId : e.result.nodeId) === t.nodeId)
      .map((e) => e.type);
    assert.equal(kinds[0], 'started');
    assert.equal(kinds.at(-1), 'finished');
    assert.equal(kinds.filter((k) => k === 'finished').length, 1);
  });

  it('self-reported progress: each new N/M last line of ARGO_PROGRESS_FILE is reported while the step runs', async () => {
    // Every write is held for 15 ticks: each is read at least once, however the ticks fall.
    const t = task(
      'p() { echo "$1" >> "$ARGO_PROGRESS_FILE"; sleep 0.3; }; p 1/4; p 1/4; p "not progress"; p 5/4; p 3/4',
    );
    const { result, h } = await run(t, harness({ progressTickMs: 20 }));
    assert.equal(result.phase, 'Succeeded');
    const reported = h.events.flatMap((e) =>
      e.type === 'progress' && e.nodeId === t.nodeId ? [e.progress] : [],
    );
    assert.deepEqual(reported, ['1/4', '3/4']);
    const last = h.events.findLastIndex((e) => e.type === 'progress' && e.nodeId === t.nodeId);
    assert.ok(last < h.events.findIndex((e) => e.type === 'finished' && e.result.nodeId === t.nodeId));
  });

  it('the sandbox hostname is the pod name, cut to what the kernel allows', {
    skip: !sandboxHere && 'no sandbox here',
  }, async () => {
    const t = task('hostname', { podName: `wf-${'x'.repeat(70)}` });
    const { h } = await run(t);
    assert.deepEqual(h.logs(t.nodeId), [`wf-${'x'.repeat(60)}`]);
  });

  it('a non-zero exit is Failed with Argo’s message', async () => {
    const { result } = await run(task('exit 3'));
    assert.equal(result.phase, 'Failed');
    assert.equal(result.exitCode, 3);
    assert.equal(result.message, 'main: Error (exit code 3)');
  });

  it('a missing command is Error, exit code 64, with Argo’s message', async () => {
    const t = task(undefined);
    t.main.command = ['definitely-not-installed'];
    const { result } = await run(t);
    assert.equal(result.phase, 'Error');
    assert.equal(result.exitCode, 64);
    assert.equal(
      result.message,
      'main: Error (exit code 64): failed to find name in PATH: exec: "definitely-not-installed": executable file not found in $PATH',
    );
  });

  it('runs a script template from /argo/staging/script', async () => {
    const t = task(undefined, { kind: 'script', script: 'echo "from script $0"\n' });
    t.main.command = ['sh'];
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded');
    // Without the sandbox the script is reachable only as the argument naming its host file.
    if (sandboxHere) assert.deepEqual(h.logs(t.nodeId), ['from script /argo/staging/script']);
    else assert.match(h.logs(t.nodeId).join('\n'), /^from script \/.*\/script$/);
  });

  it('exactly one finished event even when the listener throws', async () => {
    let finished = 0;
    const h = harness({
      onEvent: (e) => {
        if (e.type === 'finished') finished++;
        throw new Error('listener bug');
      },
    });
    const { result } = await run(task('echo x'), h);
    assert.equal(result.phase, 'Succeeded');
    assert.equal(finished, 1);
  });

  it('a failure before the step starts is one finished Error', async () => {
    const t = task('true');
    t.main.volumeMounts = [{ name: 'nope', mountPath: '/mnt/nope' }];
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Error');
    assert.equal(result.message, 'spec.containers[0].volumeMounts[0].name: Not found: "nope"');
    assert.equal(h.events.filter((e) => e.type === 'finished').length, 1);
  });
});

describe('emissary: result', () => {
  it('captures stdout minus one trailing newline, only when asked', async () => {
    const asked = task('printf "a\\nb\\n\\n"; echo err >&2', {
      outputs: { parameters: [], artifacts: [], result: true },
    });
    assert.equal((await run(asked)).result.outputs?.result, 'a\nb\n');
    const notAsked = await run(task('echo a'));
    assert.equal(notAsked.result.outputs, undefined);
  });

  it('keeps only the last 256 KiB', async () => {
    const t = task('head -c 300000 /dev/zero | tr "\\0" x; echo; echo END', {
      outputs: { parameters: [], artifacts: [], result: true },
    });
    const r = (await run(t)).result.outputs?.result ?? '';
    assert.equal(r.length, 256 * 1024);
    assert.ok(r.endsWith('x\nEND'));
  });
});

describe('emissary: output parameters', () => {
  it('reads files, strips one newline, uses defaults, and errors on a missing file', async () => {
    const t = task('printf "hello\\n\\n" > /tmp/p1; printf v > /tmp/p2', {
      outputs: {
        parameters: [
          { name: 'p1', path: '/tmp/p1' },
          { name: 'p2', path: '/tmp/p2' },
          { name: 'p3', path: '/tmp/missing', default: 'dflt' },
        ],
        artifacts: [],
        result: false,
      },
    });
    const { result } = await run(t);
    assert.equal(result.phase, 'Succeeded');
    assert.deepEqual(result.outputs?.parameters, [
      { name: 'p1', value: 'hello\n' },
      { name: 'p2', value: 'v' },
      { name: 'p3', value: 'dflt' },
    ]);

    const missing = task('true', {
      outputs: { parameters: [{ name: 'm', path: '/tmp/missing.txt' }], artifacts: [], result: false },
    });
    const r2 = (await run(missing)).result;
    assert.equal(r2.phase, 'Error');
    assert.equal(r2.exitCode, 0);
    assert.equal(
      r2.message,
      'failed to save outputs: open /var/run/argo/outputs/parameters/tmp/missing.txt: no such file or directory',
    );
  });

  it('reads outputs written in / and under new top-level directories', { skip: hostPaths }, async () => {
    const t = task('echo top > /result.txt; mkdir -p /out/deep && echo deep > /out/deep/v', {
      outputs: {
        parameters: [
          { name: 'top', path: '/result.txt' },
          { name: 'deep', path: '/out/deep/v' },
        ],
        artifacts: [],
        result: false,
      },
    });
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded', `${result.message} ${h.logs(t.nodeId).join('\n')}`);
    assert.deepEqual(result.outputs?.parameters, [
      { name: 'top', value: 'top' },
      { name: 'deep', value: 'deep' },
    ]);
  });

  it('a failed step stays Failed with its exit message even when outputs are missing', async () => {
    const t = task('exit 1', {
      outputs: { parameters: [{ name: 'm', path: '/tmp/missing.txt' }], artifacts: [], result: false },
    });
    const { result } = await run(t);
    assert.equal(result.phase, 'Failed');
    assert.equal(result.message, 'main: Error (exit code 1)');
  });
});

describe('emissary: output artifacts', () => {
  it('tars a file (the default), saves it at its location and reports it as Argo shows it', async () => {
    const t = task('echo hello world > /tmp/hello_world.txt', {
      outputs: {
        parameters: [],
        result: false,
        artifacts: [
          {
            name: 'hello-art',
            path: '/tmp/hello_world.txt',
            archive: 'tar',
            location: { local: { key: 'wf/wf-pod/hello-art.tgz' } },
          },
        ],
      },
    });
    const { result } = await run(t);
    assert.equal(result.phase, 'Succeeded');
    assert.deepEqual(result.outputs?.artifacts, [
      { name: 'hello-art', path: '/tmp/hello_world.txt', local: { key: 'wf/wf-pod/hello-art.tgz' } },
    ]);
    const names: string[] = [];
    await list({
      file: repo.pathOf({ local: { key: 'wf/wf-pod/hello-art.tgz' } }),
      onReadEntry: (e) => names.push(e.path),
    });
    assert.deepEqual(names, ['hello_world.txt']);
  });

  it('stores archive none as the file itself, tars directories, skips a missing optional one', {
    skip: hostPaths,
  }, async () => {
    const t = task('mkdir -p /mnt/out/sub && echo a > /mnt/out/sub/a && echo raw > /tmp/raw.txt', {
      outputs: {
        parameters: [],
        result: false,
        artifacts: [
          { name: 'raw', path: '/tmp/raw.txt', archive: 'none', location: { local: { key: 'k/raw.txt' } } },
          { name: 'dir', path: '/mnt/out', archive: 'tar', location: { local: { key: 'k/dir.tgz' } } },
          {
            name: 'maybe',
            path: '/tmp/not-there',
            archive: 'tar',
            optional: true,
            location: { local: { key: 'k/maybe.tgz' } },
          },
        ],
      },
    });
    const { result } = await run(t);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(
      result.outputs?.artifacts?.map((a) => a.name),
      ['raw', 'dir'],
    );
    assert.deepEqual(result.outputs?.artifacts?.[0]?.archive, { none: {} });
    assert.equal(await readFile(repo.pathOf({ local: { key: 'k/raw.txt' } }), 'utf8'), 'raw\n');
    const names: string[] = [];
    await list({
      file: repo.pathOf({ local: { key: 'k/dir.tgz' } }),
      onReadEntry: (e) => names.push(e.path),
    });
    assert.deepEqual(names.sort(), ['out/', 'out/sub/', 'out/sub/a']);
    assert.equal(await repo.exists({ local: { key: 'k/maybe.tgz' } }), false);
  });

  it('archives a whole /tmp, written with a trailing slash, under the name tmp', {
    skip: !sandboxHere && 'without the sandbox /tmp is the host’s whole /tmp',
  }, async () => {
    const t = task('echo hello > /tmp/hello_world.txt', {
      outputs: {
        parameters: [],
        result: false,
        artifacts: [
          { name: 'all', path: '/tmp/', archive: 'tar', location: { local: { key: 'k/tmp.tgz' } } },
        ],
      },
    });
    const { result } = await run(t);
    assert.equal(result.phase, 'Succeeded', result.message);
    const names: string[] = [];
    await list({
      file: repo.pathOf({ local: { key: 'k/tmp.tgz' } }),
      onReadEntry: (e) => names.push(e.path),
    });
    assert.deepEqual(names.sort(), ['tmp/', 'tmp/hello_world.txt']);
  });

  it('reads an output at a path the step did not write from what the host shows there', async () => {
    // Host content outside /tmp that any user can read: /etc/passwd and this test's own directory.
    const here = dirname(fileURLToPath(import.meta.url));
    const t = task('test -r /etc/passwd && echo saw-etc', {
      outputs: {
        parameters: [{ name: 'passwd', path: '/etc/passwd' }],
        artifacts: [{ name: 'here', path: here, archive: 'none', location: { local: { key: 'out/here' } } }],
        result: false,
      },
    });
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(h.logs(t.nodeId, 'stdout'), ['saw-etc']);
    const passwd = (await readFile('/etc/passwd', 'utf8')).replace(/\n$/, '');
    assert.deepEqual(result.outputs?.parameters, [{ name: 'passwd', value: passwd }]);
    const saved = repo.pathOf({ local: { key: 'out/here' } });
    assert.ok(existsSync(join(saved, 'emissary.test.js')));
  });

  it('an output directory the host has shows the host’s entries plus the step’s own', {
    skip: !sandboxHere && 'without the sandbox the step would write into the host’s directory',
  }, async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const t = task(`test -e ${here}/emissary.test.js && echo added > ${here}/nuncio-added.txt`, {
      outputs: {
        parameters: [],
        artifacts: [
          { name: 'here', path: here, archive: 'none', location: { local: { key: 'out/merged' } } },
        ],
        result: false,
      },
    });
    const { result } = await run(t);
    assert.equal(result.phase, 'Succeeded', result.message);
    const saved = repo.pathOf({ local: { key: 'out/merged' } });
    assert.equal(await readFile(join(saved, 'nuncio-added.txt'), 'utf8'), 'added\n');
    assert.ok(existsSync(join(saved, 'emissary.test.js')));
    assert.ok(existsSync(join(saved, 'runtimes', 'process', 'shims')), 'subdirectories come along');
    assert.equal(existsSync(join(here, 'nuncio-added.txt')), false, 'the host’s directory is untouched');
  });

  it('an output file the host has starts as the host’s copy, and the step may replace it', {
    skip: !sandboxHere && 'without the sandbox the step would write the host’s /etc/passwd',
  }, async () => {
    const before = await readFile('/etc/passwd', 'utf8');
    const t = task('head -c 5 /etc/passwd; echo; echo replaced > /etc/passwd', {
      outputs: { parameters: [{ name: 'passwd', path: '/etc/passwd' }], artifacts: [], result: false },
    });
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(h.logs(t.nodeId, 'stdout'), [before.slice(0, 5)]);
    assert.deepEqual(result.outputs?.parameters, [{ name: 'passwd', value: 'replaced' }]);
    assert.equal(await readFile('/etc/passwd', 'utf8'), before, 'the host’s file is untouched');
  });

  it('a step’s writes outside its own places never reach the host', {
    skip: !sandboxHere && 'without the sandbox the step would write the host’s own paths',
  }, async () => {
    const name = `nuncio-stray-${process.pid}-${Date.now()}`;
    // Nothing is declared: the host's / and /etc are read-only in the step (or a tmpfs that vanishes).
    const t = task(`echo x > /${name}; echo x > /etc/${name}; echo done`);
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(h.logs(t.nodeId, 'stdout'), ['done']);
    assert.equal(existsSync(`/${name}`), false, 'not in the host’s /');
    assert.equal(existsSync(`/etc/${name}`), false, 'not in the host’s /etc');
  });

  it('a command line may create a new top-level directory, as in an image; the host never sees it', {
    skip: !sandboxHere && 'without the sandbox the step would write the host’s own /',
  }, async () => {
    const name = `nuncio-work-${process.pid}-${Date.now()}`;
    const t = task(`mkdir -p /${name}/sub && echo kept > /${name}/sub/x && cat /${name}/sub/x`);
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(h.logs(t.nodeId, 'stdout'), ['kept']);
    assert.equal(existsSync(`/${name}`), false, 'not in the host’s /');
  });

  it('a missing required artifact is Error with Argo’s message', async () => {
    const t = task('true', {
      outputs: {
        parameters: [],
        result: false,
        artifacts: [
          { name: 'x', path: '/tmp/nothing', archive: 'tar', location: { local: { key: 'k/x.tgz' } } },
        ],
      },
    });
    const { result } = await run(t);
    assert.equal(result.phase, 'Error');
    assert.equal(
      result.message,
      'failed to save outputs: open /var/run/argo/outputs/artifacts/tmp/nothing.tgz: no such file or directory',
    );
  });

  it('archives the combined log as main-logs when asked', async () => {
    const t = task('echo out; echo err >&2', { archiveLogs: { local: { key: 'k/main.log' } } });
    const { result } = await run(t);
    assert.deepEqual(result.outputs?.artifacts, [{ name: 'main-logs', local: { key: 'k/main.log' } }]);
    const log = await readFile(repo.pathOf({ local: { key: 'k/main.log' } }), 'utf8');
    assert.deepEqual(log.split('\n').sort(), ['', 'err', 'out']);
  });
});

describe('emissary: input artifacts', () => {
  it('stages raw, tarred and optional inputs before the entrypoint starts', { skip: hostPaths }, async () => {
    const src = join(base, 'input-src');
    await mkdir(join(src, 'tree'), { recursive: true });
    await writeFile(join(src, 'tree', 'f.txt'), 'in a tree\n');
    await packArchive(join(src, 'tree'), join(src, 'tree.tgz'), 'tar');
    await repo.save(join(src, 'tree.tgz'), { local: { key: 'in/tree.tgz' } });
    const t = task(
      'cat /tmp/raw.txt; cat /mnt/in/tree/f.txt; ls -l /mnt/in/tree/f.txt | cut -c1-10; test ! -e /tmp/opt && echo no-optional',
      {
        inputs: {
          parameters: [],
          artifacts: [
            { name: 'raw', path: '/tmp/raw.txt', location: { raw: { data: 'raw data\n' } } },
            {
              name: 'tree',
              path: '/mnt/in/tree',
              archive: 'tar',
              mode: 0o600,
              recurseMode: true,
              location: { local: { key: 'in/tree.tgz' } },
            },
            { name: 'opt', path: '/tmp/opt', optional: true, location: { local: { key: 'in/absent.tgz' } } },
            { name: 'unset', path: '/tmp/unset', optional: true, location: {} },
          ],
        },
      },
    );
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(h.logs(t.nodeId, 'stdout'), ['raw data', 'in a tree', '-rw-------', 'no-optional']);
  });

  it('writes a raw input as a plain file even when told it is a tar, and a directory stored as is', async () => {
    const src = join(base, 'input-none');
    await mkdir(join(src, 'etc', 'sub'), { recursive: true });
    await writeFile(join(src, 'etc', 'a.conf'), 'a\n');
    await writeFile(join(src, 'etc', 'sub', 'b.conf'), 'b\n');
    await repo.save(join(src, 'etc'), { local: { key: 'in/etc' } });
    const t = task('cat /tmp/file; cd /tmp/etc && find . -type f | sort', {
      inputs: {
        parameters: [],
        artifacts: [
          {
            name: 'myfile',
            path: '/tmp/file',
            archive: 'tar',
            location: { raw: { data: 'this is\nthe raw file\n' } },
          },
          { name: 'etc', path: '/tmp/etc', archive: 'none', location: { local: { key: 'in/etc' } } },
        ],
      },
    });
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(h.logs(t.nodeId, 'stdout'), ['this is', 'the raw file', './a.conf', './sub/b.conf']);
  });

  it('an input that cannot be loaded is Error before the step runs', async () => {
    const missing = task('echo should-not-run', {
      inputs: { parameters: [], artifacts: [{ name: 'x', path: '/tmp/x', location: {} }] },
    });
    const r1 = await run(missing);
    assert.equal(r1.result.phase, 'Error');
    assert.equal(r1.result.message, "failed to load artifacts: required artifact 'x' not supplied");
    assert.deepEqual(r1.h.logs(missing.nodeId), []);

    const absent = task('true', {
      inputs: {
        parameters: [],
        artifacts: [{ name: 'y', path: '/tmp/y', location: { local: { key: 'in/none' } } }],
      },
    });
    const r2 = (await run(absent)).result;
    assert.equal(r2.phase, 'Error');
    assert.equal(
      r2.message,
      "failed to load artifacts: artifact y failed to load: artifact 'local:in/none' not found",
    );
  });
});

describe('emissary: deadlines and cancel', () => {
  it('a deadline sends SIGTERM, then SIGKILL after the grace period', async () => {
    const t = task("trap '' TERM; echo ready; while :; do sleep 0.05; done", {
      deadline: Date.now() + 300,
      deadlineMessage: 'Step exceeded its deadline',
      terminationGracePeriodMs: 200,
    });
    const { result, h } = await run(t);
    assert.ok(h.logs(t.nodeId).includes('ready'));
    assert.equal(result.phase, 'Failed');
    assert.equal(result.exitCode, 137);
    assert.equal(result.message, 'Step exceeded its deadline');
  });

  it('a deadline already past stops the task before it runs', async () => {
    const t = task('echo should-not-run', {
      deadline: Date.now() - 1000,
      deadlineMessage: 'Step exceeded its deadline',
    });
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Failed');
    assert.equal(result.exitCode, undefined);
    assert.equal(result.message, 'Step exceeded its deadline');
    assert.deepEqual(h.logs(t.nodeId), []);
  });

  it('a deadline that passes ends the step with 143 when SIGTERM is enough', async () => {
    const t = task('echo ready; exec sleep 30', {
      deadline: Date.now() + 200,
      deadlineMessage: 'Step exceeded its deadline',
    });
    const { result } = await run(t);
    assert.equal(result.phase, 'Failed');
    assert.equal(result.exitCode, 143);
    assert.equal(result.message, 'Step exceeded its deadline');
  });

  it('cancel stops a running step; a queued one finishes without starting', async () => {
    const h = harness({ concurrency: 1 });
    const running = task('echo ready; exec sleep 30');
    const queued = task('echo never');
    h.emissary.start(running);
    h.emissary.start(queued);
    await logged(h, running.nodeId, 'ready');
    assert.deepEqual(h.emissary.stats, { queued: 1, running: 1 });
    h.emissary.cancel(queued.nodeId, 'stop');
    const q = await h.finished(queued.nodeId);
    assert.equal(q.phase, 'Failed');
    assert.equal(q.message, "Stopped with strategy 'Stop'");
    assert.ok(!h.events.some((e) => e.type === 'started' && e.nodeId === queued.nodeId));
    h.emissary.cancel(running.nodeId, 'terminate');
    const r = await h.finished(running.nodeId);
    assert.equal(r.phase, 'Failed');
    assert.equal(r.exitCode, 143);
    assert.equal(r.message, "Stopped with strategy 'Terminate'");
  });

  it('close stops everything and waits for the finished events', async () => {
    const h = harness({ concurrency: 1 });
    const t = task('echo ready; exec sleep 30');
    const queued = task('true');
    h.emissary.start(t);
    h.emissary.start(queued);
    await logged(h, t.nodeId, 'ready');
    await h.emissary.close();
    const r = await h.finished(t.nodeId);
    assert.equal(r.exitCode, 143);
    assert.equal(r.message, "Stopped with strategy 'Terminate'");
    assert.equal((await h.finished(queued.nodeId)).message, "Stopped with strategy 'Terminate'");
    const late = task('true');
    h.emissary.start(late);
    assert.equal((await h.finished(late.nodeId)).message, 'the emissary is shut down');
  });
});

describe('emissary: queueing', () => {
  it('runs at most `concurrency` tasks; the rest wait without events', async () => {
    const h = harness({ concurrency: 1 });
    const first = task('sleep 0.2');
    const second = task('true');
    h.emissary.start(first);
    h.emissary.start(second);
    assert.deepEqual(h.emissary.stats, { queued: 1, running: 1 });
    await h.finished(second.nodeId);
    const order = h.events
      .filter((e) => e.type !== 'log')
      .map((e) => `${e.type}:${e.type === 'finished' ? e.result.nodeId : e.nodeId}`);
    assert.deepEqual(order, [
      `started:${first.nodeId}`,
      `finished:${first.nodeId}`,
      `started:${second.nodeId}`,
      `finished:${second.nodeId}`,
    ]);
  });
});

describe('emissary: well-known images', () => {
  const argosay = (args: string[], overrides: Partial<Task> = {}): Task => {
    const t = task(undefined, overrides);
    t.main.image = 'argoproj/argosay:v2';
    t.main.args = args;
    return t;
  };

  it('serves argosay v2 from the shim: echo, echo to a file, cat, exit, assert_contains, sleep', async () => {
    const h = harness();
    const plain = argosay([]);
    const said = argosay(['echo', 'hi there']);
    const toFile = argosay(['echo', 'hello', '/tmp/said'], {
      outputs: { parameters: [{ name: 'p', path: '/tmp/said' }], artifacts: [], result: false },
    });
    const exit = argosay(['exit', '3']);
    const cat = argosay(['cat', '/tmp/in'], {
      inputs: {
        parameters: [],
        artifacts: [{ name: 'in', path: '/tmp/in', location: { raw: { data: 'cat me\n' } } }],
      },
    });
    const okAssert = argosay(['assert_contains', '/tmp/in', 'cat'], { inputs: cat.inputs });
    const badAssert = argosay(['assert_contains', '/tmp/in', 'dog'], { inputs: cat.inputs });
    const sleep = argosay(['sleep', '10ms']);
    for (const t of [plain, said, toFile, exit, cat, okAssert, badAssert, sleep]) h.emissary.start(t);
    assert.deepEqual(h.logs(plain.nodeId), []);
    assert.deepEqual((await h.finished(plain.nodeId)).phase, 'Succeeded');
    assert.deepEqual(h.logs(plain.nodeId, 'stderr'), ['hello argo']);
    await h.finished(said.nodeId);
    assert.deepEqual(h.logs(said.nodeId, 'stderr'), ['hi there']);
    assert.deepEqual((await h.finished(toFile.nodeId)).outputs?.parameters, [{ name: 'p', value: 'hello' }]);
    const e = await h.finished(exit.nodeId);
    assert.equal(e.phase, 'Failed');
    assert.equal(e.exitCode, 3);
    await h.finished(cat.nodeId);
    assert.deepEqual(h.logs(cat.nodeId, 'stdout'), ['cat me']);
    assert.equal((await h.finished(okAssert.nodeId)).phase, 'Succeeded');
    const bad = await h.finished(badAssert.nodeId);
    assert.equal(bad.exitCode, 2);
    assert.match(
      h.logs(badAssert.nodeId, 'stderr').join('\n'),
      /expected "\/tmp\/in" to contain "dog", but was "cat me/,
    );
    assert.equal((await h.finished(sleep.nodeId)).phase, 'Succeeded');
  });

  it('finds /argosay from a shell, and cowsay on argosay images', {
    skip: !sandboxHere && 'without the sandbox shims are reachable as the command only, not at /argosay',
  }, async () => {
    const t = task('/argosay echo from-shell; cowsay moo');
    t.main.image = 'argoproj/argosay:v2';
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded', h.logs(t.nodeId).join('\n'));
    assert.deepEqual(h.logs(t.nodeId, 'stderr'), ['from-shell']);
    assert.ok(h.logs(t.nodeId, 'stdout').includes('< moo >'));
  });

  it('runs an image’s default command when the template gives none', async () => {
    const t = task(undefined);
    t.main.image = 'alpine:3.23';
    const bare = await run(t);
    assert.equal(bare.result.phase, 'Succeeded', 'alpine runs /bin/sh, which ends at once without input');
    const withArgs = task(undefined);
    withArgs.main.image = 'docker.io/library/alpine:3.23';
    withArgs.main.args = ['sh', '-c', 'echo args-replace-cmd'];
    const { h } = await run(withArgs);
    assert.deepEqual(h.logs(withArgs.nodeId), ['args-replace-cmd']);
    const v2 = task(undefined);
    v2.main.image = 'argoproj/argosay:v2';
    v2.main.args = ['echo', 'entrypoint-first'];
    const r2 = await run(v2);
    assert.deepEqual(r2.h.logs(v2.nodeId), ['entrypoint-first']);
  });

  const hostHasPython = defaultPath.split(':').some((d) => existsSync(join(d, 'python')));
  it('runs python as python3 and says so once in the step’s log', {
    skip: hostHasPython ? 'this host has `python` on the default PATH' : false,
  }, async () => {
    const t = task(undefined, { outputs: { parameters: [], artifacts: [], result: true } });
    t.main.image = 'python:alpine3.23';
    t.main.command = ['python', '-c'];
    t.main.args = ['print(6 * 7)'];
    const { result, h } = await run(t);
    assert.equal(result.phase, 'Succeeded');
    assert.equal(result.outputs?.result, '42');
    const notes = h.logs(t.nodeId, 'stderr').filter((l) => l.startsWith('nuncio: '));
    assert.deepEqual(notes, ["nuncio: 'python' is not installed on this machine; running 'python3' instead"]);
  });
});

describe('emissary: volumes', () => {
  it('a workflowClaim volume is shared by the tasks of one workflow', async () => {
    const claim = { name: 'workdir', kind: 'workflowClaim' as const, claimName: 'workdir' };
    const writer = task('echo shared > /mnt/vol/data.txt', { volumes: [claim] });
    writer.main.volumeMounts = [{ name: 'workdir', mountPath: '/mnt/vol' }];
    const reader = task('cat /mnt/vol/data.txt', { volumes: [claim] });
    reader.main.volumeMounts = [{ name: 'workdir', mountPath: '/mnt/vol' }];
    const w = await run(writer);
    assert.equal(w.result.phase, 'Succeeded', w.h.logs(writer.nodeId).join('\n'));
    const r = await run(reader);
    assert.deepEqual(r.h.logs(reader.nodeId), ['shared']);
    assert.equal(
      await readFile(join(base, 'data', 'workflows', 'uid-1', 'volumes', 'workdir', 'data.txt'), 'utf8'),
      'shared\n',
    );
    await w.h.emissary.deleteWorkflowVolumes('uid-1');
    assert.equal(existsSync(join(base, 'data', 'workflows', 'uid-1', 'volumes')), false);
    await assert.rejects(w.h.emissary.deleteWorkflowVolumes('../x'), /invalid workflow uid/);
  });

  it('an emptyDir is private to its task and removed with it', async () => {
    const vol = { name: 'scratch', kind: 'emptyDir' as const };
    const a = task('echo mine > /mnt/scratch/f && cat /mnt/scratch/f', { volumes: [vol] });
    a.main.volumeMounts = [{ name: 'scratch', mountPath: '/mnt/scratch' }];
    const b = task('ls -A /mnt/scratch | wc -l', { volumes: [vol] });
    b.main.volumeMounts = [{ name: 'scratch', mountPath: '/mnt/scratch' }];
    // A work directory of its own: other tests' emissaries keep their stock of fresh directories in theirs.
    const workDir = join(base, 'work-emptydir');
    const h = harness({ workDir });
    assert.deepEqual((await run(a, h)).h.logs(a.nodeId), ['mine']);
    await run(b, h);
    assert.deepEqual(
      h.logs(b.nodeId).map((l) => l.trim()),
      ['0'],
    );
    // Task directories are removed after `finished`; `close` waits for that.
    await h.emissary.close();
    assert.deepEqual(await readdir(workDir), [], 'task directories are removed');
  });
});
