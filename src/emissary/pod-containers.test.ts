/**
 * @module emissary/pod-containers.test
 * Init containers, sidecars and daemons end to end, through the process runtime: the containers of one
 * task share its volumes and run in Argo's order. Waits are on events, never on time.
 */

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Task, TaskEvent } from '../controller/ports.ts';
import { container, logged, run, task, testEnv } from './testkit.ts';

const env = await testEnv('nuncio-pod-containers-');
after(() => env.close());

const shared = [{ name: 'v', mountPath: '/v' }];

/** A task whose main runs `shell` with the emptyDir `v` at /v, mounted in every container given. */
function pod(shell: string, parts: Pick<Partial<Task>, 'initContainers' | 'sidecars' | 'daemon'>): Task {
  const mount = (c: Task['main']) => ({ ...c, volumeMounts: [...shared, ...c.volumeMounts] });
  const t = task(shell, { volumes: [{ name: 'v', kind: 'emptyDir' }] });
  t.main = mount(t.main);
  if (parts.initContainers) t.initContainers = parts.initContainers.map(mount);
  if (parts.sidecars) t.sidecars = parts.sidecars.map(mount);
  if (parts.daemon) t.daemon = true;
  return t;
}

function eventIndex(events: TaskEvent[], match: (e: TaskEvent) => boolean): number {
  return events.findIndex(match);
}

describe('init containers', () => {
  it('run to completion, in order, before main, on the task’s volumes, each with its own log', async () => {
    const t = pod('cat /v/f', {
      initContainers: [
        container('first', 'echo one > /v/f; echo first-out'),
        container('second', 'echo two >> /v/f; echo second-err >&2'),
      ],
    });
    const { result, h } = await run(t, env.harness());
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'main'), ['one', 'two']);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'first'), ['first-out']);
    assert.deepEqual(h.logs(t.nodeId, 'stderr', 'second'), ['second-err']);
    assert.equal(result.containers, undefined, 'per-container outcomes are for containerSets');
  });

  it('a failed init container ends the task before main runs, blamed as Argo does', async () => {
    const t = pod('echo main-ran', {
      initContainers: [container('first', 'exit 5'), container('second', 'echo second-ran')],
    });
    const { result, h } = await run(t, env.harness());
    assert.equal(result.phase, 'Failed');
    assert.equal(result.message, 'first: Error (exit code 5)');
    assert.equal(result.exitCode, undefined, 'main never ran');
    assert.deepEqual(h.logs(t.nodeId), []);
  });

  it('an init container whose command is missing is Error', async () => {
    const t = pod('echo main-ran', {
      initContainers: [container('first', undefined, { command: ['no-such-command-nuncio'] })],
    });
    const { result, h } = await run(t, env.harness());
    assert.equal(result.phase, 'Error');
    assert.match(result.message ?? '', /^first: Error \(exit code 64\): failed to find name in PATH/);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'main'), []);
  });
});

