/**
 * DAG `depends` logic (reference argo.md §b.2, §b.4).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ExpressionError } from '../errors/index.ts';
import { dependenciesToDepends, dependsTaskNames, evalDepends, type TaskFacts } from './index.ts';

const facts =
  (table: Record<string, TaskFacts>) =>
  (task: string): TaskFacts | undefined =>
    table[task];

describe('depends', () => {
  test('each task result reads the task phase', () => {
    const f = facts({
      A: { phase: 'Succeeded' },
      B: { phase: 'Failed' },
      C: { phase: 'Error' },
      D: { phase: 'Skipped' },
      E: { phase: 'Omitted' },
      F: { phase: 'Running', daemoned: true },
      G: { phase: 'Failed', anySucceeded: true, allFailed: false },
    });
    assert.equal(
      evalDepends('A.Succeeded && B.Failed && C.Errored && D.Skipped && E.Omitted && F.Daemoned', f),
      true,
    );
    assert.equal(evalDepends('G.AnySucceeded && !G.AllFailed', f), true);
    assert.equal(evalDepends('A.Failed || B.Succeeded', f), false);
  });

  test('a bare name means Succeeded, Skipped or Daemoned, plus Errored/Failed under continueOn', () => {
    assert.equal(evalDepends('A', facts({ A: { phase: 'Skipped' } })), true);
    assert.equal(evalDepends('A', facts({ A: { phase: 'Failed' } })), false);
    assert.equal(evalDepends('A', facts({ A: { phase: 'Failed', continueOnFailed: true } })), true);
    assert.equal(evalDepends('A', facts({ A: { phase: 'Error', continueOnError: true } })), true);
    assert.equal(evalDepends('A', facts({ A: { phase: 'Error', continueOnFailed: true } })), false);
  });

  test('task names with dashes, negation and parentheses', () => {
    const f = facts({ 'flip-coin': { phase: 'Succeeded' }, 'gen-1': { phase: 'Failed' } });
    assert.equal(evalDepends('flip-coin.Succeeded && !(gen-1.Succeeded || gen-1.Skipped)', f), true);
  });

  test('a task with no node yet satisfies nothing', () => {
    assert.equal(evalDepends('A.Succeeded || A.Failed', facts({})), false);
    assert.equal(evalDepends('!A.Succeeded', facts({})), true);
  });

  test('referenced task names, once each, in order', () => {
    assert.deepEqual(dependsTaskNames('(A.Succeeded || b-2) && !A.Failed && C.AnySucceeded'), [
      'A',
      'b-2',
      'C',
    ]);
  });

  test('dependencies convert to the equivalent depends', () => {
    const s = dependenciesToDepends(['A', 'B'], (t) =>
      t === 'B' ? { error: true, failed: true } : undefined,
    );
    assert.equal(
      s,
      '(A.Succeeded || A.Skipped || A.Daemoned) && (B.Succeeded || B.Skipped || B.Daemoned || B.Errored || B.Failed)',
    );
    const f = facts({ A: { phase: 'Succeeded' }, B: { phase: 'Failed' } });
    assert.equal(evalDepends(s, f), true);
  });

  test('malformed expressions fail with an ExpressionError', () => {
    for (const bad of ['A &&', '(A', 'A $ B', '']) {
      assert.throws(() => evalDepends(bad, facts({})), ExpressionError, bad);
    }
  });
});
