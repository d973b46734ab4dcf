/** `--node-field-selector` parsing and matching (Kubernetes field selector rules on Argo's node fields). */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NuncioError } from '../../errors/index.ts';
import type { NodeStatus } from '../../spec/types.ts';
import { parseNodeSelector } from './node-selector.ts';

const node: NodeStatus = {
  id: 'wf-1',
  name: 'wf[0].a',
  displayName: 'a',
  type: 'Pod',
  phase: 'Failed',
  templateName: 'local',
  templateRef: { name: 'lib', template: 'say' },
  inputs: { parameters: [{ name: 'msg', value: 'x=1,y' }] },
};

function matches(selector: string): boolean {
  const select = parseNodeSelector({ nodeFieldSelector: selector });
  assert.ok(select);
  return select(node);
}

describe('parseNodeSelector', () => {
  it('returns no filter when nothing is selected', () => {
    assert.equal(parseNodeSelector({}), undefined);
    assert.equal(parseNodeSelector({ nodeFieldSelector: '' }), undefined);
  });

  it('matches =, == and != on every node field, all requirements together', () => {
    assert.ok(matches('phase=Failed'));
    assert.ok(matches('displayName==a,name=wf[0].a,id=wf-1'));
    assert.ok(matches('phase!=Succeeded'));
    assert.ok(!matches('phase=Failed,displayName=b'));
    assert.ok(matches('templateName=say,templateRef.name=lib,templateRef.template=say'));
  });

  it('reads escaped commas and equals signs in values, and a missing field as empty', () => {
    assert.ok(matches('inputs.parameters.msg.value=x\\=1\\,y'));
    assert.ok(matches('inputs.parameters.other.value='));
    assert.ok(!matches('inputs.parameters.other.value!='));
  });

  it('turns --status into phase=<status>', () => {
    const select = parseNodeSelector({ status: 'Failed' });
    assert.ok(select?.(node));
    assert.ok(!parseNodeSelector({ status: 'Running' })?.(node));
  });

  it('rejects malformed selectors and --status with --node-field-selector', () => {
    const bad = (opts: { nodeFieldSelector?: string; status?: string }, text: string): void => {
      assert.throws(
        () => parseNodeSelector(opts),
        (e: unknown) => e instanceof NuncioError && e.code === 'ERR_BAD_REQUEST' && e.message.includes(text),
      );
    };
    bad({ nodeFieldSelector: 'phase' }, "can't understand 'phase'");
    bad({ nodeFieldSelector: 'phase=a=b' }, "unescaped character '='");
    bad({ nodeFieldSelector: 'phase=a\\x' }, "invalid escape sequence '\\x'");
    bad({ nodeFieldSelector: 'phase=a\\' }, 'invalid trailing escape sequence');
    bad({ nodeFieldSelector: 'phase=a', status: 'Failed' }, 'cannot use both');
  });
});
