/** `argo watch` frames and the plain progress lines for non-terminal output. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Workflow } from '../../spec/types.ts';
import { renderWorkflow } from './get.ts';
import { nodeId } from './pod-name.ts';
import { dagWorkflow } from './testdata/dag-workflow.ts';
import { clipLine, renderProgressLine, renderProgressLines, renderWatchFrame, WATCH_CLEAR } from './watch.ts';

const now = Date.parse('2026-01-02T03:10:00Z');

describe('renderWatchFrame', () => {
  it('is the text of argo get when the terminal is big enough', () => {
    const frame = renderWatchFrame(dagWorkflow, { now, color: true, utf8: true, width: 500, height: 100 });
    assert.equal(frame, renderWorkflow(dagWorkflow, { output: 'default', now, color: true, utf8: true }));
    assert.equal(WATCH_CLEAR, '\x1b[H\x1b[2J\x1b[0;0H');
  });

  it('cuts lines to the width and keeps the header and the last rows within the height', () => {
    const expected = [
      'Name:                dag-4tq9w',
      'Namespace:           argo',
      'ServiceAccount:      runner',
      'Status:              Running (Suspended)',
      'Created:             Fri Jan 02 03:04:00',
      'Started:             Fri Jan 02 03:04:00',
      'Duration:            6 minutes 0 seconds',
      'EstimatedDuration:   5 minutes 0 seconds',
      'Progress:            2/6',
      '',
      'STEP                  TEMPLATE     PODNA',
      ' ⋮ 6 more lines',
      ' ├─ǁ D                approve           ',
      ' └─● E(0)             flaky        dag-4',
      '',
    ].join('\n');
    assert.equal(
      renderWatchFrame(dagWorkflow, { now, color: false, utf8: true, width: 40, height: 14 }),
      expected,
    );
  });

  it('keeps the first lines when even the header does not fit', () => {
    const frame = renderWatchFrame(dagWorkflow, { now, color: false, utf8: false, height: 3 });
    assert.equal(frame, 'Name:                dag-4tq9w\nNamespace:           argo\n ... 17 more lines\n');
  });

  it('passes the node selector on', () => {
    const frame = renderWatchFrame(dagWorkflow, { now, color: false, utf8: true, status: 'Running' });
    assert.match(frame, /B\(1:y\)/);
    assert.doesNotMatch(frame, /B\(0:x\)/);
  });
});

describe('clipLine', () => {
  it('counts only visible characters and resets the colour after a cut inside a coloured run', () => {
    assert.equal(clipLine(' ├─\x1b[32m✔\x1b[0m A', 5), ' ├─\x1b[32m✔\x1b[0m ');
    assert.equal(clipLine('\x1b[36mRunning\x1b[0m x', 3), '\x1b[36mRun\x1b[0m');
    assert.equal(clipLine('short', 10), 'short');
  });
});

function advanced(): Workflow {
  const wf = structuredClone(dagWorkflow);
  const nodes = wf.status!.nodes!;
  const id = (n: string): string => nodeId('dag-4tq9w', `dag-4tq9w.${n}`);
  Object.assign(nodes[id('B(1:y)')]!, { phase: 'Succeeded', finishedAt: '2026-01-02T03:04:30Z' });
  Object.assign(nodes[id('B(2:z)')]!, { phase: 'Running', message: undefined });
  Object.assign(nodes[id('E(0)')]!, {
    phase: 'Failed',
    finishedAt: '2026-01-02T03:04:30Z',
    message: 'main: Error (exit code 1)',
  });
  Object.assign(nodes[id('B')]!, { phase: 'Succeeded', finishedAt: '2026-01-02T03:04:30Z' });
  nodes[id('E(1)')] = {
    id: id('E(1)'),
    name: 'dag-4tq9w.E(1)',
    displayName: 'E(1)',
    type: 'Pod',
    phase: 'Pending',
    boundaryID: 'dag-4tq9w',
    startedAt: '2026-01-02T03:04:40Z',
  };
  return wf;
}

describe('renderProgressLines', () => {
  it('reports every node of a first snapshot, the workflow first, in time order', () => {
    assert.deepEqual(renderProgressLines(undefined, dagWorkflow), [
      '2026-01-02T03:04:00Z dag-4tq9w (Workflow) Running',
      '2026-01-02T03:04:00Z dag-4tq9w (DAG) Running',
      '2026-01-02T03:04:03Z dag-4tq9w.hooks.started (Pod) Succeeded',
      '2026-01-02T03:04:05Z dag-4tq9w.A.hooks.running (Pod) Succeeded',
      '2026-01-02T03:04:10Z dag-4tq9w.A (Pod) Succeeded',
      '2026-01-02T03:04:11Z dag-4tq9w.C (Skipped) Omitted: omitted: depends condition not met',
      '2026-01-02T03:04:11Z dag-4tq9w.B(1:y) (Pod) Running',
      '2026-01-02T03:04:11Z dag-4tq9w.B(2:z) (Pod) Pending: Waiting for a free slot',
      '2026-01-02T03:04:11Z dag-4tq9w.D (Suspend) Running',
      '2026-01-02T03:04:12Z dag-4tq9w.E (Retry) Running',
      '2026-01-02T03:04:12Z dag-4tq9w.E(0) (Pod) Running',
      '2026-01-02T03:04:16Z dag-4tq9w.B(0:x) (Pod) Succeeded',
    ]);
  });

  it('reports only phase changes and new nodes between snapshots, never TaskGroups', () => {
    assert.deepEqual(renderProgressLines(dagWorkflow, advanced()), [
      '2026-01-02T03:04:11Z dag-4tq9w.B(2:z) (Pod) Running',
      '2026-01-02T03:04:30Z dag-4tq9w.B(1:y) (Pod) Succeeded',
      '2026-01-02T03:04:30Z dag-4tq9w.E(0) (Pod) Failed: main: Error (exit code 1)',
      '2026-01-02T03:04:40Z dag-4tq9w.E(1) (Pod) Pending',
    ]);
  });

  it('reports nothing when no phase changed, even if a message did', () => {
    const same = structuredClone(dagWorkflow);
    same.status!.nodes![nodeId('dag-4tq9w', 'dag-4tq9w.B(2:z)')]!.message = 'still waiting';
    assert.deepEqual(renderProgressLines(dagWorkflow, same), []);
    assert.equal(renderProgressLine(dagWorkflow, same), '');
  });

  it('puts finishing nodes before their ancestors and the workflow last', () => {
    const before = advanced();
    const done = structuredClone(before);
    const at = '2026-01-02T03:05:00Z';
    for (const node of Object.values(done.status!.nodes!)) {
      if (node.phase === 'Running' || node.phase === 'Pending')
        Object.assign(node, { phase: 'Succeeded', finishedAt: at });
    }
    Object.assign(done.status!, { phase: 'Succeeded', finishedAt: at });
    assert.equal(
      renderProgressLine(before, done),
      [
        '2026-01-02T03:05:00Z dag-4tq9w.B(2:z) (Pod) Succeeded',
        '2026-01-02T03:05:00Z dag-4tq9w.D (Suspend) Succeeded',
        '2026-01-02T03:05:00Z dag-4tq9w.E(1) (Pod) Succeeded',
        '2026-01-02T03:05:00Z dag-4tq9w.E (Retry) Succeeded',
        '2026-01-02T03:05:00Z dag-4tq9w (DAG) Succeeded',
        '2026-01-02T03:05:00Z dag-4tq9w (Workflow) Succeeded',
        '',
      ].join('\n'),
    );
  });
});
