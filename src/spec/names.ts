/**
 * @module spec/names
 * Argo's node IDs and pod names (pkg/apis/workflow/v1alpha1 Workflow.NodeID, util/pod_name.go). They are
 * derived from node names only, so the same run always gets the same IDs; the controller assigns them and
 * the CLI and UI recompute pod names that the status does not store.
 */

const prime = 0x01000193;

/** 32-bit FNV-1a of the UTF-8 bytes of `s` (encoded inline: no allocation, and no Node-only API). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  const step = (b: number) => {
    h = Math.imul(h ^ b, prime) >>> 0;
  };
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) step(c);
    else if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    } else {
      step(0xf0 | (c >> 18));
      step(0x80 | ((c >> 12) & 0x3f));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    }
  }
  return h;
}

/** `<wf>-<fnv32a(nodeName)>`; the root node (named as the workflow) is keyed by the workflow name. */
export function nodeId(workflowName: string, nodeName: string): string {
  if (nodeName === workflowName) return workflowName;
  return `${workflowName}-${fnv32a(nodeName)}`;
}

/** Kubernetes names are at most 253 bytes; the `-<hash>` suffix needs 11 of them. */
const maxPodNamePrefix = 253 - 1 - 10;

function cutBytes(text: string, max: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= max) return text;
  return new TextDecoder().decode(bytes.subarray(0, max)).replace(/\uFFFD$/, '');
}

/**
 * Pod name format v2: `<wf>-<template>-<fnv32a(nodeName)>` (`<wf>-<hash>` without a template name); a pod
 * for the root node is named as the workflow.
 */
export function podName(workflowName: string, nodeName: string, templateName: string): string {
  if (nodeName === workflowName) return workflowName;
  const prefix = cutBytes(templateName ? `${workflowName}-${templateName}` : workflowName, maxPodNamePrefix);
  return `${prefix}-${fnv32a(nodeName)}`;
}
