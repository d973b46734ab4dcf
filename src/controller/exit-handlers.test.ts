import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness } from './testing/harness.ts';

test('workflow onExit runs after the root with workflow.status and failures; the workflow keeps the root outcome', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: exit-abcde}
spec:
  entrypoint: fail
  onExit: handler
  templates:
  - name: fail
    container: {image: alpine, command: [sh, -c, "exit 1"]}
  - name: handler
    steps:
    - - {name: notify, template: say, arguments: {parameters: [{name: m, value: "{{workflow.status}} {{workflow.failures}}"}]}}
      - {name: celebrate, template: say, when: "{{workflow.status}} == Succeeded", arguments: {parameters: [{name: m, value: yay}]}}
  - name: say
    inputs: {parameters: [{name: m}]}
    container: {image: alpine, command: [echo, "{{inputs.parameters.m}}"]}
`);
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['exit-abcde']);
  h.finish('exit-abcde', { exitCode: 1 });
  assert.equal(h.wf.status?.phase, 'Running');
  assert.deepEqual(h.startedNow(), ['notify']);
  const exitNode = h.node('exit-abcde.onExit');
  assert.equal(exitNode.type, 'Steps');
  assert.equal(exitNode.nodeFlag?.hooked, true);
  assert.equal(exitNode.boundaryID, undefined);
  const msg = h.startedTasks.at(-1)!.main.command[1]!;
  assert.match(msg, /^Failed \[\{"displayName":"exit-abcde","message":"main: Error \(exit code 1\)"/);
  assert.equal(h.node('celebrate').phase, 'Skipped');
  assert.equal(h.node('celebrate').message, "when 'Failed == Succeeded' evaluated false");
  h.finish('notify');
  assert.equal(h.wf.status?.phase, 'Failed');
  assert.equal(h.wf.status?.message, 'main: Error (exit code 1)');
});

test('a failing exit handler fails a workflow that succeeded', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: ex2-abcde}
spec:
  entrypoint: ok
  onExit: bad
  templates:
  - name: ok
    container: {image: alpine, command: ["true"]}
  - name: bad
    container: {image: alpine, command: ["false"]}
`);
  h.runToEnd((task) => (task.nodeName.endsWith('.onExit') ? { exitCode: 1 } : {}));
  assert.equal(h.wf.status?.phase, 'Failed');
  assert.equal(h.wf.status?.message, 'main: Error (exit code 1)');
});

test('step-level onExit runs as <step>.onExit, a child of the step, before the group completes', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sx-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: hello1, template: say, onExit: cleanup}
    - - {name: hello2, template: say}
  - name: say
    container: {image: alpine, command: [echo, hi]}
  - name: cleanup
    container: {image: alpine, command: [echo, bye]}
`);
  h.reconcile();
  h.finish('hello1');
  assert.deepEqual(h.startedNow(), ['hello1.onExit']);
  const onExit = h.node('hello1.onExit');
  assert.equal(onExit.name, 'sx-abcde[0].hello1.onExit');
  assert.equal(onExit.boundaryID, h.node('sx-abcde').id);
  assert.deepEqual(h.node('hello1').children?.includes(onExit.id), true);
  h.finish('hello1.onExit');
  assert.deepEqual(h.startedNow(), ['hello2']);
});

test('lifecycle hooks fire once when their expression holds; the exit hook runs like onExit', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: hk-abcde}
spec:
  entrypoint: main
  hooks:
    exit: {template: bye}
    running: {expression: "workflow.status == 'Running'", template: say}
  templates:
  - name: main
    steps:
    - - name: step1
        template: say
        hooks:
          failed: {expression: "steps['step1'].status == 'Failed'", template: say}
          succeeded: {expression: "steps['step1'].status == 'Succeeded'", template: say}
  - name: say
    container: {image: alpine, command: [echo, hi]}
  - name: bye
    container: {image: alpine, command: [echo, bye]}
`);
  h.reconcile();
  assert.deepEqual(h.startedNow().sort(), ['hk-abcde.hooks.running', 'step1']);
  assert.equal(h.node('hk-abcde.hooks.running').nodeFlag?.hooked, true);
  h.finish('hk-abcde.hooks.running');
  h.finish('step1');
  assert.deepEqual(h.startedNow(), ['step1.hooks.succeeded']);
  assert.equal(
    h.nodes.some((n) => n.name.endsWith('.hooks.failed')),
    false,
  );
  h.finish('step1.hooks.succeeded');
  assert.deepEqual(h.startedNow(), ['hk-abcde.onExit']);
  h.finish('hk-abcde.onExit');
  assert.equal(h.wf.status?.phase, 'Succeeded');
  // the workflow-level running hook fired once, not on every pass
  assert.equal(h.startedTasks.filter((t) => t.nodeName === 'hk-abcde.hooks.running').length, 1);
});
