import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxLoopItems } from './loops.ts';
import { nodeId } from './names.ts';
import { Harness } from './testing/harness.ts';

const steps = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: steps-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: hello1
        template: print
        arguments: {parameters: [{name: message, value: hello1}]}
    - - name: hello2a
        template: print
        arguments: {parameters: [{name: message, value: hello2a}]}
      - name: hello2b
        template: print
        arguments: {parameters: [{name: message, value: hello2b}]}
  - name: print
    inputs: {parameters: [{name: message}]}
    container: {image: busybox, command: [echo], args: ["{{inputs.parameters.message}}"]}
`;

test('steps: groups run in order, their steps in parallel, with Argo names, IDs and boundaries', () => {
  const h = new Harness(steps);
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['hello1']);
  const task = h.startedTasks[0]!;
  assert.deepEqual(task.main.args, ['hello1']);
  assert.equal(task.nodeId, nodeId('steps-abcde', 'steps-abcde[0].hello1'));
  assert.equal(task.podName.startsWith('steps-abcde-print-'), true);
  h.finish('hello1');
  assert.deepEqual(h.startedNow().sort(), ['hello2a', 'hello2b']);
  h.finish('hello2a');
  assert.equal(h.wf.status?.phase, 'Running');
  h.finish('hello2b');
  assert.equal(h.wf.status?.phase, 'Succeeded');
  assert.equal(h.wf.status?.progress, '3/3');

  const root = h.node('steps-abcde');
  assert.equal(root.id, 'steps-abcde');
  assert.equal(root.type, 'Steps');
  assert.equal(root.templateName, 'main');
  assert.equal(root.templateScope, 'local/steps-abcde');
  assert.equal(root.boundaryID, undefined);
  const g0 = h.node('[0]');
  const g1 = h.node('[1]');
  assert.equal(g0.type, 'StepGroup');
  assert.equal(g0.boundaryID, root.id);
  assert.deepEqual(root.children, [g0.id]);
  const hello1 = h.node('hello1');
  assert.equal(hello1.name, 'steps-abcde[0].hello1');
  assert.equal(hello1.boundaryID, root.id);
  assert.equal(hello1.templateName, 'print');
  assert.deepEqual(hello1.inputs?.parameters, [{ name: 'message', value: 'hello1' }]);
  assert.deepEqual(g0.children, [hello1.id]);
  // group [1] hangs under the outbound nodes of group [0]'s children
  assert.deepEqual(hello1.children, [g1.id]);
  assert.deepEqual(g1.children, [h.node('hello2a').id, h.node('hello2b').id]);
  assert.deepEqual(root.outboundNodes, [h.node('hello2a').id, h.node('hello2b').id]);
  assert.equal(h.last?.actions.at(-1)?.type, 'workflow-completed');
});

test('steps: a failed step fails its group and the Steps node with child message; later groups do not run', () => {
  const h = new Harness(steps);
  h.reconcile();
  h.finish('hello1', { exitCode: 1 });
  assert.deepEqual(h.startedNow(), []);
  const hello1 = h.node('hello1');
  assert.equal(hello1.phase, 'Failed');
  assert.equal(hello1.message, 'main: Error (exit code 1)');
  assert.equal(hello1.outputs?.exitCode, '1');
  assert.equal(h.node('[0]').message, `child '${hello1.id}' failed`);
  assert.equal(h.node('steps-abcde').message, `child '${hello1.id}' failed`);
  assert.equal(h.wf.status?.phase, 'Failed');
  assert.equal(h.wf.status?.message, `child '${hello1.id}' failed`);
});

test('steps: continueOn.failed lets the group succeed', () => {
  const h = new Harness(
    steps.replace(
      'template: print\n        arguments: {parameters: [{name: message, value: hello1}]}',
      'template: print\n        continueOn: {failed: true}\n        arguments: {parameters: [{name: message, value: hello1}]}',
    ),
  );
  h.reconcile();
  h.finish('hello1', { exitCode: 3 });
  assert.deepEqual(h.startedNow().sort(), ['hello2a', 'hello2b']);
});

test('steps: outputs of earlier steps are substituted; result captured only when referenced', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: out-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen}
      - {name: other, template: gen}
    - - name: use
        template: print
        arguments:
          parameters:
          - {name: a, value: "{{steps.gen.outputs.parameters.p}}"}
          - {name: b, value: "{{steps.gen.outputs.result}}"}
  - name: gen
    script: {image: python, command: [python], source: "print(1)"}
    outputs:
      parameters: [{name: p, valueFrom: {path: /tmp/p}}]
  - name: print
    inputs: {parameters: [{name: a}, {name: b}]}
    container: {image: busybox, command: [echo], args: ["{{inputs.parameters.a}}", "{{inputs.parameters.b}}"]}
`);
  h.reconcile();
  const gen = h.startedTasks.find((t) => t.nodeName.endsWith('.gen'))!;
  const other = h.startedTasks.find((t) => t.nodeName.endsWith('.other'))!;
  assert.equal(gen.kind, 'script');
  assert.equal(gen.script, 'print(1)');
  assert.equal(gen.outputs.result, true);
  assert.equal(other.outputs.result, false);
  assert.deepEqual(gen.outputs.parameters, [{ name: 'p', path: '/tmp/p' }]);
  h.finish('gen', { parameters: { p: 'value-p' }, result: '42' });
  h.finish('other');
  const use = h.startedTasks.at(-1)!;
  assert.deepEqual(use.main.args, ['value-p', '42']);
  const genNode = h.node('gen');
  assert.deepEqual(genNode.outputs, {
    parameters: [{ name: 'p', value: 'value-p', valueFrom: { path: '/tmp/p' } }],
    result: '42',
    exitCode: '0',
  });
});

