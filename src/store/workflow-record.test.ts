/**
 * @module store/workflow-record.test
 * The split and assembly every adapter shares: what goes into the stored JSON, and the shape of what
 * comes out.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeStatus, Workflow } from '../spec/types.ts';
import { assembleWorkflow, joinNodes, newRecord, rfc3339Seconds } from './workflow-record.ts';

const n = (id: string): NodeStatus => ({ id, name: id, displayName: id, type: 'Pod', phase: 'Running' });

function wf(): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', resourceVersion: '7' },
    spec: {},
    status: {
      phase: 'Running',
      startedAt: '2024-01-01T00:00:00Z',
      conditions: [{ type: 'PodRunning', status: 'True' }],
      nodes: { 'w-1': n('w-1') },
      progress: '0/1',
    },
  };
}

test('the stored object leaves out status.nodes and metadata.resourceVersion, and the input is untouched', () => {
  const input = wf();
  const { record, nodes } = newRecord(input, new Date('2024-02-03T04:05:06.789Z'), () => 'generated');
  const stored = JSON.parse(record.object) as Workflow;
  assert.equal(stored.status?.nodes, undefined);
  assert.equal(stored.metadata.resourceVersion, undefined);
  assert.equal(stored.metadata.uid, 'generated');
  assert.equal(stored.metadata.creationTimestamp, '2024-02-03T04:05:06Z');
  assert.deepEqual(nodes, [n('w-1')]);
  assert.deepEqual(input, wf());
});

test('assembly puts status.nodes where Argo prints it: after phase, times, progress and message', () => {
  const { record } = newRecord(wf(), new Date(), () => 'u');
  const out = assembleWorkflow(record.object, 3, joinNodes([['w-1', JSON.stringify(n('w-1'))]]));
  assert.deepEqual(Object.keys(out.status ?? {}), ['phase', 'startedAt', 'progress', 'nodes', 'conditions']);
  assert.equal(out.metadata.resourceVersion, '3');
  assert.deepEqual(out.status?.nodes, { 'w-1': n('w-1') });
});

test('node ids are escaped when node documents are joined', () => {
  const odd = 'w-"quoted"\\back\nline';
  const joined = joinNodes([[odd, JSON.stringify(n(odd))]]);
  assert.deepEqual(JSON.parse(joined), { [odd]: n(odd) });
  assert.equal(joinNodes([]), '');
});

test('creationTimestamp is written to the second, as Kubernetes does', () => {
  assert.equal(rfc3339Seconds(new Date('2024-12-31T23:59:59.999Z')), '2024-12-31T23:59:59Z');
});
