/**
 * expr-lang semantics that Argo users rely on, checked one by one (the differential test covers the
 * same ground at random against the Go library).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExpressionError } from '../../errors/index.ts';
import { buildExprEnv } from '../env.ts';
import { run } from './evaluate.ts';
import type { Value } from './values.ts';

const env = buildExprEnv({ 'inputs.parameters.n': '7', 'inputs.parameters.s': 'hello', item: 'apple' });
const ev = (src: string): Value => run(src, env);

describe('expr-lang', () => {
  test('ints and floats stay apart; / and ** are always float; % is int only', () => {
    assert.equal(ev('1 + 2'), 3n);
    assert.equal(ev('1 + 2.0'), 3);
    assert.equal(ev('7 / 2'), 3.5);
    assert.equal(ev('4 / 2'), 2);
    assert.equal(typeof ev('4 / 2'), 'number');
    assert.equal(ev('2 ** 3'), 8);
    assert.equal(ev('-7 % 3'), -1n);
    assert.throws(() => ev('7.5 % 2'), ExpressionError);
    assert.equal(ev('9223372036854775807 + 1'), -9223372036854775808n);
  });

  test('literals: numbers in every base, strings in three quotes with escapes, arrays, maps', () => {
    assert.equal(ev('0x1F + 0o7 + 0b11 + 1_000'), 1041n);
    assert.equal(ev("\"a\\tb\" + 'c\\'d' + `e\\n`"), "a\tbc'de\\n");
    assert.deepEqual(ev('[1, "a", nil, true]'), [1n, 'a', null, true]);
    assert.equal((ev('{a: 1, "b-c": 2}') as Record<string, Value>)['b-c'], 2n);
  });

  test('precedence, chained comparisons, word operators and negated operators', () => {
    assert.equal(ev('1 + 2 * 3 ** 2'), 19);
    assert.equal(ev('1 < 2 < 3'), true);
    assert.equal(ev('not (1 > 2) and true or false'), true);
    assert.equal(ev('"ab" not in ["a"]'), true);
    assert.equal(ev('inputs.parameters.s not contains "z"'), true);
    assert.equal(ev('inputs.parameters.s matches "^h.l+o$"'), true);
    assert.equal(ev('inputs.parameters.s startsWith "he" && inputs.parameters.s endsWith "lo"'), true);
  });

  test('member, index, negative index, slices, ?. and ??', () => {
    assert.equal(ev('inputs.parameters["s"]'), 'hello');
    assert.equal(ev('[1, 2, 3][-1]'), 3n);
    assert.deepEqual(ev('[1, 2, 3][1:]'), [2n, 3n]);
    assert.equal(ev('inputs.parameters.s[1:3]'), 'el');
    assert.equal(ev('inputs?.nope?.deeper'), null);
    assert.equal(ev('inputs.nope ?? "d"'), 'd');
    assert.throws(() => ev('inputs.nope.deeper'), /cannot fetch deeper from <nil>/);
  });

  test('closures with #, .field, #index and #acc', () => {
    assert.deepEqual(ev('filter(1..6, # % 2 == 0)'), [2n, 4n, 6n]);
    assert.deepEqual(ev('map([{a: 1}, {a: 2}], .a * 10)'), [10n, 20n]);
    assert.deepEqual(ev('map(["x", "y"], #index)'), [0n, 1n]);
    assert.equal(ev('reduce(1..4, #acc + #, 0)'), 10n);
    assert.equal(
      ev('all([1, 2], # > 0) && any([1, 2], # > 1) && none([1], # > 1) && one([1, 2], # > 1)'),
      true,
    );
    assert.equal(ev('count([1, 2, 3], # > 1) + sum([1, 2])'), 5n);
    assert.equal(ev('find([1, 2, 3], # > 1)'), 2n);
    assert.equal(ev('findIndex([1, 2, 3], # > 5)'), null);
  });

  test("builtins and Argo's functions", () => {
    assert.equal(ev('asInt(inputs.parameters.n) * 2'), 14n);
    assert.equal(ev('asFloat("1.5") + 1'), 2.5);
    assert.equal(ev('len("héllo") + len([1]) + len({a: 1})'), 7n);
    assert.equal(ev('upper(trim("  x ")) + lower("Y") + repeat("z", 2)'), 'Xyzz');
    assert.equal(ev('join(split("a,b", ","), "+")'), 'a+b');
    assert.equal(ev('string(1.0) + string(1000000.0) + string([1, "a"])'), '11e+06[1 a]');
    assert.equal(ev('toJson({b: [1, "<"], a: nil})'), '{"a":null,"b":[1,"\\u003c"]}');
    assert.equal(ev('fromJSON("[1, 2]")[0]'), 1);
    assert.equal(ev('jsonpath(\'{"a": [{"b": 5}]}\', "$.a[0].b")'), 5);
    assert.equal(ev('sprig.add(1, "2") + sprig.atoi("3")'), 6n);
    assert.equal(ev('sprig.default("d", "") + sprig.trunc(3, "abcdef") + sprig.nospace("a b")'), 'dabcab');
    assert.equal(ev('sprig.regexReplaceAll("(l+)", inputs.parameters.s, "<$1>")'), 'he<ll>o');
    assert.equal(ev('duration("1h30m").Minutes()'), 90);
  });

  test('compile errors: unknown names and statically wrong types, with expr-lang locations', () => {
    assert.throws(
      () => ev('nope + 1'),
      (e: Error) =>
        e instanceof ExpressionError && e.message === 'unknown name nope (1:1)\n | nope + 1\n | ^',
    );
    assert.throws(() => ev('1 == "a"'), /invalid operation: == \(mismatched types int and string\) \(1:3\)/);
    assert.throws(() => ev('item.x'), /type string has no field x/);
    assert.throws(() => ev('"a" in "abc"'), /invalid operation: in \(mismatched types string and string\)/);
    assert.throws(() => ev('upper(1)'), /cannot use int as argument \(type string\) to call upper/);
  });

  test('run errors carry expr-lang messages', () => {
    assert.throws(() => ev('asInt("x")'), /invalid operation: int\(x\)/);
    assert.throws(() => ev('[1][5]'), /index out of range: 5 \(array length is 1\)/);
    assert.throws(() => ev('sprig.trunc("2", "x")'), /reflect: Call using string as type int/);
  });

  test('constant folding: x or true never evaluates x', () => {
    assert.equal(ev('asInt("x") > 1 or true'), true);
  });
});