describe('sidecars', () => {
  it('start before main and are stopped with SIGTERM once main exits; 143 does not fail the task', async () => {
    const t = pod('while [ ! -e /v/up ]; do sleep 0.02; done; echo main-saw-sidecar', {
      sidecars: [
        container('helper', "trap 'echo got-term; exit 143' TERM; touch /v/up; while :; do sleep 0.05; done"),
      ],
    });
    const { result, h } = await run(t, env.harness());
    assert.equal(result.phase, 'Succeeded', result.message);
    assert.equal(result.exitCode, 0);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'main'), ['main-saw-sidecar']);
    assert.deepEqual(h.logs(t.nodeId, 'stdout', 'helper'), ['got-term']);
  });

  it('a sidecar that ignores SIGTERM is killed after the grace period, and that is no failure', async () => {
    const t = pod('while [ ! -e /v/up ]; do sleep 0.02; done', {
      sidecars: [container('stubborn', "trap '' TERM; touch /v/up; while :; do sleep 0.05; done")],
    });
    const { result } = await run(t, env.harness());
    assert.equal(result.phase, 'Succeeded', result.message);
  });

  it('a sidecar that exits non-zero on its own fails the task; main’s failure outranks it', async () => {
    // The sidecar ignores SIGTERM so that its own exit code, not the stop, ends it.
    const sidecar = container('helper', "trap '' TERM; echo x > /v/done; exit 4");
    const waitForIt = 'while [ ! -e /v/done ]; do sleep 0.02; done; sleep 0.1';
    const failing = await run(pod(waitForIt, { sidecars: [sidecar] }), env.harness());
    assert.equal(failing.result.phase, 'Failed');
    assert.equal(failing.result.message, 'helper: Error (exit code 4)');
    assert.equal(failing.result.exitCode, 0);

    const both = await run(pod(`${waitForIt}; exit 2`, { sidecars: [sidecar] }), env.harness());
    assert.equal(both.result.phase, 'Failed');
    assert.equal(both.result.message, 'main: Error (exit code 2)');
  });

  it('a stop reaches sidecars at once, not only once main is gone', async () => {
    const h = env.harness();
    // main ignores SIGTERM and ticks until SIGKILL; the sidecar says when it gets SIGTERM. main is ready
    // once the sidecar's trap is in place.
    const t = pod(
      "trap '' TERM; while [ ! -e /v/up ]; do sleep 0.02; done; echo ready; while :; do echo tick; sleep 0.05; done",
      {
        sidecars: [
          container(
            'helper',
            "trap 'echo got-term; exit 143' TERM; touch /v/up; while :; do sleep 0.05; done",
          ),
        ],
      },
    );
    t.terminationGracePeriodMs = 1000;
    h.emissary.start(t);
    await logged(h, t.nodeId, 'ready');
    h.emissary.cancel(t.nodeId, 'terminate');
    const result = await h.finished(t.nodeId);
    assert.equal(result.phase, 'Failed');
    assert.equal(result.message, "Stopped with strategy 'Terminate'");
    assert.equal(result.exitCode, 137, 'main ignored SIGTERM');
    const lines = h.logs(t.nodeId, 'stdout');
    assert.ok(lines.includes('got-term'));
    assert.ok(
      lines.lastIndexOf('tick') > lines.indexOf('got-term'),
      'main was still running when the sidecar got SIGTERM',
    );
  });
});

describe('daemons', () => {
  it('report started once main runs, keep running, and end Succeeded on daemon-done', async () => {
    const h = env.harness();
    const t = pod('echo serving; exec sleep 30', {
      daemon: true,
      initContainers: [container('prepare', 'echo prepared')],
      sidecars: [container('helper', 'exec sleep 30')],
    });
    h.emissary.start(t);
    await logged(h, t.nodeId, 'serving');
    const started = eventIndex(h.events, (e) => e.type === 'started' && e.nodeId === t.nodeId);
    const prepared = eventIndex(h.events, (e) => e.type === 'log' && e.line === 'prepared');
    assert.ok(started > prepared && prepared >= 0, 'started comes once the init container is done');
    assert.ok(!h.events.some((e) => e.type === 'finished'), 'a daemon keeps running');
    h.emissary.cancel(t.nodeId, 'daemon-done');
    const result = await h.finished(t.nodeId);
    assert.equal(result.phase, 'Succeeded');
    assert.equal(result.message, undefined);
    assert.equal(result.exitCode, 143);
  });

  it('a daemon that fails before main runs still reports started, then finished', async () => {
    const h = env.harness();
    const t = pod('echo never', { daemon: true, initContainers: [container('prepare', 'exit 1')] });
    const { result } = await run(t, h);
    assert.equal(result.phase, 'Failed');
    const kinds = h.events.filter((e) => e.type !== 'log').map((e) => e.type);
    assert.deepEqual(kinds, ['started', 'finished']);
  });
});
