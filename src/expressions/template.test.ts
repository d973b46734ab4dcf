/**
 * Substitution rules of Argo's util/template (reference argo.md §d.2), one test per rule.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExpressionError } from '../errors/index.ts';
import { type Scope, substituteJson, substituteString } from './index.ts';

const scope: Scope = {
  'inputs.parameters.x': 'hello',
  'inputs.parameters.n': '10',
  'inputs.parameters.my-param': 'dashed',
  'inputs.parameters.q': 'say "hi"\n\tto <you> & me\\',
  'inputs.parameters.esc': '\u001b[31mred\u001b[0m',
  'steps.a.outputs.result': 'a-out',
  'steps.p.outputs.parameters.m': null,
  'workflow.name': 'wf-1',
  'workflow.parameters': '[{"name":"a","value":"1"}]',
  'workflow.parameters.a': '1',
  'workflow.parameters.json': '[{"name":"a","value":"1"}]',
  b: 'x',
};

function throwsExpression(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ExpressionError, `expected ExpressionError, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('substitution over the JSON-serialised value', () => {
  test('tags are replaced wherever they occur, including object keys and nested arrays', () => {
    const out = substituteJson(
      { args: ['{{inputs.parameters.x}}', { '{{workflow.name}}': 'k' }], n: 3 },
      scope,
    );
    assert.deepEqual(out, { args: ['hello', { 'wf-1': 'k' }], n: 3 });
  });

  test('a value without tags comes back unchanged', () => {
    const v = { a: [1, 'two', null] };
    assert.deepEqual(substituteJson(v, scope), v);
  });

  test('a simple tag is the exact, trimmed name', () => {
    assert.equal(substituteString('[{{ inputs.parameters.x }}]', scope), '[hello]');
  });

  test('values are escaped with strconv.Quote and survive quotes, newlines, tabs, backslashes and <>&', () => {
    assert.equal(substituteString('{{inputs.parameters.q}}', scope), 'say "hi"\n\tto <you> & me\\');
    assert.deepEqual(substituteJson({ s: 'x{{inputs.parameters.q}}' }, scope), {
      s: 'xsay "hi"\n\tto <you> & me\\',
    });
  });

  test('a control character such as ESC becomes a Go escape that is not JSON and fails the substitution', () => {
    throwsExpression(
      () => substituteString('{{inputs.parameters.esc}}', scope),
      'cannot finish template replacement because the result was invalid JSON',
    );
  });

  test('a nested tag resolves the inner name first, leaving the outer tag for a later pass', () => {
    assert.equal(substituteString('{{steps.{{b}}.id}}', { b: 'a' }), '{{steps.a.id}}');
  });

  test('a "{{" without a closing "}}" fails like fasttemplate', () => {
    throwsExpression(
      () => substituteString('echo {{inputs.parameters.x}} {{ oops', scope),
      /^Cannot find end tag="}}"/,
    );
  });
});

describe('unresolved simple tags', () => {
  test('a lenient pass writes them back verbatim', () => {
    assert.equal(
      substituteString('{{steps.b.outputs.result}} {{foo}}', scope),
      '{{steps.b.outputs.result}} {{foo}}',
    );
  });

  test('a strict pass fails with "failed to resolve {{x}}"', () => {
    throwsExpression(
      () => substituteString('{{ foo }}', scope, { strict: true }),
      'failed to resolve {{ foo }}',
    );
  });

  test('with strict prefixes only names under them must resolve', () => {
    assert.equal(substituteString('{{foo}}', scope, { strict: true, strictPrefixes: ['item'] }), '{{foo}}');
    throwsExpression(
      () => substituteString('{{item.name}}', scope, { strict: true, strictPrefixes: ['item'] }),
      'failed to resolve {{item.name}}',
    );
    // A prefix matches whole dot segments only.
    assert.equal(
      substituteString('{{items}}', scope, { strict: true, strictPrefixes: ['item'] }),
      '{{items}}',
    );
  });

  test('unresolved output artifacts are tolerated under strict prefixes (optional artifacts)', () => {
    const text = '{{steps.gen.outputs.artifacts.out}}';
    assert.equal(substituteString(text, scope, { strict: true, strictPrefixes: ['steps'] }), text);
    throwsExpression(() => substituteString(text, scope, { strict: true }), `failed to resolve ${text}`);
  });

  test('a present-but-absent value (skipped node output without default) fails terminally', () => {
    throwsExpression(
      () => substituteString('{{steps.p.outputs.parameters.m}}', scope),
      'unable to substitute {{steps.p.outputs.parameters.m}}: output is an absent optional (skipped/omitted node with no default)',
    );
  });

  test('names inherited through a prototype chain resolve; Object.prototype members do not', () => {
    const child: Scope = Object.create(scope);
    child.item = 'apple';
    assert.equal(
      substituteString('{{item}} {{workflow.name}} {{constructor}}', child),
      'apple wf-1 {{constructor}}',
    );
  });
});

describe('expression tags', () => {
  test('the source is JSON-unescaped before parsing', () => {
    assert.equal(substituteString('{{=inputs.parameters.x == "hello" ? "yes" : "no"}}', scope), 'yes');
  });

  test('results render as JSON: strings lose their quotes, numbers and booleans are their text', () => {
    assert.equal(substituteString('{{=inputs.parameters.x}}', scope), 'hello');
    assert.equal(substituteString('{{=asInt(inputs.parameters.n) + 1}}', scope), '11');
    assert.equal(substituteString('{{=asInt(inputs.parameters.n) / 4}}', scope), '2.5');
    assert.equal(substituteString('{{=asInt(inputs.parameters.n) > 3}}', scope), 'true');
  });

  test('lists and maps render as compact JSON text, with Go HTML escaping', () => {
    assert.equal(substituteString('{{=[1, "a<b"]}}', scope), '[1,"a\\u003cb"]');
    assert.deepEqual(substituteJson({ v: '{{= {b: 1, a: 2} }}' }, scope), { v: '{"a":2,"b":1}' });
    // The tag ends at the first "}}", so a map literal right before it cuts the expression short.
    assert.throws(() => substituteString('{{={b: 1}}}', scope), /unexpected token EOF/);
  });

  test('hyphenated names need index syntax', () => {
    assert.equal(substituteString("{{=inputs.parameters['my-param']}}", scope), 'dashed');
  });

  test('every scope value is a string: "10" > "9" compares text and n + 1 fails', () => {
    assert.equal(substituteString('{{=inputs.parameters.n > "9"}}', scope), 'false');
    throwsExpression(
      () => substituteString('{{=inputs.parameters.n + 1}}', scope),
      /^failed to evaluate expression: invalid operation: string \+ int/,
    );
  });

  test('the less specific key is dropped: workflow.parameters is a map, workflow.parameters.json is the JSON', () => {
    assert.equal(substituteString("{{=jsonpath(workflow.parameters.json, '$[0].value')}}", scope), '1');
    assert.equal(substituteString('{{=workflow.parameters.a}}', scope), '1');
  });

  test('?? gives a fallback for an absent output, and nil is not the empty string', () => {
    assert.equal(substituteString("{{= steps.p.outputs.parameters.m ?? 'x'}}", scope), 'x');
    assert.equal(substituteString("{{= steps.p.outputs.parameters.m == ''}}", scope), 'false');
  });

  test('a strict pass fails on a missing variable with "<id> is missing"', () => {
    throwsExpression(
      () => substituteString('{{=steps.b.outputs.result}}', scope, { strict: true }),
      'failed to evaluate expression: steps.b is missing',
    );
    throwsExpression(
      () => substituteString('{{=item}}', scope, { strict: true, strictPrefixes: ['item'] }),
      'failed to evaluate expression: item is missing',
    );
  });

  test('a lenient pass keeps an expression with a missing variable for later', () => {
    assert.equal(substituteString('{{=steps.b.outputs.result}}', scope), '{{=steps.b.outputs.result}}');
    assert.equal(substituteString('{{=sprig.int(retries)}}', scope), '{{=sprig.int(retries)}}');
  });

  test('missing late-bound variables keep the expression even where it would evaluate', () => {
    // workflow exists, so workflow.status would read as nil and the comparison as false.
    const text = "{{= workflow.status == 'Succeeded'}}";
    assert.equal(substituteString(text, scope), text);
    assert.equal(substituteString(text, { ...scope, 'workflow.status': 'Succeeded' }), 'true');
    assert.equal(substituteString('{{=lastRetry.exitCode}}', scope), '{{=lastRetry.exitCode}}');
  });

  test('with every variable present, errors are reported even in a lenient pass', () => {
    throwsExpression(
      () => substituteString("{{=asInt('abc')}}", scope),
      /^failed to evaluate expression: invalid operation: int\(abc\)/,
    );
  });

  test('a nil result with every variable present fails', () => {
    throwsExpression(() => substituteString('{{=nil}}', scope), 'failed to evaluate expression "nil"');
  });

  test('a syntax error is always an error', () => {
    throwsExpression(
      () => substituteString('{{= 1 +}}', scope),
      /^failed to evaluate expression: unexpected token EOF/,
    );
  });

  test('placeholder values (validation) make failures tolerated', () => {
    const lint: Scope = { 'inputs.parameters.n': '__argo__internal__placeholder-1' };
    assert.equal(
      substituteString('{{=asInt(inputs.parameters.n)}}', lint),
      '{{=asInt(inputs.parameters.n)}}',
    );
  });

  test('the evaluated JSON is spliced escaped, so quotes inside results are safe', () => {
    assert.deepEqual(substituteJson({ v: '{{=toJson({a: "q\\"x"})}}' }, scope), { v: '{"a":"q\\"x"}' });
  });
});
