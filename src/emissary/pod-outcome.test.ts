/** @module emissary/pod-outcome.test — Argo's rules for a finished pod's phase and message. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerExit } from './container-run.ts';
import { containerNode, type NamedExit, type PodExits, podVerdict, runtimeFailure } from './pod-outcome.ts';

const t0 = Date.UTC(2026, 0, 2, 3, 4, 5, 600);

function exited(name: string, exitCode: number, more: Partial<ContainerExit> = {}): NamedExit {
  return { name, exit: { exitCode, ran: true, startedAt: t0, finishedAt: t0 + 1500, ...more } };
}

function pod(parts: Partial<PodExits>): PodExits {
  return { init: [], initSkipped: [], main: [], mainNames: ['main'], sidecars: [], ...parts };
}

describe('podVerdict', () => {
  it('is Succeeded when every container exited 0', () => {
    const v = podVerdict(
      pod({ init: [exited('i', 0)], main: [exited('main', 0)], sidecars: [exited('s', 0)] }),
    );
    assert.deepEqual(v, { phase: 'Succeeded' });
  });

  it('blames a failed main container', () => {
    assert.deepEqual(podVerdict(pod({ main: [exited('main', 2)] })), {
      phase: 'Failed',
      message: 'main: Error (exit code 2)',
    });
  });

  it('blames the first failed init container; later ones never ran', () => {
    const v = podVerdict(pod({ init: [exited('a', 0), exited('b', 3)], initSkipped: ['c'] }));
    assert.deepEqual(v, { phase: 'Failed', message: 'b: Error (exit code 3)' });
  });

  it('an init container killed by a signal is not blamed: the next container never started', () => {
    assert.deepEqual(podVerdict(pod({ init: [exited('a', 143)], initSkipped: ['b'] })), {
      phase: 'Error',
      message: 'Pod failed before b container starts due to PodInitializing: ',
    });
    assert.deepEqual(podVerdict(pod({ init: [exited('a', 137)], mainNames: ['z', 'm'] })), {
      phase: 'Error',
      message: 'Pod failed before m container starts due to PodInitializing: ',
    });
  });

  it('ignores sidecars stopped with SIGTERM or SIGKILL, blames other sidecar exits', () => {
    const stopped = pod({ main: [exited('main', 0)], sidecars: [exited('s1', 143), exited('s2', 137)] });
    assert.deepEqual(podVerdict(stopped), { phase: 'Succeeded' });
    const failed = pod({ main: [exited('main', 0)], sidecars: [exited('s2', 143), exited('s1', 4)] });
    assert.deepEqual(podVerdict(failed), { phase: 'Failed', message: 's1: Error (exit code 4)' });
  });

  it('main containers are blamed before sidecars, and by name among themselves', () => {
    const v = podVerdict(
      pod({
        main: [exited('main', 64, { detail: 'dependency "b" exited with non-zero code: 1' }), exited('b', 1)],
        mainNames: ['main', 'b'],
        sidecars: [exited('a-sidecar', 9)],
      }),
    );
    assert.deepEqual(v, { phase: 'Failed', message: 'b: Error (exit code 1)' });
    const dependant = podVerdict(
      pod({
        main: [exited('z', 1), exited('main', 64, { detail: 'dependency "z" exited with non-zero code: 1' })],
      }),
    );
    assert.deepEqual(dependant, {
      phase: 'Failed',
      message: 'main: Error (exit code 64): dependency "z" exited with non-zero code: 1',
    });
  });

  it('a missing command is Error, wherever it is', () => {
    const detail = 'failed to find name in PATH: exec: "nope": executable file not found in $PATH';
    const missing = { notFound: true, ran: false, detail };
    assert.deepEqual(podVerdict(pod({ main: [exited('main', 64, missing)] })), {
      phase: 'Error',
      message: `main: Error (exit code 64): ${detail}`,
    });
    assert.deepEqual(podVerdict(pod({ main: [exited('main', 0)], sidecars: [exited('s', 64, missing)] })), {
      phase: 'Error',
      message: `s: Error (exit code 64): ${detail}`,
    });
  });

  it('a runtime failure around any container outranks every exit code', () => {
    const exits = pod({ main: [exited('main', 1)], sidecars: [exited('s', 64, { error: 'bwrap: boom' })] });
    assert.deepEqual(runtimeFailure(exits), { phase: 'Error', message: 'bwrap: boom' });
    assert.deepEqual(podVerdict(exits), { phase: 'Error', message: 'bwrap: boom' });
    assert.equal(runtimeFailure(pod({ main: [exited('main', 1)] })), undefined);
  });
});

describe('containerNode', () => {
  it('maps 0 to Succeeded, 64 to Error, others to Failed, with Argo’s node message and times', () => {
    assert.deepEqual(containerNode(exited('a', 0)), {
      phase: 'Succeeded',
      exitCode: 0,
      startedAt: '2026-01-02T03:04:05Z',
      finishedAt: '2026-01-02T03:04:07Z',
    });
    assert.deepEqual(containerNode(exited('b', 1)), {
      phase: 'Failed',
      exitCode: 1,
      message: 'b: Error (exit code 1): ',
      startedAt: '2026-01-02T03:04:05Z',
      finishedAt: '2026-01-02T03:04:07Z',
    });
    const skipped = containerNode(
      exited('c', 64, { ran: false, detail: 'dependency "b" exited with non-zero code: 1' }),
    );
    assert.equal(skipped.phase, 'Error');
    assert.equal(skipped.exitCode, 64);
    assert.equal(skipped.message, 'c: Error (exit code 64): dependency "b" exited with non-zero code: 1');
  });

  it('a runtime failure is Error with the failure', () => {
    const n = containerNode(exited('d', 64, { error: 'bwrap: boom' }));
    assert.equal(n.phase, 'Error');
    assert.equal(n.message, 'bwrap: boom');
    assert.equal(n.exitCode, undefined);
  });
});
