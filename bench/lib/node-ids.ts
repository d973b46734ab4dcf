/**
 * @module bench/lib/node-ids
 * Node IDs are `<workflow>-<fnv32a(node name)>` (src/spec/names.ts), a 32-bit hash: among 100,000 node
 * names of one workflow two share an ID more often than not (a birthday problem). The engine does not
 * resolve such collisions yet, and a fan-out that has one never completes. The fan-out benchmark measures
 * how often a random name collides, and runs under a name whose node IDs are all distinct.
 */

import { generateNameSuffix } from '../../src/controller/names.ts';
import { nodeId } from '../../src/spec/names.ts';
import { lcg } from './graphs.ts';

/** The names of the nodes of a one-step `withSequence` fan-out: the workflow, its step group, the items. */
function fanOutNodeNames(workflow: string, count: number): string[] {
  const names = [workflow, `${workflow}[0]`];
  for (let i = 0; i < count; i++) names.push(`${workflow}[0].item(${i}:${i})`);
  return names;
}

/** How many node names share their ID with an earlier one. */
export function collisions(workflow: string, count: number): number {
  const seen = new Set<string>();
  let n = 0;
  for (const name of fanOutNodeNames(workflow, count)) {
    const id = nodeId(workflow, name);
    if (seen.has(id)) n++;
    else seen.add(id);
  }
  return n;
}

/** `base`, else `base-1`, `base-2`, ...: the first name whose fan-out of `count` has no collision. */
export function collisionFreeName(base: string, count: number): string {
  for (let i = 0; ; i++) {
    const name = i ? `${base}-${i}` : base;
    if (collisions(name, count) === 0) return name;
  }
}

/** Of `samples` names drawn as `generateName` draws them (fixed seed), how many have a collision. */
export function collidingRandomNames(prefix: string, count: number, samples: number, seed: number): number {
  const random = lcg(seed);
  let hit = 0;
  for (let s = 0; s < samples; s++)
    if (collisions(`${prefix}${generateNameSuffix(random)}`, count) > 0) hit++;
  return hit;
}
