/**
 * Node IDs and pod names. The FNV values are facts taken from a workflow Argo ran (node
 * `many-items-z26lj[0]` has ID `many-items-z26lj-1414877240`, and so on).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeStatus } from '../../spec/types.ts';
import { fnv32a, nodeId, podName } from './pod-name.ts';

const pod = (name: string, extra: Partial<NodeStatus> = {}): NodeStatus => ({
  id: nodeId('wf', name),
  name,
  displayName: name,
  type: 'Pod',
  phase: 'Succeeded',
  ...extra,
});

describe('node IDs', () => {
  it('hash node names with 32-bit FNV-1a as Argo does', () => {
    assert.equal(fnv32a(''), 0x811c9dc5);
    assert.equal(nodeId('many-items-z26lj', 'many-items-z26lj[0]'), 'many-items-z26lj-1414877240');
    assert.equal(
      nodeId('many-items-z26lj', 'many-items-z26lj[0].sleep(9:nine)'),
      'many-items-z26lj-2619926859',
    );
    assert.equal(
      nodeId('many-items-z26lj', 'many-items-z26lj[0].sleep(10:ten)'),
      'many-items-z26lj-1052882686',
    );
  });

  it('use the workflow name for the root node', () => {
    assert.equal(nodeId('wf', 'wf'), 'wf');
  });

  it('hash UTF-8 bytes, not UTF-16 units', () => {
    assert.notEqual(fnv32a('é'), fnv32a('\u00e9'.normalize('NFD')));
    assert.equal(fnv32a('é'), fnv32a(String.fromCharCode(0xe9)));
  });
});

describe('pod names', () => {
  it('v2: <wf>-<template>-<hash of node name>; the templateRef template wins', () => {
    assert.equal(podName('wf', pod('wf.a', { templateName: 'echo' }), 'v2'), `wf-echo-${fnv32a('wf.a')}`);
    assert.equal(
      podName('wf', pod('wf.a', { templateName: 'x', templateRef: { name: 'lib', template: 'say' } }), 'v2'),
      `wf-say-${fnv32a('wf.a')}`,
    );
  });

  it('v2: the root pod is the workflow name, and no template means no template part', () => {
    assert.equal(podName('wf', pod('wf', { templateName: 'main' }), 'v2'), 'wf');
    assert.equal(podName('wf', pod('wf.a'), 'v2'), `wf-${fnv32a('wf.a')}`);
  });

  it('v2: cuts the prefix to 242 bytes so the name fits in 253 characters', () => {
    const name = podName('w'.repeat(200), pod('n', { templateName: 't'.repeat(100) }), 'v2');
    assert.equal(name, `${'w'.repeat(200)}-${'t'.repeat(41)}-${fnv32a('n')}`);
    assert.ok(name.length <= 253);
  });

  it('v1: the node ID', () => {
    assert.equal(podName('wf', pod('wf.a', { templateName: 'echo' }), 'v1'), nodeId('wf', 'wf.a'));
  });
});
