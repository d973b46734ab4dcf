import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv32a } from '../spec/names.ts';
import type { Workflow } from '../spec/types.ts';
import { RunContext } from './context.ts';

function collidingNames(prefix: string): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const name = `${prefix}(${i}:${i})`;
    const h = fnv32a(name);
    const other = seen.get(h);
    if (other !== undefined) return [other, name];
    seen.set(h, name);
  }
}

test('two node names with the same 32-bit hash both get a node: the second an ID of its own', () => {
  const wf = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'big-abcde' },
    spec: {},
  } as Workflow;
  const ctx = new RunContext(wf, {}, {}, () => undefined);
  const [a, b] = collidingNames('big-abcde[0].t');
  assert.equal(ctx.idOf(a), ctx.idOf(b));
  const na = ctx.initNode({ name: a, type: 'Pod', phase: 'Pending' });
  const nb = ctx.initNode({ name: b, type: 'Pod', phase: 'Pending' });
  assert.equal(na.id, `big-abcde-${fnv32a(a)}`);
  assert.equal(nb.id, `${na.id}-1`);
  assert.equal(ctx.byName(a), na);
  assert.equal(ctx.byName(b), nb);
  assert.equal(ctx.idOf(b), nb.id);
});
