/**
 * @module cli/render/pod-name
 * Node IDs and pod names as Argo derives them (argo.md §b.3), needed here because `argo get` prints pod
 * names that are not stored in the status, and finds the exit handler's tree by its node ID.
 * - node ID: the workflow name for the root node, else `<wf>-<fnv32a(nodeName)>`;
 * - pod name v2 (default): `<wf>` for the root node, else `<wf>-<template>-<fnv32a(nodeName)>` with the
 *   prefix cut to 242 bytes (`<wf>-<fnv32a>` when the node has no template name); v1: the node ID. The
 *   workflow annotation `workflows.argoproj.io/pod-name-format` chooses, v2 when absent.
 */

import type { NodeStatus, Workflow } from '../../spec/types.ts';

/** 32-bit FNV-1a over the UTF-8 bytes of `text`. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function nodeId(workflowName: string, nodeName: string): string {
  return nodeName === workflowName ? workflowName : `${workflowName}-${fnv32a(nodeName)}`;
}

/** Kubernetes names are at most 253 characters; the hash suffix needs 11 of them. */
const MAX_PREFIX_BYTES = 253 - 10 - 1;

function cutBytes(text: string, max: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= max) return text;
  return new TextDecoder().decode(bytes.slice(0, max));
}

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
  if (node.name === workflowName) return workflowName;
  const template = nodeTemplate(node);
  const prefix = cutBytes(template ? `${workflowName}-${template}` : workflowName, MAX_PREFIX_BYTES);
  return `${prefix}-${fnv32a(node.name)}`;
}
