/**
 * @module controller/references
 * Resolving what a step or task refers to from its scope: artifact arguments given by `from` or
 * `fromExpression`, and whether the enclosing template reads a child's `outputs.result` (only then is the
 * child's stdout captured, as Argo's includeScriptOutput decides).
 */

import type { Scope } from '../expressions/index.ts';
import type { Artifact, StepOrTask } from '../spec/types.ts';
import { type LocalScope, resolveArtifactRef } from './scope.ts';

/** Replaces `from` / `fromExpression` artifact arguments by the artifacts they name. */
export function resolveStepArtifacts<T extends StepOrTask>(step: T, scope: LocalScope): T {
  const arts = step.arguments?.artifacts;
  if (!arts?.some((a) => a.from || a.fromExpression)) return step;
  const resolved: Artifact[] = [];
  for (const a of arts) {
    if (!a.from && !a.fromExpression) {
      resolved.push(a);
      continue;
    }
    const ref = a.fromExpression ? `{{=${a.fromExpression}}}` : a.from!;
    try {
      const r = resolveArtifactRef(scope, ref);
      const out: Artifact = { ...r, name: a.name };
      delete out.globalName;
      delete out.from;
      delete out.fromExpression;
      if (a.optional) out.optional = true;
      // an argument may pick a path inside the artifact it passes on
      if (a.subPath) out.subPath = a.subPath;
      resolved.push(out);
    } catch (e) {
      if (a.optional) continue;
      throw e;
    }
  }
  return { ...step, arguments: { ...step.arguments, artifacts: resolved } };
}

/**
 * An argument whose whole value refers to an absent optional output (a skipped producer without a
 * default) is left out, so that the input's own default applies; without one the input is reported as
 * not supplied.
 */
export function dropAbsentArguments<T extends StepOrTask>(step: T, params: Scope): T {
  const list = step.arguments?.parameters;
  if (!list?.length) return step;
  const keep = list.filter((p) => {
    const m = p.value === undefined ? null : /^\{\{\s*([^{}=][^{}]*?)\s*\}\}$/.exec(p.value);
    if (!m) return true;
    const key = m[1]!;
    return !(key in params && params[key] === null);
  });
  if (keep.length === list.length) return step;
  return { ...step, arguments: { ...step.arguments, parameters: keep } };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const cache = new Map<string, RegExp>();

/**
 * `captureResultFor` answered once per child name of one template (the template text does not change
 * while it runs; testing it for every loop item or task made large templates quadratic).
 */
export class CaptureResult {
  readonly #text: string;
  readonly #kind: 'steps' | 'tasks';
  readonly #answers = new Map<string, boolean>();
  /** No result is read at all: every answer is no, without scanning the text once per name. */
  readonly #none: boolean;

  constructor(templateJson: string, kind: 'steps' | 'tasks') {
    this.#text = templateJson;
    this.#kind = kind;
    this.#none = !templateJson.includes('outputs.result');
  }

  for(name: string): boolean {
    if (this.#none) return false;
    let a = this.#answers.get(name);
    if (a === undefined) {
      a = captureResultFor(this.#text, this.#kind, name);
      this.#answers.set(name, a);
    }
    return a;
  }
}

/**
 * True when the template text refers to `<kind>.<name>.outputs.result` in a simple tag or an expression
 * (`steps.x.outputs.result`, `steps['x'].outputs.result`, `steps["x"].outputs.result`).
 */
export function captureResultFor(templateJson: string, kind: 'steps' | 'tasks', name: string): boolean {
  const key = `${kind}\u0000${name}`;
  let re = cache.get(key);
  if (!re) {
    const n = escapeRegExp(name);
    re = new RegExp(`${kind}(?:\\.${n}|\\[\\s*\\\\?['"]${n}\\\\?['"]\\s*\\])\\.outputs\\.result`);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, re);
  }
  return re.test(templateJson);
}
