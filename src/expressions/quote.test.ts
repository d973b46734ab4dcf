/**
 * Go renderings: strconv.Quote, encoding/json, fmt %v floats.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goFormatFloat, goJsonMarshal, goQuoteInner } from './quote.ts';

test('strconv.Quote escapes quotes, backslashes and control characters, keeps printable text', () => {
  assert.equal(goQuoteInner('a"b\\c\nd\te<>&é'), 'a\\"b\\\\c\\nd\\te<>&é');
  assert.equal(goQuoteInner('\u0007\u000b\u001b\u007f'), '\\a\\v\\x1b\\x7f');
  assert.equal(goQuoteInner('\u00ad\u200b'), '\\u00ad\\u200b');
});

test('encoding/json escapes HTML characters and sorts keys', () => {
  assert.equal(
    goJsonMarshal({ b: '<&>', a: [1n, 1.5, true, null] }),
    '{"a":[1,1.5,true,null],"b":"\\u003c\\u0026\\u003e"}',
  );
  assert.equal(goJsonMarshal({ a: [1n] }, '  '), '{\n  "a": [\n    1\n  ]\n}');
  assert.equal(goJsonMarshal(1e21), '1e+21');
  assert.equal(goJsonMarshal(1e-7), '1e-7');
  assert.throws(() => goJsonMarshal(Number.POSITIVE_INFINITY), /json: unsupported value: \+Inf/);
});

test('%v of floats uses the shortest form with an exponent from 1e6', () => {
  assert.equal(goFormatFloat(100000), '100000');
  assert.equal(goFormatFloat(1000000), '1e+06');
  assert.equal(goFormatFloat(123456789.5), '1.234567895e+08');
  assert.equal(goFormatFloat(0.0001), '0.0001');
  assert.equal(goFormatFloat(0.00001), '1e-05');
  assert.equal(goFormatFloat(-2.5), '-2.5');
});
