import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSorted } from './dag.ts';
import { Harness } from './testing/harness.ts';

const diamond = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: dag-abcde}
spec:
  entrypoint: diamond
  templates:
  - name: diamond
    dag:
      tasks:
      - {name: A, template: echo, arguments: {parameters: [{name: message, value: A}]}}
      - {name: B, dependencies: [A], template: echo, arguments: {parameters: [{name: message, value: B}]}}
      - {name: C, dependencies: [A], template: echo, arguments: {parameters: [{name: message, value: C}]}}
      - {name: D, dependencies: [B, C], template: echo, arguments: {parameters: [{name: message, value: D}]}}
  - name: echo
    inputs: {parameters: [{name: message}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.message}}"]}
`;

test('dag: a diamond runs in dependency order with Argo edges and outbound nodes', () => {
  const h = new Harness(diamond);
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['A']);
  h.finish('A');
  assert.deepEqual(h.startedNow(), ['B', 'C']);
  h.finish('C');
  assert.deepEqual(h.startedNow(), []);
  h.finish('B');
  assert.deepEqual(h.startedNow(), ['D']);
  h.finish('D');
  assert.equal(h.wf.status?.phase, 'Succeeded');
  const root = h.node('dag-abcde');
  const [A, B, C, D] = ['A', 'B', 'C', 'D'].map((n) => h.node(n));
  assert.equal(A!.name, 'dag-abcde.A');
  assert.equal(A!.boundaryID, root.id);
  assert.deepEqual(root.children, [A!.id]);
  assert.deepEqual(A!.children, [B!.id, C!.id]);
  assert.deepEqual(B!.children, [D!.id]);
  assert.deepEqual(C!.children, [D!.id]);
  assert.deepEqual(root.outboundNodes, [D!.id]);
  assert.equal(root.message, undefined);
});

test('dag: a failed dependency omits its dependents and the DAG fails without a message', () => {
  const h = new Harness(diamond);
  h.reconcile();
  h.finish('A');
  h.finish('B', { exitCode: 1 });
  h.finish('C');
  const D = h.node('D');
  assert.equal(D.type, 'Skipped');
  assert.equal(D.phase, 'Omitted');
  assert.equal(D.message, 'omitted: depends condition not met');
  assert.equal(h.node('dag-abcde').phase, 'Failed');
  assert.equal(h.wf.status?.phase, 'Failed');
  assert.equal(h.wf.status?.message, undefined);
});

test('dag: depends with results, continueOn and targets', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: dep-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      target: E
      tasks:
      - {name: A, template: ok}
      - {name: B, depends: "A", template: ok, continueOn: {failed: true}}
      - {name: C, depends: "B.Failed", template: ok}
      - {name: D, depends: "B.Succeeded", template: ok}
      - {name: E, depends: "C || D", template: ok}
      - {name: F, depends: "A", template: ok}
  - name: ok
    container: {image: alpine, command: ["true"]}
`);
  h.reconcile();
  h.finish('A');
  // F is neither the target E nor something E depends on: it does not run
  assert.deepEqual(h.startedNow(), ['B']);
  h.finish('B', { exitCode: 2 });
  assert.deepEqual(h.startedNow(), ['C']);
  assert.equal(h.node('D').phase, 'Omitted');
  h.finish('C');
  assert.deepEqual(
    h.startedTasks.map((t) => h.wf.status!.nodes![t.nodeId]!.displayName),
    ['A', 'B', 'C', 'E'],
  );
  h.finish('E');
  assert.equal(h.wf.status?.phase, 'Succeeded');
  assert.equal(
    h.nodes.some((n) => n.displayName === 'F'),
    false,
  );
});

test('dag: loops make a TaskGroup whose items hang under it', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: tg-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: fan, template: say, arguments: {parameters: [{name: m, value: "{{item}}"}]}, withItems: [a, b]}
      - {name: after, dependencies: [fan], template: say, arguments: {parameters: [{name: m, value: "{{tasks.fan.outputs.result}}"}]}}
  - name: say
    inputs: {parameters: [{name: m}]}
    script: {image: alpine, command: [sh], source: "echo {{inputs.parameters.m}}"}
`);
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['fan(0:a)', 'fan(1:b)']);
  const group = h.node('fan');
  assert.equal(group.type, 'TaskGroup');
  assert.deepEqual(group.children, [h.node('fan(0:a)').id, h.node('fan(1:b)').id]);
  assert.equal(h.node('fan(0:a)').boundaryID, h.node('tg-abcde').id);
  h.finish('fan(0:a)', { result: '"a"' });
  h.finish('fan(1:b)', { result: '"b"' });
  assert.equal(group.phase, 'Succeeded');
  assert.deepEqual(h.startedNow(), ['after']);
  assert.equal(h.startedTasks.at(-1)!.script, 'echo ["a","b"]');
  // the dependent hangs under each item (the TaskGroup's outbound nodes)
  assert.deepEqual(h.node('fan(0:a)').children, [h.node('after').id]);
});

test('dag: failFast false still waits for running tasks; the failed target decides', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ff-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      failFast: false
      tasks:
      - {name: A, template: ok}
      - {name: B, template: ok}
  - name: ok
    container: {image: alpine, command: ["true"]}
`);
  h.reconcile();
  h.finish('A', { exitCode: 1 });
  assert.equal(h.wf.status?.phase, 'Running');
  h.finish('B');
  assert.equal(h.wf.status?.phase, 'Failed');
});

test('mergeSorted gives the sorted union without repeats, by binary search or by a walk of both lists', () => {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const byNumber = (x: string, y: string): number => Number(x) - Number(y);
  const sortedSample = (size: number): string[] =>
    [...new Set(Array.from({ length: size }, () => rnd(500)))].sort((x, y) => x - y).map(String);
  for (let round = 0; round < 300; round++) {
    // Both shapes: few new tasks against many waiting ones (binary search), and lists of like size.
    const a = sortedSample(rnd(2) ? 200 + rnd(200) : rnd(20));
    const b = sortedSample(rnd(2) ? rnd(12) : rnd(300));
    const expected = [...new Set([...a, ...b])].sort(byNumber);
    assert.deepEqual(mergeSorted(a, b, byNumber), expected, `a=${a} b=${b}`);
  }
});
