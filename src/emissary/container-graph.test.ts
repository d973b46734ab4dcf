/**
 * @module emissary/container-graph.test
 * The containerSet order rules on their own: members are started by a function the test controls, so the
 * order in which dependencies finish is chosen by the test, not by timing.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GraphMember, graphProblem, runGraph } from './container-graph.ts';
import type { ContainerExit } from './container-run.ts';

interface Pending {
  name: string;
  finish(exitCode: number): void;
}

/** A graph run whose members end when the test says so. */
function controlled(members: GraphMember[]) {
  const started: string[] = [];
  const pending: Pending[] = [];
  let stop!: () => void;
  let isStopped = false;
  const stopped = new Promise<void>((ok) => {
    stop = () => {
      isStopped = true;
      ok();
    };
  });
  const waiters: (() => void)[] = [];
  const done = runGraph(members, {
    start: (name) =>
      new Promise<ContainerExit>((ok) => {
        started.push(name);
        pending.push({
          name,
          finish: (exitCode) => ok({ exitCode, ran: true, startedAt: 0, finishedAt: 0 }),
        });
        for (const w of waiters.splice(0)) w();
      }),
    stopped,
    isStopped: () => isStopped,
    now: () => 0,
  });
  return {
    started,
    done,
    stop,
    /** Resolves once `name` has been started. */
    async whenStarted(name: string): Promise<void> {
      while (!started.includes(name)) await new Promise<void>((ok) => waiters.push(ok));
    },
    finish(name: string, exitCode: number): void {
      const i = pending.findIndex((p) => p.name === name);
      assert.ok(i >= 0, `${name} is running`);
      pending.splice(i, 1)[0]!.finish(exitCode);
    },
  };
}

/** Lets every promise that can settle settle. */
const settle = (): Promise<void> => new Promise((ok) => setImmediate(ok));

describe('graphProblem', () => {
  it('accepts a DAG and names what would make one unrunnable', () => {
    assert.equal(graphProblem([{ name: 'a' }, { name: 'b', dependencies: ['a'] }]), undefined);
    assert.equal(
      graphProblem([{ name: 'a' }, { name: 'a' }]),
      "containerSet: container 'a' is declared twice",
    );
    assert.equal(
      graphProblem([{ name: 'a', dependencies: ['x'] }]),
      "containerSet: container 'a' depends on unknown container 'x'",
    );
    assert.match(
      graphProblem([
        { name: 'a', dependencies: ['c'] },
        { name: 'b', dependencies: ['a'] },
        { name: 'c', dependencies: ['b'] },
      ]) ?? '',
      /^containerSet: dependency cycle through container '[abc]'$/,
    );
  });
});

describe('runGraph', () => {
  it('starts members without dependencies at once and the others when their dependencies succeeded', async () => {
    const g = controlled([
      { name: 'a' },
      { name: 'b', dependencies: ['a'] },
      { name: 'c', dependencies: ['a'] },
      { name: 'd', dependencies: ['b', 'c'] },
    ]);
    await g.whenStarted('a');
    await settle();
    assert.deepEqual(g.started, ['a']);
    g.finish('a', 0);
    await g.whenStarted('c');
    assert.deepEqual([...g.started].sort(), ['a', 'b', 'c']);
    g.finish('c', 0);
    await settle();
    assert.ok(!g.started.includes('d'), 'd waits for b too');
    g.finish('b', 0);
    await g.whenStarted('d');
    g.finish('d', 0);
    const exits = await g.done;
    assert.deepEqual(
      [...exits.values()].map((e) => e.exitCode),
      [0, 0, 0, 0],
    );
  });

  it('a member whose dependency failed ends with 64 and Argo’s message, without running', async () => {
    const g = controlled([
      { name: 'a' },
      { name: 'b', dependencies: ['a'] },
      { name: 'c', dependencies: ['b'] },
    ]);
    await g.whenStarted('a');
    g.finish('a', 3);
    const exits = await g.done;
    assert.deepEqual(g.started, ['a']);
    assert.deepEqual(exits.get('b'), {
      exitCode: 64,
      detail: 'dependency "a" exited with non-zero code: 3',
      ran: false,
      startedAt: 0,
      finishedAt: 0,
    });
    assert.equal(exits.get('c')?.detail, 'dependency "b" exited with non-zero code: 64');
  });

  it('waits for dependencies in the order listed, as Argo’s emissary does', async () => {
    const g = controlled([{ name: 'slow' }, { name: 'fast' }, { name: 'm', dependencies: ['slow', 'fast'] }]);
    await g.whenStarted('fast');
    g.finish('fast', 1);
    await settle();
    g.finish('slow', 2);
    const exits = await g.done;
    assert.equal(exits.get('m')?.detail, 'dependency "slow" exited with non-zero code: 2');
  });

  it('a stop ends waiting members with 143 at once', async () => {
    const g = controlled([{ name: 'a' }, { name: 'b', dependencies: ['a'] }]);
    await g.whenStarted('a');
    g.stop();
    await settle();
    g.finish('a', 143);
    const exits = await g.done;
    assert.equal(exits.get('b')?.exitCode, 143);
    assert.equal(exits.get('b')?.ran, false);
    assert.deepEqual(g.started, ['a']);
  });
});
