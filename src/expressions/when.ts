/**
 * @module expressions/when
 * Evaluates a step's or task's `when` (already substituted) as Argo's controller does (`ShouldExecute`):
 * govaluate parses it, every bareword VARIABLE token becomes a string literal (so `tails == heads`
 * compares two strings), and the result must be a boolean. Error texts are Argo's, including its
 * spelling of "expresion".
 */
import { ExpressionError } from '../errors/index.ts';
import { evaluateStage, plan, showGValue } from './govaluate/evaluate.ts';
import { checkSyntax, GovaluateError, type GToken, lexGovaluate } from './govaluate/lexer.ts';
import { goRegex } from './regex.ts';

/** govaluate's optimizer compiles `=~ 'pattern'` constants while parsing, so a bad pattern is a parse error. */
function checkRegexConstants(tokens: GToken[]): void {
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.kind === 'COMPARATOR' && (t.value === '=~' || t.value === '!~') && next?.kind === 'STRING') {
      try {
        goRegex(String(next.value));
      } catch (e) {
        throw new GovaluateError((e as Error).message);
      }
    }
  });
}

const quoteHint = 'wrap values that contain special characters in quotes (")';

/** Returns whether the step should run; throws ExpressionError with Argo's message. */
export function evalWhen(when: string): boolean {
  if (when === '') return true;
  let tokens: GToken[];
  try {
    tokens = lexGovaluate(when);
    checkSyntax(tokens);
    checkRegexConstants(tokens);
  } catch (e) {
    if (!(e instanceof GovaluateError)) throw e;
    if (e.message.includes('Invalid token')) {
      throw new ExpressionError(
        `Invalid 'when' expression '${when}': ${e.message} (hint: try wrapping the affected expression in quotes ("))`,
        { hint: quoteHint },
      );
    }
    throw new ExpressionError(`Invalid 'when' expression '${when}': ${e.message}`, { hint: quoteHint });
  }
  const asStrings = tokens.map(
    (t): GToken => (t.kind === 'VARIABLE' ? { kind: 'STRING', value: t.value } : t),
  );
  let result: ReturnType<typeof evaluateStage>;
  try {
    checkSyntax(asStrings);
  } catch (e) {
    if (!(e instanceof GovaluateError)) throw e;
    throw new ExpressionError(`Failed to parse 'when' expression '${when}': ${e.message}`);
  }
  try {
    result = evaluateStage(plan(asStrings));
  } catch (e) {
    if (!(e instanceof GovaluateError)) throw e;
    throw new ExpressionError(`Failed to evaluate 'when' expresion '${when}': ${e.message}`);
  }
  if (typeof result !== 'boolean') {
    throw new ExpressionError(`Expected boolean evaluation for '${when}'. Got ${showGValue(result)}`, {
      hint: 'a when condition must compare values, e.g. "{{inputs.parameters.x}} == yes"',
    });
  }
  return result;
}
