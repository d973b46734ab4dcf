/**
 * @module controller/names
 * Argo's node IDs, pod names and loop item descriptions (pkg/apis/workflow/v1alpha1 Workflow.NodeID,
 * util/pod_name.go, workflow/controller/operator.go generateNodeName, item.go Item.String). Node IDs are
 * derived from node names only, so the same run always gets the same IDs.
 */

import type { Item } from '../spec/types.ts';

/** 32-bit FNV-1a of the UTF-8 bytes of `s`. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(s, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `<wf>-<fnv32a(nodeName)>`; the root node (named as the workflow) is keyed by the workflow name. */
export function nodeId(workflowName: string, nodeName: string): string {
  if (nodeName === workflowName) return workflowName;
  return `${workflowName}-${fnv32a(nodeName)}`;
}

const maxPodNamePrefix = 253 - 1 - 10;

/** Pod name format v2: `<wf>-<template>-<fnv32a(nodeName)>`; a pod for the root node is named as the workflow. */
export function podName(workflowName: string, nodeName: string, templateName: string): string {
  if (nodeName === workflowName) return workflowName;
  let prefix = templateName ? `${workflowName}-${templateName}` : workflowName;
  if (prefix.length > maxPodNamePrefix) prefix = prefix.slice(0, maxPodNamePrefix);
  return `${prefix}-${fnv32a(nodeName)}`;
}

/** Go's `%v` rendering of a JSON value as Argo prints items inside a list. */
function goValue(v: Item): string {
  if (typeof v === 'string') return jsonStringBody(v);
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return JSON.stringify(v);
  return JSON.stringify(v);
}

/** A string's JSON encoding without the outer quotes, keeping `<>&` as they are. */
function jsonStringBody(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** The description of a loop item in a node name: `name(<index>:<desc>)` (parentheses removed). */
export function itemDescription(item: Item): string {
  let s: string;
  if (typeof item === 'string') s = jsonStringBody(item);
  else if (item === null) s = 'null';
  else if (typeof item === 'number' || typeof item === 'boolean') s = JSON.stringify(item);
  else if (Array.isArray(item)) s = `[${item.map(goValue).join(' ')}]`;
  else {
    const parts = Object.entries(item).map(([k, v]) => `${k}:${goValue(v)}`);
    parts.sort();
    s = parts.join(',');
  }
  return s.replace(/[()]/g, '');
}

export function loopNodeName(base: string, index: number, item: Item): string {
  return `${base}(${index}:${itemDescription(item)})`;
}

const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' generateName suffix: five characters from its alphabet. */
export function generateNameSuffix(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += nameAlphabet[Math.floor(random() * nameAlphabet.length)];
  return s;
}
