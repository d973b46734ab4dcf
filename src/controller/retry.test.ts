import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness } from './testing/harness.ts';

const retry = (strategy: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: retry-abcde}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flaky, template: flaky}
  - name: flaky
    retryStrategy: ${strategy}
    container: {image: python, command: [python, -c], args: ["print('retries: {{retries}}')"]}
`;

test('retry: a Retry node with attempts name(0), name(1); limit counts retries', () => {
  const h = new Harness(retry('{limit: "2"}'));
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['flaky(0)']);
  assert.deepEqual(h.startedTasks[0]!.main.args, ["print('retries: 0')"]);
  h.finish('flaky(0)', { exitCode: 1 });
  assert.deepEqual(h.startedNow(), ['flaky(1)']);
  assert.deepEqual(h.startedTasks[1]!.main.args, ["print('retries: 1')"]);
  h.finish('flaky(1)', { exitCode: 1 });
  h.finish('flaky(2)', { exitCode: 1 });
  const r = h.node('flaky');
  assert.equal(r.type, 'Retry');
  assert.equal(r.phase, 'Failed');
  assert.equal(r.message, 'No more retries left');
  assert.equal(r.children?.length, 3);
  assert.equal(h.node('flaky(1)').boundaryID, r.boundaryID);
  assert.equal(h.node('flaky(1)').nodeFlag?.retried, true);
  assert.equal(h.wf.status?.phase, 'Failed');
});

test('retry: success of an attempt ends the Retry node Succeeded with its outputs', () => {
  const h = new Harness(retry('{limit: 3}'));
  h.reconcile();
  h.finish('flaky(0)', { exitCode: 1 });
  h.finish('flaky(1)');
  const r = h.node('flaky');
  assert.equal(r.phase, 'Succeeded');
  assert.equal(r.outputs?.exitCode, '0');
  assert.equal(h.wf.status?.phase, 'Succeeded');
});

test('retry: OnFailure does not retry an Error; OnError does', () => {
  const a = new Harness(retry('{limit: 3}'));
  a.reconcile();
  a.finish('flaky(0)', { phase: 'Error', message: 'boom' });
  assert.equal(a.node('flaky').phase, 'Error');
  assert.equal(a.node('flaky').message, 'boom');
  const b = new Harness(retry('{limit: 3, retryPolicy: OnError}'));
  b.reconcile();
  b.finish('flaky(0)', { phase: 'Error', message: 'boom' });
  assert.deepEqual(b.startedNow(), ['flaky(1)']);
  b.finish('flaky(1)', { exitCode: 1 });
  assert.equal(b.node('flaky').phase, 'Failed');
});

test('retry: backoff waits duration*factor^(n-1), capped, with a wake-up and a message', () => {
  const h = new Harness(retry('{limit: 3, backoff: {duration: "2", factor: "2", cap: "5s"}}'));
  h.reconcile();
  h.finish('flaky(0)', { exitCode: 1 });
  assert.deepEqual(h.startedNow(), []);
  assert.equal(h.node('flaky').message, 'Backoff for 2s');
  assert.equal(h.wakeAt, h.now + 2000);
  h.now += 2000;
  h.reconcile();
  assert.deepEqual(h.startedNow(), ['flaky(1)']);
  h.finish('flaky(1)', { exitCode: 1 });
  assert.equal(h.node('flaky').message, 'Backoff for 4s');
  h.now += 4000;
  h.reconcile();
  h.finish('flaky(2)', { exitCode: 1 });
  assert.equal(h.node('flaky').message, 'Backoff for 5s');
});

test('retry: expression false stops retrying', () => {
  const h = new Harness(retry('{limit: 5, expression: "asInt(lastRetry.exitCode) > 1"}'));
  h.reconcile();
  h.finish('flaky(0)', { exitCode: 2 });
  assert.deepEqual(h.startedNow(), ['flaky(1)']);
  h.finish('flaky(1)', { exitCode: 1 });
  assert.equal(h.node('flaky').message, 'retryStrategy.expression evaluated to false');
  assert.equal(h.node('flaky').phase, 'Failed');
});
