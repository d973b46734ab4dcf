/**
 * @module emissary/container-set.test
 * containerSet tasks end to end: real members through the process runtime (sandboxed when bubblewrap
 * works here) sharing an emptyDir, in dependency order. Waits are on events, never on time.
 */

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { Task, TaskContainer, TaskResult } from '../controller/ports.ts';
import { container, logged, run, task, testEnv } from './testkit.ts';

const env = await testEnv('nuncio-container-set-');
after(() => env.close());
const noSandbox =
  !env.sandboxHere && 'without bubblewrap, steps share the host’s absolute paths, /tmp included';

const workspace = [{ name: 'workspace', mountPath: '/workspace' }];

/** A containerSet task whose members share the emptyDir `workspace` at /workspace. */
function containerSet(members: TaskContainer[], overrides: Partial<Task> = {}): Task {
  const withVolume = members.map((m) => ({ ...m, volumeMounts: [...workspace, ...m.volumeMounts] }));
  const main = withVolume.find((m) => m.name === 'main') ?? withVolume[withVolume.length - 1]!;
  return task(undefined, {
    kind: 'containerSet',
    main,
    containers: withVolume,
    volumes: [{ name: 'workspace', kind: 'emptyDir' }],
    ...overrides,
  });
}

function phases(result: TaskResult): Record<string, [string, number | undefined]> {
  return Object.fromEntries(
    Object.entries(result.containers ?? {}).map(([name, c]) => [name, [c.phase, c.exitCode]]),
  );
}

