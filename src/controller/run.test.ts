import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness } from './testing/harness.ts';

test('a container entrypoint: the root node is itself the Pod, named as the workflow', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: hello-abcde}
spec:
  entrypoint: hello
  arguments: {parameters: [{name: who, value: world}]}
  templates:
  - name: hello
    container: {image: busybox, command: [echo, "hello {{workflow.parameters.who}} from {{workflow.name}} {{pod.name}}"]}
`);
  const actions = h.reconcile();
  assert.equal(actions.length, 1);
  const task = h.startedTasks[0]!;
  assert.deepEqual(task.main.command, ['echo', 'hello world from hello-abcde hello-abcde']);
  assert.equal(task.podName, 'hello-abcde');
  assert.equal(task.outputs.result, false);
  const root = h.node('hello-abcde');
  assert.equal(root.type, 'Pod');
  assert.equal(root.phase, 'Pending');
  assert.equal(h.wf.status?.phase, 'Running');
  h.reconcile([{ type: 'task-started', nodeId: root.id, at: '2026-01-02T03:04:06Z' }]);
  assert.equal(root.phase, 'Running');
  h.finish('hello-abcde', { seconds: 1 });
  assert.equal(h.wf.status?.phase, 'Succeeded');
  assert.equal(h.wf.status?.finishedAt, '2026-01-02T03:04:06Z');
  assert.equal(h.wf.metadata.labels?.['workflows.argoproj.io/completed'], 'true');
  assert.equal(h.wf.metadata.labels?.['workflows.argoproj.io/phase'], 'Succeeded');
  assert.deepEqual(h.last?.actions, [{ type: 'workflow-completed', phase: 'Succeeded' }]);
});

test('suspend with a duration resumes by itself at the wake-up', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sus-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: wait, template: wait}
    - - {name: after, template: say}
  - name: wait
    suspend: {duration: "20"}
  - name: say
    container: {image: alpine, command: [echo]}
`);
  h.reconcile();
  const wait = h.node('wait');
  assert.equal(wait.type, 'Suspend');
  assert.equal(wait.phase, 'Running');
  assert.equal(h.wakeAt, h.now + 20_000);
  h.now += 20_000;
  h.reconcile();
  assert.equal(wait.phase, 'Succeeded');
  assert.deepEqual(h.startedNow(), ['after']);
});

test('suspend without a duration waits for resume, and resume applies output defaults', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ap-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: approve, template: approve}
    - - {name: after, template: say, arguments: {parameters: [{name: m, value: "{{steps.approve.outputs.parameters.ok}}"}]}}
  - name: approve
    suspend: {}
    outputs: {parameters: [{name: ok, valueFrom: {supplied: {}, default: "no"}}]}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.m}}"]}
`);
  h.reconcile();
  assert.equal(h.wakeAt, undefined);
  h.reconcile([
    { type: 'set-node', nodeFieldSelector: 'displayName=approve', outputParameters: { ok: 'yes' } },
  ]);
  h.reconcile([{ type: 'resume' }]);
  assert.deepEqual(h.startedTasks.at(-1)!.main.command, ['echo', 'yes']);
});

test('workflow activeDeadlineSeconds: tasks carry the deadline; at the deadline running tasks are cancelled', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: dl-abcde}
spec:
  entrypoint: sleep
  activeDeadlineSeconds: 10
  templates:
  - name: sleep
    container: {image: alpine, command: [sleep, "100"]}
`);
  h.reconcile();
  const task = h.startedTasks[0]!;
  assert.equal(task.deadline, h.now + 10_000);
  assert.equal(task.deadlineMessage, 'Step exceeded its deadline');
  h.now += 10_000;
  h.reconcile();
  assert.deepEqual(h.cancelled, [{ nodeId: 'dl-abcde', reason: 'deadline' }]);
  h.finish('dl-abcde', { exitCode: 143, phase: 'Failed', message: 'Step exceeded its deadline' });
  assert.equal(h.wf.status?.phase, 'Failed');
});

test('stop cancels running tasks and still runs the exit handler; terminate does not', () => {
  const yaml = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: stop-abcde}
spec:
  entrypoint: sleep
  onExit: bye
  templates:
  - name: sleep
    container: {image: alpine, command: [sleep, "100"]}
  - name: bye
    container: {image: alpine, command: [echo, bye]}
`;
  const stop = new Harness(yaml);
  stop.reconcile();
  stop.reconcile([{ type: 'shutdown', strategy: 'Stop' }]);
  assert.deepEqual(stop.cancelled, [{ nodeId: 'stop-abcde', reason: 'stop' }]);
  stop.finish('stop-abcde', { exitCode: 143 });
  assert.deepEqual(stop.startedNow(), ['stop-abcde.onExit']);
  stop.finish('stop-abcde.onExit');
  assert.equal(stop.wf.status?.phase, 'Failed');
  assert.equal(stop.wf.status?.message, "Stopped with strategy 'Stop'");

  const term = new Harness(yaml);
  term.reconcile();
  term.reconcile([{ type: 'shutdown', strategy: 'Terminate' }]);
  term.finish('stop-abcde', { exitCode: 143 });
  assert.deepEqual(term.startedNow(), []);
  assert.equal(term.wf.status?.phase, 'Failed');
  assert.equal(term.wf.status?.message, "Stopped with strategy 'Terminate'");
});

test('global outputs: globalName publishes workflow.outputs and status.outputs', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: g-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen}
    - - {name: use, template: say}
  - name: gen
    container: {image: alpine, command: [sh]}
    outputs: {parameters: [{name: p, globalName: gp, valueFrom: {path: /tmp/p}}]}
  - name: say
    container: {image: alpine, command: [echo, "{{workflow.outputs.parameters.gp}}"]}
`);
  h.reconcile();
  h.finish('gen', { parameters: { p: 'hi' } });
  assert.deepEqual(h.startedTasks.at(-1)!.main.command, ['echo', 'hi']);
  assert.deepEqual(h.wf.status?.outputs, { parameters: [{ name: 'gp', value: 'hi' }] });
});

