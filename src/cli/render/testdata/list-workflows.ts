/**
 * @module cli/render/testdata/list-workflows
 * Workflows in every state `argo list` distinguishes: running (plain and suspended), pending, succeeded,
 * failed, terminated, with priorities, parameters (one long enough to be cut) and pods in each state.
 */

import type { Workflow } from '../../../spec/types.ts';
import { workflowOf } from './build.ts';
import { dagWorkflow } from './dag-workflow.ts';
import { stepsWorkflow } from './steps-workflow.ts';

const at = (t: string): string => `2026-01-02T${t}Z`;

export const listWorkflows: Workflow[] = [
  stepsWorkflow,
  dagWorkflow,
  workflowOf(
    'hello-world-2v8fq',
    { entrypoint: 'main', priority: 5, templates: [] },
    { phase: 'Succeeded', startedAt: at('01:00:00'), finishedAt: at('01:00:42') },
    { creationTimestamp: at('01:00:00') },
  ),
  workflowOf(
    'params-q9d7s',
    {
      entrypoint: 'main',
      arguments: {
        parameters: [
          { name: 'short', value: 'x' },
          { name: 'long', value: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ' },
          { name: 'none' },
        ],
      },
      templates: [],
    },
    { phase: 'Pending' },
    { creationTimestamp: at('03:09:30') },
  ),
  workflowOf(
    'stopped-7hh2k',
    { entrypoint: 'main', shutdown: 'Terminate', priority: -2, templates: [] },
    {
      phase: 'Failed',
      message: "Stopped with strategy 'Terminate'",
      startedAt: at('02:00:00'),
      finishedAt: at('02:31:05'),
    },
    { creationTimestamp: at('02:00:00'), namespace: 'ci' },
  ),
  workflowOf(
    'nightly-1767318000',
    { entrypoint: 'main', templates: [] },
    { phase: 'Running', startedAt: '2025-12-30T03:00:00Z' },
    { creationTimestamp: '2025-12-30T03:00:00Z' },
  ),
];
