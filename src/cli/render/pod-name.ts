/**
 * @module cli/render/pod-name
 * Node IDs and pod names as Argo derives them (argo.md §b.3), needed here because `argo get` prints pod
 * names that are not stored in the status, and finds the exit handler's tree by its node ID.
 * - node ID: the workflow name for the root node, else `<wf>-<fnv32a(nodeName)>`;
 * - pod name v2 (default): `<wf>` for the root node, else `<wf>-<template>-<fnv32a(nodeName)>` with the
 *   prefix cut to 242 bytes (`<wf>-<fnv32a>` when the node has no template name); v1: the node ID. The
 *   workflow annotation `workflows.argoproj.io/pod-name-format` chooses, v2 when absent.
 */

import { fnv32a, nodeId, podName as podNameOf } from '../../spec/names.ts';
import type { NodeStatus, Workflow } from '../../spec/types.ts';

export { fnv32a, nodeId };

export type PodNameVersion = 'v1' | 'v2';

export function podNameVersion(wf: Workflow): PodNameVersion {
  return wf.metadata.annotations?.['workflows.argoproj.io/pod-name-format'] === 'v1' ? 'v1' : 'v2';
}

/** The template a node ran: its templateRef's template, else its templateName. */
export function nodeTemplate(node: NodeStatus): string {
  return node.templateRef ? node.templateRef.template : (node.templateName ?? '');
}

export function podName(workflowName: string, node: NodeStatus, version: PodNameVersion): string {
  if (version === 'v1') return node.id;
  return podNameOf(workflowName, node.name, nodeTemplate(node));
}
