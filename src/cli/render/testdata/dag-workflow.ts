/**
 * @module cli/render/testdata/dag-workflow
 * A running DAG workflow: a task from a WorkflowTemplate with a lifecycle hook, a loop task (TaskGroup)
 * whose items are in three phases, a task omitted by `depends`, a suspend task waiting for resume, a
 * retried task on its first attempt, and a workflow-level hook.
 */

import type { Workflow } from '../../../spec/types.ts';
import { nodesOf, workflowOf } from './build.ts';

const wf = 'dag-4tq9w';
const at = (t: string): string => `2026-01-02T03:${t}Z`;

export const dagWorkflow: Workflow = workflowOf(
  wf,
  { entrypoint: 'main', serviceAccountName: 'runner', templates: [] },
  {
    phase: 'Running',
    startedAt: at('04:00'),
    progress: '2/6',
    estimatedDuration: 300,
    nodes: nodesOf(wf, [
      {
        name: wf,
        displayName: wf,
        type: 'DAG',
        phase: 'Running',
        template: 'main',
        children: [`${wf}.A`],
        startedAt: at('04:00'),
      },
      {
        name: `${wf}.A`,
        displayName: 'A',
        type: 'Pod',
        phase: 'Succeeded',
        boundary: wf,
        children: [`${wf}.B`, `${wf}.C`, `${wf}.D`, `${wf}.E`, `${wf}.A.hooks.running`],
        startedAt: at('04:00'),
        finishedAt: at('04:10'),
        extra: { templateRef: { name: 'common', template: 'echo' } },
      },
      {
        name: `${wf}.A.hooks.running`,
        displayName: 'A.hooks.running',
        type: 'Pod',
        phase: 'Succeeded',
        template: 'log',
        boundary: wf,
        startedAt: at('04:01'),
        finishedAt: at('04:05'),
        extra: { nodeFlag: { hooked: true } },
      },
      {
        name: `${wf}.B`,
        displayName: 'B',
        type: 'TaskGroup',
        phase: 'Running',
        template: 'echo',
        boundary: wf,
        children: [`${wf}.B(0:x)`, `${wf}.B(1:y)`, `${wf}.B(2:z)`],
        startedAt: at('04:11'),
      },
      {
        name: `${wf}.B(0:x)`,
        displayName: 'B(0:x)',
        type: 'Pod',
        phase: 'Succeeded',
        template: 'echo',
        boundary: wf,
        startedAt: at('04:11'),
        finishedAt: at('04:16'),
      },
      {
        name: `${wf}.B(1:y)`,
        displayName: 'B(1:y)',
        type: 'Pod',
        phase: 'Running',
        template: 'echo',
        boundary: wf,
        startedAt: at('04:11'),
      },
      {
        name: `${wf}.B(2:z)`,
        displayName: 'B(2:z)',
        type: 'Pod',
        phase: 'Pending',
        template: 'echo',
        boundary: wf,
        startedAt: at('04:11'),
        message: 'Waiting for a free slot',
      },
      {
        name: `${wf}.C`,
        displayName: 'C',
        type: 'Skipped',
        phase: 'Omitted',
        template: 'echo',
        boundary: wf,
        startedAt: at('04:11'),
        finishedAt: at('04:11'),
        message: 'omitted: depends condition not met',
      },
      {
        name: `${wf}.D`,
        displayName: 'D',
        type: 'Suspend',
        phase: 'Running',
        template: 'approve',
        boundary: wf,
        startedAt: at('04:11'),
      },
      {
        name: `${wf}.E`,
        displayName: 'E',
        type: 'Retry',
        phase: 'Running',
        template: 'flaky',
        boundary: wf,
        children: [`${wf}.E(0)`],
        startedAt: at('04:12'),
      },
      {
        name: `${wf}.E(0)`,
        displayName: 'E(0)',
        type: 'Pod',
        phase: 'Running',
        template: 'flaky',
        boundary: wf,
        startedAt: at('04:12'),
      },
      {
        name: `${wf}.hooks.started`,
        displayName: `${wf}.hooks.started`,
        type: 'Pod',
        phase: 'Succeeded',
        template: 'log',
        startedAt: at('04:00'),
        finishedAt: at('04:03'),
        extra: { nodeFlag: { hooked: true } },
      },
    ]),
  },
);