test('steps: when false makes a Skipped node with the substituted expression', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: coin-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flip, template: flip}
    - - {name: heads, template: say, when: "{{steps.flip.outputs.result}} == heads"}
      - {name: tails, template: say, when: "{{steps.flip.outputs.result}} == tails"}
  - name: flip
    script: {image: python, command: [python], source: "print('heads')"}
  - name: say
    container: {image: busybox, command: [echo, hi]}
`);
  h.reconcile();
  h.finish('flip', { result: 'tails' });
  const heads = h.node('heads');
  assert.equal(heads.type, 'Skipped');
  assert.equal(heads.phase, 'Skipped');
  assert.equal(heads.message, "when 'tails == heads' evaluated false");
  assert.deepEqual(h.startedNow(), ['tails']);
  h.finish('tails');
  assert.equal(h.wf.status?.phase, 'Succeeded');
});

test('steps: withItems expands into name(i:desc) children and aggregates outputs', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: loop-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: gen
        template: gen
        arguments: {parameters: [{name: n, value: "{{item.n}}"}]}
        withItems: [{n: 1, tag: a}, {n: 2, tag: b}]
    - - name: sum
        template: print
        arguments: {parameters: [{name: m, value: "{{steps.gen.outputs.parameters.out}}"}, {name: r, value: "{{steps.gen.outputs.result}}"}]}
  - name: gen
    inputs: {parameters: [{name: n}]}
    script: {image: python, command: [python], source: "print({{inputs.parameters.n}})"}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/o}}]}
  - name: print
    inputs: {parameters: [{name: m}, {name: r}]}
    container: {image: busybox, command: [echo], args: ["{{inputs.parameters.m}}", "{{inputs.parameters.r}}"]}
`);
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['gen(0:n:1,tag:a)', 'gen(1:n:2,tag:b)']);
  assert.equal(h.startedTasks[0]!.script, 'print(1)');
  assert.equal(h.startedTasks[0]!.outputs.result, true);
  h.finish('gen(1:n:2,tag:b)', { parameters: { out: 'two' }, result: '2' });
  h.finish('gen(0:n:1,tag:a)', { parameters: { out: 'one' }, result: '1' });
  assert.deepEqual(h.startedTasks.at(-1)!.main.args, ['["one","two"]', '[1,2]']);
});

test('steps: an empty withParam list gives a Skipped node "Skipped, empty params"', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: empty-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: each, template: say, withParam: "[]"}
  - name: say
    container: {image: busybox, command: [echo]}
`);
  h.reconcile();
  const each = h.node('each');
  assert.equal(each.type, 'Skipped');
  assert.equal(each.message, 'Skipped, empty params');
  assert.equal(h.wf.status?.phase, 'Succeeded');
});

test('steps: withSequence items are formatted strings and count down when start > end', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: seq-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: s, template: say, arguments: {parameters: [{name: x, value: "{{item}}"}]}, withSequence: {start: "3", end: "1", format: "n%02d"}}
  - name: say
    inputs: {parameters: [{name: x}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.x}}"]}
`);
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['s(0:n03)', 's(1:n02)', 's(2:n01)']);
  assert.deepEqual(
    h.startedTasks.map((t) => t.main.command[1]),
    ['n03', 'n02', 'n01'],
  );
});

test('a loop of more items than nuncio holds fails its node at once, before any item is made', () => {
  for (const [loop, field] of [
    ['withSequence: {count: "50000000"}', 'withSequence expands to 50000000 items'],
    ['withSequence: {start: "1", end: "500001"}', 'withSequence expands to 500001 items'],
    ['withParam: "{{workflow.parameters.many}}"', 'withParam expands to 500001 items'],
  ] as const) {
    const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: many-abcde}
spec:
  entrypoint: main
  arguments: {parameters: [{name: many, value: '${JSON.stringify(Array(maxLoopItems + 1).fill(1))}'}]}
  templates:
  - name: main
    steps:
    - - {name: s, template: t, ${loop}}
  - name: t
    container: {image: busybox, command: ["true"]}
`);
    h.reconcile();
    assert.equal(h.startedTasks.length, 0);
    assert.equal(h.wf.status?.phase, 'Failed', loop);
    const message = Object.values(h.wf.status?.nodes ?? {})
      .map((n) => n.message ?? '')
      .join('\n');
    assert.ok(message.includes(`${field}, more than the 500000 nuncio runs in one loop`), message);
  }
});

test('steps: a missing input parameter errors the step and fails the workflow with Argo messages', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: miss-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: needs}
  - name: needs
    inputs: {parameters: [{name: x}]}
    container: {image: busybox, command: [echo]}
`);
  h.reconcile();
  const a = h.node('a');
  assert.equal(a.type, 'Skipped');
  assert.equal(a.phase, 'Error');
  assert.equal(a.message, 'inputs.parameters.x was not supplied');
  const expected =
    'step group deemed errored due to child miss-abcde[0].a error: inputs.parameters.x was not supplied';
  assert.equal(h.node('[0]').phase, 'Error');
  assert.equal(h.node('[0]').message, expected);
  assert.equal(h.wf.status?.phase, 'Failed');
  assert.equal(h.wf.status?.message, expected);
});
