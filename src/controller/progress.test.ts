/**
 * Progress as Argo's controller keeps it (workflow/progress/updater.go): executable nodes own theirs and
 * complete only when they Succeeded (or were Skipped or Omitted), the others sum what they reach through
 * `children`, each node once, and the workflow sums the executable nodes. The graph's recount is checked
 * against the runs of the controller in `Harness`.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProgress } from '../spec/progress.ts';
import type { NodeStatus, NodeType } from '../spec/types.ts';
import {
  executableProgress,
  largestRefreshMs,
  ProgressGraph,
  refreshInterval,
  refreshMs,
} from './progress.ts';
import { Harness } from './testing/harness.ts';

test('progress text: N/M with 0 ≤ N ≤ M and M > 0', () => {
  assert.deepEqual(parseProgress('3/10'), [3, 10]);
  assert.deepEqual(parseProgress('0/1'), [0, 1]);
  for (const bad of [undefined, '', '0/0', '2/1', '-1/2', '1/2/3', ' 1/2', 'a/b', '1.5/2']) {
    assert.equal(parseProgress(bad), undefined, String(bad));
  }
});

test('an executable node completes only when it Succeeded, was Skipped or Omitted', () => {
  assert.equal(executableProgress(undefined, 'Pending'), '0/1');
  assert.equal(executableProgress('0/1', 'Succeeded'), '1/1');
  assert.equal(executableProgress('30/100', 'Succeeded'), '100/100');
  assert.equal(executableProgress('30/100', 'Omitted'), '100/100');
  assert.equal(executableProgress('0/1', 'Failed'), '0/1');
  assert.equal(executableProgress('30/100', 'Error'), '30/100');
  // what is not progress stays as it is, and is not counted
  assert.equal(executableProgress('garbage', 'Succeeded'), 'garbage');
});

function node(id: string, type: NodeType, progress?: string): NodeStatus {
  return { id, name: id, displayName: id, type, phase: 'Running', ...(progress ? { progress } : {}) };
}

test('the graph sums what each node reaches, once, as Argo’s updater test does', () => {
  const g = new ProgressGraph();
  const pod1 = node('pod-1', 'Pod', '1/1');
  const pod2 = node('pod-2', 'Pod', '0/1');
  const wf = node('wf', 'Steps');
  for (const n of [wf, pod1, pod2]) g.add(n);
  g.edge(wf, 'pod-1');
  g.edge(wf, 'pod-2');
  g.refresh(0, false, () => {});
  assert.equal(wf.progress, '1/2');
  assert.deepEqual([g.done, g.total], [1, 2]);

  // A diamond (a DAG's D depends on B and C) counts D once.
  const dag = node('dag', 'DAG');
  const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((id) => node(id, 'Pod', '0/1')) as [
    NodeStatus,
    NodeStatus,
    NodeStatus,
    NodeStatus,
  ];
  const g2 = new ProgressGraph();
  for (const n of [dag, a, b, c]) g2.add(n);
  g2.edge(dag, 'A');
  g2.edge(a, 'B');
  g2.edge(a, 'C');
  // D is linked before it is known: the edge waits for it.
  g2.edge(b, 'D');
  g2.add(d);
  g2.edge(c, 'D');
  const touched: string[] = [];
  g2.refresh(0, true, (n) => touched.push(n.id));
  assert.equal(dag.progress, '0/4');
  assert.deepEqual(touched, ['dag']);
  b.progress = '1/1';
  g2.changed(b);
  g2.refresh(1, true, () => {});
  assert.equal(dag.progress, '1/4');
  assert.deepEqual([g2.done, g2.total], [1, 4]);
  // A node that reaches no executable node has no progress.
  const skipped = node('skipped', 'Skipped');
  g2.add(skipped);
  g2.refresh(2, true, () => {});
  assert.equal(skipped.progress, undefined);
});

test('a summing node waits a second per 1,000 children between recounts, at most a minute', () => {
  assert.equal(refreshInterval(1), refreshMs);
  assert.equal(refreshInterval(1000), refreshMs);
  assert.equal(refreshInterval(1001), 2 * refreshMs);
  assert.equal(refreshInterval(100_000), largestRefreshMs);
});

test('the summing nodes are recounted at most once a second, and when the end forces it', () => {
  const g = new ProgressGraph();
  const steps = node('steps', 'Steps');
  const group = node('group', 'StepGroup');
  g.add(steps);
  g.add(group);
  g.edge(steps, 'group');
  const pods: NodeStatus[] = [];
  for (let i = 0; i < 1000; i++) {
    const p = node(`p${i}`, 'Pod', '0/1');
    pods.push(p);
    g.add(p);
    g.edge(group, p.id);
  }
  const total = 1000;
  g.refresh(0, false, () => {});
  assert.equal(group.progress, `0/${total}`);
  const done = (i: number, at: number, force = false) => {
    const p = pods[i]!;
    p.progress = '1/1';
    g.changed(p);
    g.refresh(at, force, () => {});
  };
  done(0, 10);
  assert.equal(group.progress, `0/${total}`, 'not again within a second');
  assert.equal(
    g.refresh(20, false, () => {}),
    refreshMs,
    'but it says when',
  );
  assert.equal(g.done, 1, 'the workflow’s sum is kept at once');
  done(1, refreshMs + 1);
  assert.equal(group.progress, `2/${total}`);
  done(2, refreshMs + 2, true);
  assert.equal(group.progress, `3/${total}`);
  assert.equal(steps.progress, `3/${total}`);
});

test('a run: failed attempts keep 0/1, suspend and container nodes count, groups sum what follows them', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: progress-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flaky, template: flaky}
    - - {name: wait, template: wait}
      - {name: pair, template: pair}
  - name: flaky
    retryStrategy: {limit: 2}
    container: {image: busybox, command: ["true"]}
  - name: wait
    suspend: {duration: "1"}
  - name: pair
    containerSet:
      containers:
      - {name: a, image: busybox, command: ["true"]}
      - {name: b, image: busybox, command: ["true"]}
`);
  h.reconcile();
  assert.equal(h.node('flaky(0)').progress, '0/1');
  assert.equal(h.wf.status?.progress, '0/1');
  h.finish('flaky(0)', { exitCode: 1 });
  h.finish('flaky(1)');
  assert.equal(h.node('flaky(0)').progress, '0/1', 'a failed attempt does not complete');
  assert.equal(h.node('flaky(1)').progress, '1/1');
  assert.equal(h.node('flaky').type, 'Retry');
  const phase = h.runToEnd();
  assert.equal(phase, 'Succeeded');
  // flaky(0) 0/1, flaky(1) 1/1, the suspend node 1/1, the containerSet pod and its two containers 3/3.
  assert.equal(h.wf.status?.progress, '5/6');
  assert.equal(h.node('pair').progress, '1/1');
  assert.equal(h.node('a').progress, '1/1');
  assert.equal(h.node('wait').progress, '1/1');
  assert.equal(h.node('[1]').progress, '4/4');
  // The first group reaches the second through the attempts' children: everything, as Argo sums it.
  assert.equal(h.node('[0]').progress, '5/6');
  assert.equal(h.node('progress-abcde').progress, '5/6');
});

test('self-reported progress: a running pod carries it, sums count it, success completes it, failure keeps it', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: reported-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: one, template: work}
      - {name: two, template: work}
  - name: work
    container: {image: busybox, command: ["true"]}
`);
  h.reconcile();
  const one = h.node('one');
  const two = h.node('two');
  h.reconcile([
    { type: 'task-progress', nodeId: one.id, progress: '3/10' },
    { type: 'task-progress', nodeId: two.id, progress: '1/4' },
  ]);
  assert.equal(one.progress, '3/10');
  assert.equal(h.wf.status?.progress, '4/14');
  assert.ok(
    h.last?.changedNodes.some((n) => n.id === one.id),
    'the node is written again',
  );
  // Not N/M with N ≤ M: ignored, as Argo's executor ignores it.
  h.reconcile([
    { type: 'task-progress', nodeId: one.id, progress: '11/10' },
    { type: 'task-progress', nodeId: two.id, progress: 'half' },
  ]);
  assert.equal(one.progress, '3/10');
  assert.equal(two.progress, '1/4');
  h.finish('one');
  h.finish('two', { exitCode: 1 });
  assert.equal(one.progress, '10/10');
  assert.equal(two.progress, '1/4', 'a failed step keeps what it reported');
  // A report after the end changes nothing.
  h.reconcile([{ type: 'task-progress', nodeId: one.id, progress: '2/10' }]);
  assert.equal(one.progress, '10/10');
  assert.equal(h.wf.status?.phase, 'Failed');
  assert.equal(h.wf.status?.progress, '11/14');
});

test('a change the once-a-second recount left out is counted a second later, with nothing else happening', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: later-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: one, template: work}
    - - {name: two, template: work}
  - name: work
    container: {image: busybox, command: ["true"]}
`);
  h.reconcile();
  assert.equal(h.node('later-abcde').progress, '0/1');
  h.finish('one');
  assert.equal(h.wf.status?.progress, '1/2', 'the workflow’s sum is current');
  assert.equal(h.node('later-abcde').progress, '0/1', 'the Steps node is recounted a second later');
  assert.ok(h.wakeAt !== undefined && h.wakeAt <= h.now + refreshMs);
  h.now = h.wakeAt;
  h.reconcile();
  assert.equal(h.node('later-abcde').progress, '1/2');
  assert.equal(h.node('[0]').progress, '1/2');
});

test('once changes stop, the recounts stop asking to be called again', () => {
  const g = new ProgressGraph();
  const big = node('big', 'StepGroup');
  const small = node('small', 'StepGroup');
  g.add(big);
  g.add(small);
  const pods = Array.from({ length: 1001 }, (_, i) => node(`p${i}`, 'Pod', '0/1'));
  for (const p of pods) g.add(p);
  for (const p of pods) g.edge(big, p.id);
  g.edge(small, 'p0');
  assert.equal(
    g.refresh(0, false, () => {}),
    undefined,
  );
  // big waits two seconds (1,001 children), small one: their next recounts fall apart.
  pods[0]!.progress = '1/1';
  g.changed(pods[0]!);
  let now = 10;
  const asked: number[] = [];
  for (
    let next = g.refresh(now, false, () => {});
    next !== undefined;
    next = g.refresh(now, false, () => {})
  ) {
    asked.push(next);
    assert.ok(asked.length < 5, `asked again and again: ${asked.join(', ')}`);
    now = next;
  }
  assert.equal(big.progress, '1/1001');
  assert.equal(small.progress, '1/1');
});
