/**
 * @module expressions/depends
 * DAG `depends` logic (dag.go): `A.Succeeded`, `A.Failed`, `A.Errored`, `A.Skipped`, `A.Omitted`,
 * `A.Daemoned`, `A.AnySucceeded`, `A.AllFailed`, a bare task name (shorthand for
 * `(A.Succeeded || A.Skipped || A.Daemoned)`, plus `|| A.Errored`/`|| A.Failed` under `continueOn`),
 * `&&`, `||`, `!` and parentheses. Task names may contain `-`, so the expression is tokenized here
 * rather than handed to an expression library.
 */
import { ExpressionError } from '../errors/index.ts';

export interface TaskFacts {
  phase: string | undefined;
  daemoned?: boolean;
  anySucceeded?: boolean;
  allFailed?: boolean;
  continueOnError?: boolean;
  continueOnFailed?: boolean;
}

type DTok =
  | { kind: 'op'; value: '&&' | '||' | '!' | '(' | ')' }
  | { kind: 'ref'; task: string; result: string | null };

const results = new Set([
  'Succeeded',
  'Failed',
  'Errored',
  'Skipped',
  'Omitted',
  'Daemoned',
  'AnySucceeded',
  'AllFailed',
]);

function tokenize(depends: string): DTok[] {
  const out: DTok[] = [];
  let i = 0;
  while (i < depends.length) {
    const c = depends[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (depends.startsWith('&&', i) || depends.startsWith('||', i)) {
      out.push({ kind: 'op', value: depends.slice(i, i + 2) as '&&' | '||' });
      i += 2;
    } else if (c === '!' || c === '(' || c === ')') {
      out.push({ kind: 'op', value: c });
      i++;
    } else {
      const m = /^[A-Za-z0-9_.-]+/.exec(depends.slice(i));
      if (!m) {
        throw new ExpressionError(`invalid 'depends' expression '${depends}': unexpected character '${c}'`, {
          hint: 'depends combines task names and TASK.Succeeded-style results with &&, || and !',
        });
      }
      const word = m[0];
      const dot = word.lastIndexOf('.');
      const suffix = dot > 0 ? word.slice(dot + 1) : '';
      if (dot > 0 && results.has(suffix)) out.push({ kind: 'ref', task: word.slice(0, dot), result: suffix });
      else out.push({ kind: 'ref', task: word, result: null });
      i += word.length;
    }
  }
  return out;
}

function isOp(t: DTok | undefined, value: string): boolean {
  return t !== undefined && t.kind === 'op' && t.value === value;
}

type DNode =
  | { type: 'ref'; task: string; result: string | null }
  | { type: 'not'; node: DNode }
  | { type: 'and' | 'or'; left: DNode; right: DNode };

function parseDepends(depends: string): DNode {
  const toks = tokenize(depends);
  let i = 0;
  const fail = (why: string): never => {
    throw new ExpressionError(`invalid 'depends' expression '${depends}': ${why}`, {
      hint: 'depends combines task names and TASK.Succeeded-style results with &&, || and !',
    });
  };
  const or = (): DNode => {
    let left = and();
    while (isOp(toks[i], '||')) {
      i++;
      left = { type: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): DNode => {
    let left = unary();
    while (isOp(toks[i], '&&')) {
      i++;
      left = { type: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): DNode => {
    const t = toks[i++];
    if (!t) return fail('unexpected end of expression');
    if (t.kind === 'ref') return { type: 'ref', task: t.task, result: t.result };
    if (t.value === '!') return { type: 'not', node: unary() };
    if (t.value === '(') {
      const inner = or();
      const close = toks[i++];
      if (close?.kind !== 'op' || close.value !== ')') fail('missing )');
      return inner;
    }
    return fail(`unexpected '${t.value}'`);
  };
  if (toks.length === 0) fail('empty expression');
  const root = or();
  if (i < toks.length) fail('unexpected trailing tokens');
  return root;
}

/** Task names referenced by a depends expression, in order of first appearance. */
export function dependsTaskNames(depends: string): string[] {
  const names: string[] = [];
  for (const t of tokenize(depends)) if (t.kind === 'ref' && !names.includes(t.task)) names.push(t.task);
  return names;
}

function resultHolds(result: string, f: TaskFacts): boolean {
  switch (result) {
    case 'Succeeded':
      return f.phase === 'Succeeded';
    case 'Failed':
      return f.phase === 'Failed';
    case 'Errored':
      return f.phase === 'Error';
    case 'Skipped':
      return f.phase === 'Skipped';
    case 'Omitted':
      return f.phase === 'Omitted';
    case 'Daemoned':
      return f.daemoned === true && f.phase !== 'Pending';
    case 'AnySucceeded':
      return f.anySucceeded === true;
    default:
      return f.allFailed === true;
  }
}

/** Evaluates a depends expression; `facts(task)` is undefined for a task with no node yet (all false). */
/** Parsed expressions by their text: a DAG evaluates each task's expression once per run of the task. */
const parsed = new Map<string, DNode>();
const parsedMax = 4096;

function parseOnce(depends: string): DNode {
  let root = parsed.get(depends);
  if (root === undefined) {
    root = parseDepends(depends);
    if (parsed.size >= parsedMax) parsed.clear();
    parsed.set(depends, root);
  }
  return root;
}

export function evalDepends(depends: string, facts: (task: string) => TaskFacts | undefined): boolean {
  const ev = (n: DNode): boolean => {
    switch (n.type) {
      case 'ref': {
        const f = facts(n.task) ?? { phase: undefined };
        if (n.result) return resultHolds(n.result, f);
        return (
          resultHolds('Succeeded', f) ||
          resultHolds('Skipped', f) ||
          resultHolds('Daemoned', f) ||
          (f.continueOnError === true && resultHolds('Errored', f)) ||
          (f.continueOnFailed === true && resultHolds('Failed', f))
        );
      }
      case 'not':
        return !ev(n.node);
      case 'and':
        return ev(n.left) && ev(n.right);
      case 'or':
        return ev(n.left) || ev(n.right);
    }
  };
  return ev(parseOnce(depends));
}

/** `dependencies: [A, B]` → the equivalent depends expression (each task under its own continueOn). */
export function dependenciesToDepends(
  deps: string[],
  continueOn: (task: string) => { error?: boolean; failed?: boolean } | undefined,
): string {
  return deps
    .map((d) => {
      const c = continueOn(d);
      let s = `(${d}.Succeeded || ${d}.Skipped || ${d}.Daemoned`;
      if (c?.error) s += ` || ${d}.Errored`;
      if (c?.failed) s += ` || ${d}.Failed`;
      return `${s})`;
    })
    .join(' && ');
}
