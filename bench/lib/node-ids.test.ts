/**
 * @module bench/lib/node-ids.test
 * The collision counting finds a pair seen in a real run: workflow `fan-tzfrk` ran 99,996 of its 100,000
 * items, because items 27096 and 61120 share a node ID (and three more pairs above 61120).
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeId } from '../../src/spec/names.ts';
import { collisionFreeName, collisions } from './node-ids.ts';

test('collisions counts the pair that made a real 100,000-item run hang', () => {
  const a = nodeId('fan-tzfrk', 'fan-tzfrk[0].item(27096:27096)');
  assert.equal(nodeId('fan-tzfrk', 'fan-tzfrk[0].item(61120:61120)'), a);
  assert.equal(collisions('fan-tzfrk', 61120), 0);
  assert.equal(collisions('fan-tzfrk', 61121), 1);
  assert.equal(collisions('fan-tzfrk', 100000), 4);
});

test('collisionFreeName gives a name without collisions', () => {
  const name = collisionFreeName('fan-tzfrk', 61121);
  assert.notEqual(name, 'fan-tzfrk');
  assert.equal(collisions(name, 61121), 0);
});
