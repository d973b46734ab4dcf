/**
 * `when` conditions with govaluate's rules (reference argo.md §d.3), including every error message.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExpressionError } from '../errors/index.ts';
import { evalWhen, substituteString } from './index.ts';

function whenError(when: string): string {
  try {
    evalWhen(when);
  } catch (e) {
    assert.ok(e instanceof ExpressionError);
    return e.message;
  }
  assert.fail(`expected ${JSON.stringify(when)} to fail`);
}

describe('when', () => {
  test('is substituted first, then evaluated', () => {
    const when = substituteString('{{steps.flip.outputs.result}} == heads', {
      'steps.flip.outputs.result': 'heads',
    });
    assert.equal(evalWhen(when), true);
    const expr = substituteString('{{= asInt(inputs.parameters.n) > 3}}', { 'inputs.parameters.n': '5' });
    assert.equal(expr, 'true');
    assert.equal(evalWhen(expr), true);
  });

  test('barewords are strings, true/false are booleans, numbers are floats', () => {
    assert.equal(evalWhen('tails == heads'), false);
    assert.equal(evalWhen('tails != heads'), true);
    assert.equal(evalWhen('true'), true);
    assert.equal(evalWhen('5 < 10'), true);
    assert.equal(evalWhen('10 == 10.0'), true);
    assert.equal(evalWhen("'5' == 5"), false);
  });

  test('&& || ! parentheses, regex and in', () => {
    assert.equal(evalWhen('(a == a && b != a) || false'), true);
    assert.equal(evalWhen('!(1 > 2)'), true);
    assert.equal(evalWhen("heads =~ '^he'"), true);
    assert.equal(evalWhen("heads !~ 'ta'"), true);
    assert.equal(evalWhen("b in ('a', 'b')"), true);
    assert.equal(evalWhen('"two words" == \'two words\''), true);
  });

  test('an empty when runs the step', () => {
    assert.equal(evalWhen(''), true);
  });

  test('strings compare lexicographically', () => {
    assert.equal(evalWhen("'10' > '9'"), false);
  });

  test('an unknown character is an invalid token with the quoting hint', () => {
    assert.equal(
      whenError('{{steps.a.outputs.result}} == x'),
      `Invalid 'when' expression '{{steps.a.outputs.result}} == x': Invalid token: '{{' (hint: try wrapping the affected expression in quotes ("))`,
    );
    assert.match(whenError('$x == 1'), /Invalid token: '\$'/);
  });

  test('two barewords in a row do not parse', () => {
    assert.equal(
      whenError('a b == c'),
      "Invalid 'when' expression 'a b == c': Cannot transition token types from VARIABLE [a] to VARIABLE [b]",
    );
  });

  test('a bareword with a dot is an accessor, not a string', () => {
    assert.match(
      whenError('v1.2 == v1.2'),
      /^Failed to evaluate 'when' expresion 'v1.2 == v1.2': No parameter 'v1' found\.$/,
    );
    assert.match(
      whenError('a.b == x'),
      /^Invalid 'when' expression 'a.b == x': Unable to access unexported field 'b'/,
    );
  });

  test('my-value lexes as my - value and fails at evaluation', () => {
    assert.equal(
      whenError('my-value == my-value'),
      "Failed to evaluate 'when' expresion 'my-value == my-value': Value 'my' cannot be used with the modifier '-', it is not a number",
    );
  });

  test('a non-boolean result is reported with its value', () => {
    assert.equal(whenError('2 + 3'), "Expected boolean evaluation for '2 + 3'. Got 5");
    assert.equal(whenError('tails'), "Expected boolean evaluation for 'tails'. Got tails");
  });

  test('other parse errors', () => {
    assert.equal(whenError('(true'), "Invalid 'when' expression '(true': Unbalanced parenthesis");
    assert.equal(whenError("'open == x"), "Invalid 'when' expression ''open == x': Unclosed string literal");
    assert.equal(whenError('1 =='), "Invalid 'when' expression '1 ==': Unexpected end of expression");
  });
});
