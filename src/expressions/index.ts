/**
 * @module expressions
 * Argo's template and expression machinery: `{{tag}}` and `{{=expr}}` substitution over JSON, expr-lang
 * evaluation with Argo's env (asInt, asFloat, jsonpath, toJson, sprig.*), govaluate `when` conditions and
 * DAG `depends` logic.
 */
import { ExpressionError } from '../errors/index.ts';
import { buildExprEnv } from './env.ts';
import { run } from './expr/evaluate.ts';
import { toPlain } from './expr/values.ts';
import type { Scope } from './scope.ts';

export { dependenciesToDepends, dependsTaskNames, evalDepends, type TaskFacts } from './depends.ts';
export { buildEnv } from './env.ts';
export { goJsonMarshal } from './quote.ts';
export type { Scope } from './scope.ts';
export { type SubstituteOptions, substituteJson, substituteString } from './template.ts';
export { evalWhen } from './when.ts';

/**
 * Evaluates expr-lang source against the env built from `scope` (plus `extra` top-level values) and
 * returns a plain JS value (Go ints become numbers when exactly representable). Throws ExpressionError.
 */
export function evaluate(source: string, scope: Scope, extra?: Record<string, unknown>): unknown {
  try {
    return toPlain(run(source, buildExprEnv(scope, extra)));
  } catch (e) {
    if (e instanceof ExpressionError) throw e;
    throw new ExpressionError(`failed to evaluate expression: ${(e as Error).message}`, { cause: e });
  }
}