test('a large fan-out costs O(changes) per reconcile: each finish touches a handful of nodes', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: big-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: t, template: t, withSequence: {count: "2000"}}
  - name: t
    container: {image: alpine, command: ["true"]}
`);
  h.reconcile();
  assert.equal(h.startedTasks.length, 2000);
  h.finish('t(7:7)');
  assert.ok((h.last?.changedNodes.length ?? 0) <= 3, `changed ${h.last?.changedNodes.length}`);
  assert.equal(h.runToEnd(), 'Succeeded');
});

test('memoize: a miss runs and caches the outputs; a fresh hit skips the pod', () => {
  const yaml = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: memo-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    memoize: {key: "k1", maxAge: "10s", cache: {configMap: {name: c}}}
    container: {image: alpine, command: [sh]}
    outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
`;
  const saved: Record<string, { nodeId: string; outputs: object; createdAt: string }> = {};
  const memoCache = { get: (_ns: string, _c: string, key: string) => saved[key] as never };
  const first = new Harness(yaml, { memoCache });
  first.reconcile();
  assert.deepEqual(first.node('memo-abcde').memoizationStatus, { hit: false, key: 'k1', cacheName: 'c' });
  const actions = first.finish('memo-abcde', { parameters: { p: 'v' } });
  const memo = actions.find((a) => a.type === 'memoize');
  assert.ok(memo && memo.type === 'memoize');
  assert.equal(memo.cacheName, 'c');
  saved[memo.key] = memo.entry;

  const second = new Harness(yaml, { memoCache });
  second.now = first.now + 5_000;
  second.reconcile();
  assert.equal(second.startedTasks.length, 0);
  const hit = second.node('memo-abcde');
  assert.equal(hit.phase, 'Succeeded');
  assert.deepEqual(hit.memoizationStatus, { hit: true, key: 'k1', cacheName: 'c' });
  assert.equal(hit.outputs?.parameters?.[0]?.value, 'v');
  assert.equal(second.wf.status?.phase, 'Succeeded');

  const stale = new Harness(yaml, { memoCache });
  stale.now = first.now + 11_000;
  stale.reconcile();
  assert.equal(stale.startedTasks.length, 1);
});

test("synchronization: a template mutex serialises its nodes; waiting nodes are Pending with Argo's message", () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: mx-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: s, template: locked, withItems: [1, 2, 3]}
  - name: locked
    synchronization: {mutexes: [{name: m}]}
    container: {image: alpine, command: [sleep, "1"]}
`);
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['s(0:1)']);
  const waiting = h.node('s(1:2)');
  assert.equal(waiting.phase, 'Pending');
  assert.equal(waiting.message, 'Waiting for default/Mutex/m lock. Lock status: 0/1');
  assert.deepEqual(waiting.synchronizationStatus, { waiting: 'default/Mutex/m' });
  h.finish('s(0:1)');
  h.reconcile([{ type: 'locks-changed' }]);
  assert.deepEqual(h.startedNow(), ['s(1:2)']);
  assert.equal(h.node('s(1:2)').message, undefined);
  h.finish('s(1:2)');
  h.reconcile([{ type: 'locks-changed' }]);
  h.finish('s(2:3)');
  assert.equal(h.wf.status?.phase, 'Succeeded');
});

test('synchronization: a workflow-level semaphore keeps the second workflow Pending until the first ends', async () => {
  const { LockManager } = await import('./locks.ts');
  const locks = new LockManager();
  const yaml = (name: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ${name}}
spec:
  entrypoint: main
  synchronization: {semaphores: [{configMapKeyRef: {name: my-config, key: workflow}}]}
  templates:
  - name: main
    container: {image: alpine, command: ["true"]}
`;
  const configMaps = () => ({ workflow: '1' });
  const a = new Harness(yaml('a-abcde'), { locks, configMaps });
  const b = new Harness(yaml('b-abcde'), { locks, configMaps });
  a.reconcile();
  b.reconcile();
  assert.equal(a.wf.status?.phase, 'Running');
  assert.equal(b.wf.status?.phase, 'Pending');
  assert.equal(
    b.wf.status?.message,
    'Waiting for default/ConfigMap/my-config/workflow lock. Lock status: 0/1',
  );
  a.finish('a-abcde');
  assert.equal(a.wf.status?.phase, 'Succeeded');
  b.reconcile([{ type: 'locks-changed' }]);
  assert.equal(b.wf.status?.phase, 'Running');
  assert.deepEqual(b.startedNow(), ['b-abcde']);
});
