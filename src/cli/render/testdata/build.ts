/**
 * @module cli/render/testdata/build
 * A compact way to write workflow statuses for the renderer's tests: nodes are written by name, and IDs,
 * boundary IDs and children IDs are derived from names as Argo derives them.
 */

import type { NodePhase, NodeStatus, NodeType, Workflow } from '../../../spec/types.ts';
import { nodeId } from '../pod-name.ts';

export interface NodeSpec {
  name: string;
  displayName: string;
  type: NodeType;
  phase: NodePhase;
  template?: string;
  /** Name of the enclosing Steps/DAG node. */
  boundary?: string;
  /** Names of the child nodes. */
  children?: string[];
  outbound?: string[];
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  hostNodeName?: string;
  extra?: Partial<NodeStatus>;
}

export function nodesOf(wfName: string, specs: NodeSpec[]): Record<string, NodeStatus> {
  const nodes: Record<string, NodeStatus> = {};
  for (const s of specs) {
    const id = nodeId(wfName, s.name);
    const node: NodeStatus = { id, name: s.name, displayName: s.displayName, type: s.type, phase: s.phase };
    if (s.template) node.templateName = s.template;
    if (s.boundary) node.boundaryID = nodeId(wfName, s.boundary);
    if (s.children) node.children = s.children.map((c) => nodeId(wfName, c));
    if (s.outbound) node.outboundNodes = s.outbound.map((c) => nodeId(wfName, c));
    if (s.startedAt) node.startedAt = s.startedAt;
    if (s.finishedAt) node.finishedAt = s.finishedAt;
    if (s.message) node.message = s.message;
    if (s.hostNodeName) node.hostNodeName = s.hostNodeName;
    nodes[id] = { ...node, ...s.extra };
  }
  return nodes;
}

export function workflowOf(
  name: string,
  spec: Workflow['spec'],
  status: NonNullable<Workflow['status']>,
  metadata: Partial<Workflow['metadata']> = {},
): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: 'argo',
      uid: `uid-${name}`,
      creationTimestamp: '2026-01-02T03:04:00Z',
      ...metadata,
    },
    spec,
    status,
  };
}
