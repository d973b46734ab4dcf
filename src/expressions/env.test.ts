/**
 * Building the expression env from the flat scope (reference argo.md §d.1–d.2).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildEnv, evaluate, type Scope } from './index.ts';

describe('buildEnv', () => {
  test('dotted keys become nested maps', () => {
    const env = buildEnv({ 'inputs.parameters.x': '1', 'steps.a.outputs.result': 'r' });
    assert.deepEqual(JSON.parse(JSON.stringify(env.inputs)), { parameters: { x: '1' } });
    assert.deepEqual(JSON.parse(JSON.stringify(env.steps)), { a: { outputs: { result: 'r' } } });
  });

  test('the less specific key is dropped when a more specific one exists', () => {
    const env = buildEnv({
      'workflow.parameters': '[{"name":"a"}]',
      'workflow.parameters.a': '1',
      item: 'x',
      'item.k': 'v',
    });
    assert.deepEqual(JSON.parse(JSON.stringify((env.workflow as Record<string, unknown>).parameters)), {
      a: '1',
    });
    assert.deepEqual(JSON.parse(JSON.stringify(env.item)), { k: 'v' });
  });

  test('a present-but-absent value is nil', () => {
    assert.equal(
      evaluate('steps.p.outputs.parameters.m == nil', { 'steps.p.outputs.parameters.m': null }),
      true,
    );
  });

  test("Argo's functions are added and win over variables of the same name", () => {
    const env = buildEnv({ asInt: 'shadowed' });
    for (const name of ['asInt', 'asFloat', 'jsonpath', 'toJson', 'sprig']) assert.ok(name in env, name);
    assert.equal(evaluate("asInt('4') + 1", { asInt: 'shadowed' }), 5);
  });

  test('scopes inherit through prototype chains', () => {
    const parent: Scope = { 'workflow.name': 'wf' };
    const child: Scope = Object.create(parent);
    child['inputs.parameters.x'] = 'x';
    assert.equal(evaluate('workflow.name + "/" + inputs.parameters.x', child), 'wf/x');
  });

  test('extra top-level values are typed (a Date is a Go time)', () => {
    const last = new Date(Date.now() - 3_600_000);
    assert.equal(
      evaluate(
        '(now() - cronworkflow.lastScheduledTime).Seconds() > 360',
        {},
        { cronworkflow: { lastScheduledTime: last } },
      ),
      true,
    );
  });
});
