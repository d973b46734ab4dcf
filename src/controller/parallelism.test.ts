import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness } from './testing/harness.ts';

const fan = (spec: string, tmpl: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: par-abcde}
spec:
  entrypoint: main
  ${spec}
  templates:
  - name: main
    ${tmpl}
    steps:
    - - {name: s, template: sleep, withItems: [1, 2, 3, 4, 5]}
  - name: sleep
    container: {image: alpine, command: [sleep, "1"]}
`;

test('workflow parallelism limits running pods; the rest start as slots free, in order', () => {
  const h = new Harness(fan('parallelism: 2', ''));
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['s(0:1)', 's(1:2)']);
  h.finish('s(1:2)');
  assert.deepEqual(h.startedNow(), ['s(2:3)']);
  h.finish('s(0:1)');
  assert.deepEqual(h.startedNow(), ['s(3:4)']);
  assert.equal(h.runToEnd(), 'Succeeded');
  assert.equal(h.node('[0]').children?.length, 5);
});

test('template parallelism limits active children of the steps template', () => {
  const h = new Harness(fan('', 'parallelism: 1'));
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['s(0:1)']);
  h.finish('s(0:1)');
  assert.deepEqual(h.startedNow(), ['s(1:2)']);
  assert.equal(h.runToEnd(), 'Succeeded');
});

test('template failFast: no new children after a failure; the node fails once none is active', () => {
  const h = new Harness(fan('', 'parallelism: 2\n    failFast: true'));
  h.reconcile();
  h.finish('s(0:1)', { exitCode: 1 });
  assert.deepEqual(h.startedNow(), []);
  assert.equal(h.wf.status?.phase, 'Running');
  h.finish('s(1:2)');
  assert.equal(h.node('par-abcde').phase, 'Failed');
  assert.equal(h.node('par-abcde').message, 'template has failed or errored children and failFast enabled');
  assert.equal(h.wf.status?.phase, 'Failed');
});
