/**
 * Every `{{= ...}}` expression, `when` and `depends` in Argo's example workflows
 * (shared/conformance/argo-examples): expressions and whens must give the same result (or error) as
 * the Go libraries Argo uses, and every depends must parse and only name tasks of its DAG.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { buildExprEnv } from '../../src/expressions/env.ts';
import { run } from '../../src/expressions/expr/evaluate.ts';
import { dependsTaskNames, evalDepends, evalWhen, substituteString } from '../../src/expressions/index.ts';
import type { Scope } from '../../src/expressions/scope.ts';
import { scanTags } from '../../src/spec/tags.ts';
import { type OracleRequest, runOracle } from './oracle.ts';
import { sortedJson, typed } from './typed.ts';

function examplesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const c of [
      join(dir, 'shared/conformance/argo-examples'),
      join(dir, '../shared/conformance/argo-examples'),
    ]) {
      if (existsSync(c)) return resolve(c);
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find shared/conformance/argo-examples beside the repository');
    dir = up;
  }
}

/** Values for the variables the examples' expressions read. */
const exprScope: Scope = {
  'inputs.parameters.foo': '3',
  'inputs.parameters.should-print': 'true',
  'inputs.parameters.week-temps': '{"avg":21.5,"max":30,"min":10}',
  'workflow.parameters.config':
    '{"a":1,"b":"two","c":[1,2],"employees":[{"name":"Baris","age":43},{"name":"Ann","age":30}]}',
  'workflow.parameters.json': '[{"name":"flag","value":"true"}]',
  'workflow.creationTimestamp': '2026-08-21T10:00:00Z',
  item: '5',
};

/** A plausible value for a simple tag inside a `when`. */
function whenValue(name: string): string {
  if (/(^|\.)status$/.test(name)) return 'Succeeded';
  if (name.endsWith('approve')) return 'YES';
  if (name.endsWith('evenness')) return 'even';
  if (name.endsWith('should-print')) return 'true';
  if (name.endsWith('limit')) return '10';
  if (name.endsWith('result')) return 'heads';
  return '1';
}

interface Found {
  expressions: string[];
  whens: string[];
  depends: { expr: string; tasks: string[]; where: string }[];
}

function collect(): Found {
  const found: Found = { expressions: [], whens: [], depends: [] };
  const dir = examplesDir();
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const visit = (v: unknown, key: string): void => {
        if (typeof v === 'string') {
          for (const tag of scanTags(v))
            if (tag.kind === 'expression') found.expressions.push(tag.inner.slice(1));
          if (key === 'when') found.whens.push(v);
          return;
        }
        if (Array.isArray(v)) {
          for (const x of v) visit(x, key);
          return;
        }
        if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          const tasks = (o.dag as { tasks?: { name?: string; depends?: string }[] } | undefined)?.tasks;
          if (Array.isArray(tasks)) {
            const names = tasks.map((t) => String(t.name));
            for (const t of tasks) {
              if (typeof t.depends === 'string')
                found.depends.push({ expr: t.depends, tasks: names, where: file });
            }
          }
          for (const [k, x] of Object.entries(o)) visit(x, k);
        }
      };
      visit(doc.toJS(), '');
    }
  }
  return found;
}

test('the examples\u2019 expressions and whens evaluate as Argo evaluates them; their depends parse', () => {
  const found = collect();
  assert.ok(found.expressions.length > 10, 'examples should contain expression tags');
  assert.ok(found.whens.length > 10, 'examples should contain when conditions');
  assert.ok(found.depends.length > 10, 'examples should contain depends');

  const requests: OracleRequest[] = [];
  const ours: { ok: boolean; value?: string }[] = [];
  for (const source of new Set(found.expressions)) {
    requests.push({ kind: 'expr', source, env: exprScope });
    try {
      ours.push({ ok: true, value: sortedJson(typed(run(source, buildExprEnv(exprScope)))) });
    } catch {
      ours.push({ ok: false });
    }
  }
  const whens = [...new Set(found.whens)].map((w) => {
    const scope: Scope = { ...exprScope };
    for (const tag of scanTags(w))
      if (tag.kind === 'simple' && !(tag.body in scope)) scope[tag.body] = whenValue(tag.body);
    return substituteString(w, scope);
  });
  for (const source of whens) {
    requests.push({ kind: 'when', source, env: {} });
    try {
      ours.push({ ok: true, value: sortedJson(evalWhen(source)) });
    } catch {
      ours.push({ ok: false });
    }
  }
  const theirs = runOracle(requests);
  const mismatches: string[] = [];
  requests.forEach((req, i) => {
    const want = theirs[i]!;
    const got = ours[i]!;
    const same = want.ok === got.ok && (!want.ok || sortedJson(want.value) === got.value);
    if (!same)
      mismatches.push(
        `${req.kind} ${req.source}: go ${want.ok ? sortedJson(want.value) : want.error}, ts ${got.ok ? got.value : 'error'}`,
      );
  });
  assert.deepEqual(mismatches, []);

  for (const d of found.depends) {
    for (const name of dependsTaskNames(d.expr))
      assert.ok(d.tasks.includes(name), `${d.where}: ${d.expr} names ${name}`);
    assert.equal(typeof evalDepends(d.expr, () => ({ phase: 'Succeeded' })), 'boolean');
  }
  console.log(
    `examples: ${new Set(found.expressions).size} expressions, ${whens.length} whens, ${found.depends.length} depends checked`,
  );
});
