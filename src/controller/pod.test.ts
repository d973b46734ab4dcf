import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness } from './testing/harness.ts';

test('containerSet: one Pod node with a Container node per container, edges by dependencies', () => {
  const h = new Harness(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: cs-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: a, template: set}
      - {name: b, template: say, dependencies: [a]}
  - name: set
    containerSet:
      containers:
      - {name: x, image: argoproj/argosay:v2}
      - {name: y, image: argoproj/argosay:v2}
      - {name: main, image: argoproj/argosay:v2, dependencies: [x, y]}
  - name: say
    container: {image: alpine, command: [echo]}
`);
  h.reconcile();
  const task = h.startedTasks[0]!;
  assert.equal(task.kind, 'containerSet');
  assert.deepEqual(
    task.containers?.map((c) => [c.name, c.dependencies ?? []]),
    [
      ['x', []],
      ['y', []],
      ['main', ['x', 'y']],
    ],
  );
  const a = h.node('a');
  const [x, y, main] = ['x', 'y', 'main'].map((n) => h.node(`cs-abcde.a.${n}`));
  assert.equal(main!.type, 'Container');
  assert.equal(main!.displayName, 'main');
  assert.equal(main!.boundaryID, a.id);
  assert.deepEqual(a.children, [x!.id, y!.id]);
  assert.deepEqual(x!.children, [main!.id]);
  h.reconcile([
    {
      type: 'task-finished',
      result: {
        nodeId: a.id,
        phase: 'Succeeded',
        exitCode: 0,
        startedAt: '2026-01-02T03:04:05Z',
        finishedAt: '2026-01-02T03:04:06Z',
        containers: {
          x: { phase: 'Succeeded', exitCode: 0 },
          y: { phase: 'Succeeded', exitCode: 0 },
          main: { phase: 'Succeeded', exitCode: 0 },
        },
      },
    },
  ]);
  assert.equal(main!.phase, 'Succeeded');
  // the dependent task hangs under the set's leaf container
  assert.deepEqual(main!.children, [h.node('b').id]);
});
