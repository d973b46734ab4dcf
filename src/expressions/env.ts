/**
 * @module expressions/env
 * Builds the env an `{{= ...}}` expression runs in from the flat variable scope, as Argo's
 * `util/expr/env.GetFuncMap` does: dotted keys become nested maps (`inputs.parameters.x` →
 * `inputs → parameters → x`); when a key is a prefix of another (`workflow.parameters` and
 * `workflow.parameters.x`) the less specific one is dropped; then Argo's functions are added on top:
 * `asInt`, `asFloat`, `jsonpath`, `toJson` and the `sprig` namespace.
 */
import { ExpressionError } from '../errors/index.ts';
import { floatOf, intOf } from './expr/builtins.ts';
import { Panic } from './expr/errors.ts';
import type { Env } from './expr/evaluate.ts';
import { jsonPathQuery } from './expr/jsonpath.ts';
import { sprigFunctions } from './expr/sprig.ts';
import { fromPlain, GoFunc, type GoMap, isMap, newMap, type Value } from './expr/values.ts';
import { compareUtf8, goJsonMarshal } from './quote.ts';
import { lookup, type Scope } from './scope.ts';

let sprigMap: Value | undefined;

const argoFunctions: Record<string, () => Value> = {
  asInt: () => new GoFunc('asInt', ['any'], null, (x) => intOf(x!)),
  asFloat: () => new GoFunc('asFloat', ['any'], null, (x) => floatOf(x!)),
  jsonpath: () =>
    new GoFunc('jsonpath', ['string', 'string'], null, (doc, path) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(doc as string);
      } catch (e) {
        throw new Panic((e as Error).message);
      }
      return jsonPathQuery(path as string, fromPlain(parsed));
    }),
  toJson: () =>
    new GoFunc('toJson', ['any'], null, (v) => {
      try {
        return goJsonMarshal(v!);
      } catch (e) {
        throw new Panic((e as Error).message);
      }
    }),
  sprig: () => {
    sprigMap ??= sprigFunctions();
    return sprigMap;
  },
};

/** Every key of a scope, including those inherited through its prototype chain. */
export function scopeKeys(scope: Scope): string[] {
  const keys: string[] = [];
  for (const k in scope) if (lookup(scope, k) !== undefined) keys.push(k);
  return keys;
}

/** The nested variable maps only (no functions): Argo's `expand.Expand`. */
export function expandScope(scope: Scope): GoMap {
  const keys = scopeKeys(scope).sort(compareUtf8);
  const out = newMap();
  keys.forEach((key, i) => {
    const next = keys[i + 1];
    if (next?.startsWith(`${key}.`)) return;
    const parts = key.split('.');
    let cur = out;
    for (const part of parts.slice(0, -1)) {
      const existing = cur[part];
      if (!isMap(existing ?? null) || existing === null) {
        const fresh = newMap();
        cur[part] = fresh;
        cur = fresh;
      } else cur = existing as GoMap;
    }
    const last = parts[parts.length - 1]!;
    const value = lookup(scope, key);
    // A conflicting shorter key that survived (`a` beside `a-b` and `a.c`) never replaces a map.
    if (isMap(cur[last] ?? null) && cur[last] !== null) return;
    cur[last] = value === undefined ? null : value;
  });
  return out;
}

/** The expression env for a scope: nested variables plus Argo's functions (which win over variables). */
export function buildEnv(scope: Scope): Record<string, unknown> {
  return buildExprEnv(scope);
}

/** Lays `extra` over `into`: a map over a map merges key by key, anything else replaces. */
function layer(into: GoMap, extra: GoMap): void {
  for (const [k, v] of Object.entries(extra)) {
    const cur = into[k];
    if (v !== null && isMap(v) && cur !== undefined && cur !== null && isMap(cur)) layer(cur, v);
    else into[k] = v;
  }
}

/**
 * The env for the scope with `extra` variables laid over it (maps merge, so extra
 * `steps.a.outputs.artifacts.x` keeps the scope's `steps.a.outputs.result`).
 */
export function buildExprEnv(scope: Scope, extra?: Record<string, unknown>): Env {
  const env: Env = expandScope(scope);
  if (extra) layer(env as GoMap, fromPlain(extra) as GoMap);
  for (const [name, make] of Object.entries(argoFunctions)) env[name] = make();
  return env;
}

/** Argo's `hasVarInEnv`: whether a dotted identifier path resolves in the env (a nil value counts). */
export function hasVarInEnv(env: Env, path: string): boolean {
  if (Object.hasOwn(env, path)) return true;
  const parts = path.split('.');
  let current: Value = env as Value;
  for (const part of parts) {
    if (current === null || !isMap(current) || !Object.hasOwn(current, part)) return false;
    current = current[part]!;
  }
  return true;
}

export function assertScope(scope: unknown): asserts scope is Scope {
  if (scope === null || typeof scope !== 'object')
    throw new ExpressionError('the variable scope must be an object');
}
