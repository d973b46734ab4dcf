/**
 * Exact text of `argo list`. The layout was compared byte for byte with Argo v4.0.5's own
 * `printer.PrintWorkflows` on the same workflows (every output mode, with and without headers and -A).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkflowSummary } from '../../store/store.ts';
import {
  countPods,
  type ListRow,
  listRowFromWorkflow,
  parameterString,
  renderList,
  sortForList,
} from './list.ts';
import { dagWorkflow } from './testdata/dag-workflow.ts';
import { listWorkflows } from './testdata/list-workflows.ts';

const now = Date.parse('2026-01-02T03:10:00Z');
const rows = listWorkflows.map(listRowFromWorkflow);

describe('renderList', () => {
  it('prints the default table, unfinished first (newest first), then by latest finish', () => {
    const expected = [
      'NAME                 STATUS                AGE   DURATION   PRIORITY   MESSAGE',
      'params-q9d7s         Pending               30s   0s         0          ',
      'dag-4tq9w            Running (Suspended)   6m    6m         0          ',
      'nightly-1767318000   Running               3d    3d         0          ',
      "steps-x7k2p          Failed                6m    1m         0          child 'steps-x7k2p-2021193752' failed",
      "stopped-7hh2k        Failed (Terminated)   1h    31m        -2         Stopped with strategy 'Terminate'",
      'hello-world-2v8fq    Succeeded             2h    42s        5          ',
      '',
    ].join('\n');
    assert.equal(renderList(rows, { output: 'default', now }), expected);
  });

  it('-o wide -A adds NAMESPACE, pod counts and parameters (long values cut in the middle)', () => {
    const expected = [
      'NAMESPACE   NAME                 STATUS                AGE   DURATION   PRIORITY   MESSAGE                                 P/R/C   PARAMETERS',
      'argo        params-q9d7s         Pending               30s   0s         0                                                  0/0/0   short=x,long=abcdefghijklmnopqrstuvwxyz012345...LMNOPQRSTUVWXYZ',
      'argo        dag-4tq9w            Running (Suspended)   6m    6m         0                                                  1/2/4   ',
      'argo        nightly-1767318000   Running               3d    3d         0                                                  0/0/0   ',
      "argo        steps-x7k2p          Failed                6m    1m         0          child 'steps-x7k2p-2021193752' failed   0/0/6   message=hello",
      "ci          stopped-7hh2k        Failed (Terminated)   1h    31m        -2         Stopped with strategy 'Terminate'       0/0/0   ",
      'argo        hello-world-2v8fq    Succeeded             2h    42s        5                                                  0/0/0   ',
      '',
    ].join('\n');
    assert.equal(renderList(rows, { output: 'wide', now, allNamespaces: true }), expected);
  });

  it('prints plain store summaries as Argo prints workflows without those fields, and --no-headers', () => {
    const summaries: WorkflowSummary[] = rows.map(
      ({ priority, shutdown, suspended, parameters, pods, ...s }) => s,
    );
    const expected = [
      'params-q9d7s         Pending     30s   0s    0                                           0/0/0   ',
      'dag-4tq9w            Running     6m    6m    0                                           0/0/0   ',
      'nightly-1767318000   Running     3d    3d    0                                           0/0/0   ',
      "steps-x7k2p          Failed      6m    1m    0   child 'steps-x7k2p-2021193752' failed   0/0/0   ",
      "stopped-7hh2k        Failed      1h    31m   0   Stopped with strategy 'Terminate'       0/0/0   ",
      'hello-world-2v8fq    Succeeded   2h    42s   0                                           0/0/0   ',
      '',
    ].join('\n');
    assert.equal(renderList(summaries, { output: 'wide', now, noHeaders: true }), expected);
  });

  it('-o name prints the names in list order', () => {
    assert.equal(
      renderList(rows, { output: 'name', now }),
      'params-q9d7s\ndag-4tq9w\nnightly-1767318000\nsteps-x7k2p\nstopped-7hh2k\nhello-world-2v8fq\n',
    );
  });

  it('says so when there is nothing to list, in every mode', () => {
    for (const output of ['default', 'wide', 'name'] as const) {
      assert.equal(renderList([], { output, now, noHeaders: true }), 'No workflows found\n');
    }
  });
});

describe('list helpers', () => {
  it('sortForList keeps equal rows in their order and does not touch its input', () => {
    const a: ListRow = { ...rows[2]!, name: 'a' };
    const b: ListRow = { ...rows[2]!, name: 'b' };
    const input = [b, a, rows[0]!];
    assert.deepEqual(
      sortForList(input).map((r) => r.name),
      ['steps-x7k2p', 'b', 'a'],
    );
    assert.deepEqual(
      input.map((r) => r.name),
      ['b', 'a', 'steps-x7k2p'],
    );
  });

  it('countPods counts only Pod nodes: fulfilled as completed, Running as running, the rest pending', () => {
    assert.deepEqual(countPods(dagWorkflow), { pending: 1, running: 2, completed: 4 });
  });

  it('parameterString skips parameters without a value and keeps values of 50 characters whole', () => {
    const fifty = 'x'.repeat(50);
    assert.equal(
      parameterString([{ name: 'a', value: fifty }, { name: 'b' }, { name: 'c', value: `${fifty}y` }]),
      `a=${fifty},c=${'x'.repeat(32)}...${'x'.repeat(14)}y`,
    );
  });
});
