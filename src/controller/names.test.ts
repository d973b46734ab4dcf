import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv32a } from '../spec/names.ts';
import { generateNameSuffix, itemDescription, loopNodeName, nodeId, podName } from './names.ts';

test('fnv32a matches the FNV-1a reference vectors', () => {
  assert.equal(fnv32a(''), 0x811c9dc5);
  assert.equal(fnv32a('a'), 0xe40c292c);
  assert.equal(fnv32a('foobar'), 0xbf9cf968);
  // multi-byte characters hash their UTF-8 bytes
  for (const s of ['é', '日本', '😀 x', 'a\u0000b']) {
    let h = 0x811c9dc5;
    for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    assert.equal(fnv32a(s), h, s);
  }
});

test('node IDs: the root is keyed by the workflow name, others by <wf>-<fnv32a(name)>', () => {
  assert.equal(nodeId('steps-abcde', 'steps-abcde'), 'steps-abcde');
  assert.equal(nodeId('steps-abcde', 'steps-abcde[0]'), `steps-abcde-${fnv32a('steps-abcde[0]')}`);
});

test('pod names (v2): <wf>-<template>-<hash>, the root pod named as the workflow', () => {
  assert.equal(podName('hello-abcde', 'hello-abcde', 'main'), 'hello-abcde');
  assert.equal(podName('s-abcde', 's-abcde[0].a', 'print'), `s-abcde-print-${fnv32a('s-abcde[0].a')}`);
  assert.equal(podName('s-abcde', 's-abcde[0].a', ''), `s-abcde-${fnv32a('s-abcde[0].a')}`);
  const long = 'x'.repeat(300);
  assert.equal(podName('wf', 'wf.a', long).length, 242 + 1 + String(fnv32a('wf.a')).length);
  // cut on bytes, never inside a character
  assert.equal(podName('wf', 'wf.a', 'é'.repeat(200)).startsWith(`wf-${'é'.repeat(119)}-`), true);
});

test('loop item descriptions follow Argo: strings bare, maps sorted key:value, lists Go-style', () => {
  assert.equal(itemDescription('hello world'), 'hello world');
  assert.equal(itemDescription('say "hi"\n'), 'say \\"hi\\"\\n');
  assert.equal(itemDescription(5), '5');
  assert.equal(itemDescription(1.5), '1.5');
  assert.equal(itemDescription(true), 'true');
  assert.equal(itemDescription({ tag: '9.1', image: 'debian' }), 'image:debian,tag:9.1');
  assert.equal(itemDescription({ a: 1, b: { c: 'd' } }), 'a:1,b:{"c":"d"}');
  assert.equal(itemDescription([1, 2, 'x']), '[1 2 x]');
  assert.equal(itemDescription('f(x)'), 'fx');
  assert.equal(loopNodeName('wf[0].print', 0, 'hello'), 'wf[0].print(0:hello)');
});

test('generated name suffixes use the Kubernetes alphabet', () => {
  const s = generateNameSuffix();
  assert.match(s, /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});