describe('containerSet', () => {
  it('runs members in dependency order on shared volumes; outputs, result and exit code come from main', async () => {
    const t = containerSet(
      [
        container('a', 'echo a >> /workspace/order; echo from-a'),
        container('b', 'echo b >> /workspace/order', { dependencies: ['a'] }),
        container('c', 'echo c >> /workspace/order; echo to-stderr >&2', { dependencies: ['a'] }),
        container('main', 'head -1 /workspace/order; wc -l < /workspace/order; echo kept > /tmp/out.txt', {
          dependencies: ['b', 'c'],
        }),
      ],
      {
        outputs: {
          parameters: [
            { name: 'kept', path: '/tmp/out.txt' },
            { name: 'order', path: '/workspace/order' },
          ],
          artifacts: [],
          result: true,
        },
      },
    );
    const { result, h } = await run(t, env.harness());
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.equal(result.exitCode, 0);
    assert.deepEqual(phases(result), {
      a: ['Succeeded', 0],
      b: ['Succeeded', 0],
      c: ['Succeeded', 0],
      main: ['Succeeded', 0],
    });
    assert.equal(result.outputs?.result?.replace(/ +/g, ''), 'a\n3');
    const params = Object.fromEntries((result.outputs?.parameters ?? []).map((p) => [p.name, p.value]));
    assert.equal(params.kept, 'kept');
    assert.equal(params.order?.split('\n')[0], 'a');
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'a'), ['from-a']);
    assert.deepEqual(h.logs(t.nodeId, 'stderr', 'c'), ['to-stderr']);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'b'), []);
    for (const c of Object.values(result.containers ?? {})) {
      assert.match(c.startedAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(c.finishedAt ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });

  it('members have their own filesystems; inputs go to main only', { skip: noSandbox }, async () => {
    const t = containerSet(
      [
        container('a', 'echo mine > /tmp/private; test -e /tmp/in.txt || echo a-has-no-input'),
        container('main', 'test -e /tmp/private || echo not-shared; cat /tmp/in.txt', {
          dependencies: ['a'],
        }),
      ],
      {
        inputs: {
          parameters: [],
          artifacts: [{ name: 'in', path: '/tmp/in.txt', location: { raw: { data: 'for main\n' } } }],
        },
      },
    );
    const { result, h } = await run(t, env.harness());
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'a'), ['a-has-no-input']);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'main'), ['not-shared', 'for main']);
  });

  it('dependants of a failed member do not run; each member ends as Argo reports it', async () => {
    const t = containerSet([
      container('a', 'echo failing; exit 3'),
      container('side', 'echo side-ran'),
      container('b', 'echo b-ran', { dependencies: ['a'] }),
      container('main', 'echo main-ran', { dependencies: ['b', 'side'] }),
    ]);
    const { result, h } = await run(t, env.harness());
    assert.equal(result.phase, 'Failed');
    assert.equal(result.message, 'a: Error (exit code 3)');
    assert.equal(result.exitCode, 64, 'main ended without running: the emissary’s exit code');
    assert.deepEqual(phases(result), {
      a: ['Failed', 3],
      side: ['Succeeded', 0],
      b: ['Error', 64],
      main: ['Error', 64],
    });
    assert.equal(result.containers?.a?.message, 'a: Error (exit code 3): ');
    assert.equal(
      result.containers?.b?.message,
      'b: Error (exit code 64): dependency "a" exited with non-zero code: 3',
    );
    assert.equal(
      result.containers?.main?.message,
      'main: Error (exit code 64): dependency "b" exited with non-zero code: 64',
    );
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'a'), ['failing']);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'side'), ['side-ran']);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'b'), []);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'main'), []);
  });

  it('a member whose command is missing is Error 64, and so is the task', async () => {
    const t = containerSet([
      container('a', undefined, { command: ['no-such-command-nuncio'] }),
      container('main', 'true'),
    ]);
    const { result } = await run(t, env.harness());
    assert.equal(result.phase, 'Error');
    assert.equal(
      result.message,
      'a: Error (exit code 64): failed to find name in PATH: exec: "no-such-command-nuncio": executable file not found in $PATH',
    );
    assert.deepEqual(phases(result), { a: ['Error', 64], main: ['Succeeded', 0] });
  });

  it('a stop ends running members with SIGTERM and waiting ones with 143', async () => {
    const h = env.harness();
    const t = containerSet([
      container('a', 'echo ready; exec sleep 30'),
      container('main', 'echo main-ran', { dependencies: ['a'] }),
    ]);
    h.emissary.start(t);
    await logged(h, t.nodeId, 'ready');
    h.emissary.cancel(t.nodeId, 'stop');
    const result = await h.finished(t.nodeId);
    assert.equal(result.phase, 'Failed');
    assert.equal(result.message, "Stopped with strategy 'Stop'");
    assert.deepEqual(phases(result), { a: ['Failed', 143], main: ['Failed', 143] });
    assert.equal(result.containers?.main?.message, 'main: Error (exit code 143): ');
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'main'), []);
  });

  it('retryStrategy restarts a failing member in place; retries counts the runs, as Argo’s backoff does', async () => {
    const flaky = container(
      'main',
      'n=$(cat /workspace/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /workspace/n; echo run-$n; test $n -ge 3',
    );
    const enough = containerSet([flaky], {
      containerSetRetry: { retries: 3, durationMs: 10 },
    } as Partial<Task>);
    const r1 = await run(enough, env.harness());
    assert.equal(r1.result.phase, 'Succeeded', r1.result.message);
    assert.deepEqual(r1.h.logs(enough.nodeId, 'stdout', 'main'), ['run-1', 'run-2', 'run-3']);

    const short = containerSet([flaky], { containerSetRetry: { retries: 2 } } as Partial<Task>);
    const r2 = await run(short, env.harness());
    assert.equal(r2.result.phase, 'Failed');
    assert.equal(r2.result.exitCode, 1);
    assert.deepEqual(r2.h.logs(short.nodeId, 'stdout', 'main'), ['run-1', 'run-2']);

    const none = containerSet([flaky]);
    const r3 = await run(none, env.harness());
    assert.deepEqual(r3.h.logs(none.nodeId, 'stdout', 'main'), ['run-1']);
  });

  it('archives each member’s log next to main’s when logs are archived', async () => {
    const t = containerSet(
      [container('a', 'echo from-a'), container('main', 'echo from-main', { dependencies: ['a'] })],
      { archiveLogs: { local: { key: 'wf/pod-cs/main.log' } } },
    );
    const { result } = await run(t, env.harness());
    assert.equal(result.phase, 'Succeeded', result.message);
    const names = (result.outputs?.artifacts ?? []).map((a) => a.name).sort();
    assert.deepEqual(names, ['a-logs', 'main-logs']);
    assert.equal(await readFile(env.repo.pathOf({ local: { key: 'wf/pod-cs/a.log' } }), 'utf8'), 'from-a\n');
    assert.equal(
      await readFile(env.repo.pathOf({ local: { key: 'wf/pod-cs/main.log' } }), 'utf8'),
      'from-main\n',
    );
  });

  it('an unrunnable graph is Error before anything runs', async () => {
    const t = containerSet([container('main', 'echo ran', { dependencies: ['ghost'] })]);
    const { result, h } = await run(t, env.harness());
    assert.equal(result.phase, 'Error');
    assert.equal(result.message, "containerSet: container 'main' depends on unknown container 'ghost'");
    assert.deepEqual(h.logs(t.nodeId), []);
  });
});
