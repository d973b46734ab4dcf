/**
 * Differential test: a few hundred generated expr-lang expressions and govaluate `when` strings run
 * through nuncio's evaluator and through the Go libraries Argo uses (built at test time), and must agree
 * on the value (ints and floats kept apart) and on error-or-not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildExprEnv } from '../../src/expressions/env.ts';
import { run } from '../../src/expressions/expr/evaluate.ts';
import { evalWhen } from '../../src/expressions/when.ts';
import { differentialScope, ExprGenerator } from './generate.ts';
import { type OracleRequest, type OracleResponse, runOracle } from './oracle.ts';
import { sortedJson, typed } from './typed.ts';

const SEED = 20260821;
const EXPRESSIONS = 450;
const WHENS = 200;

function ours(req: OracleRequest): OracleResponse {
  try {
    if (req.kind === 'when') return { ok: true, value: evalWhen(req.source) };
    return { ok: true, value: typed(run(req.source, buildExprEnv(req.env))) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

test('expr-lang and govaluate agree with the Go libraries Argo pins', { timeout: 600_000 }, () => {
  const gen = new ExprGenerator(SEED);
  const requests: OracleRequest[] = [];
  const seen = new Set<string>();
  while (requests.length < EXPRESSIONS) {
    const source = gen.expression();
    if (seen.has(source)) continue;
    seen.add(source);
    requests.push({ kind: 'expr', source, env: differentialScope });
  }
  while (requests.length < EXPRESSIONS + WHENS) {
    const source = gen.when();
    if (seen.has(`when:${source}`)) continue;
    seen.add(`when:${source}`);
    requests.push({ kind: 'when', source, env: {} });
  }
  const theirs = runOracle(requests);
  const mismatches: string[] = [];
  let errors = 0;
  requests.forEach((req, i) => {
    const want = theirs[i]!;
    const got = ours(req);
    if (!want.ok) errors++;
    const same =
      want.ok === got.ok && (!want.ok || sortedJson(want.value ?? null) === sortedJson(got.value ?? null));
    if (!same) {
      mismatches.push(
        `${req.kind} ${JSON.stringify(req.source)}\n  go:  ${want.ok ? sortedJson(want.value ?? null) : `error ${want.error}`}\n  ts:  ${got.ok ? sortedJson(got.value ?? null) : `error ${got.error}`}`,
      );
    }
  });
  console.log(
    `differential: ${requests.length} compared (${EXPRESSIONS} expressions, ${WHENS} when), ${errors} expected errors, ${mismatches.length} mismatches`,
  );
  assert.equal(mismatches.length, 0, `mismatches:\n${mismatches.slice(0, 40).join('\n')}`);
});
