/**
 * @module controller/scope
 * The local scope of a steps or DAG template (Argo's wfScope): `steps.<name>.*` / `tasks.<name>.*`
 * variables from completed children, aggregated loop outputs, and the artifacts they produced; and the
 * resolution of a steps/DAG template's own outputs (`valueFrom.parameter`, `valueFrom.expression`,
 * artifact `from`) from it.
 */

import { ExpressionError } from '../errors/index.ts';
import { evaluate, type Scope } from '../expressions/index.ts';
import type { Artifact, NodeStatus, Outputs, Template } from '../spec/types.ts';

export class LocalScope {
  /** String variables; prototype is the global scope so lookups fall through to `workflow.*`. */
  readonly params: Scope;
  readonly artifacts = new Map<string, Artifact>();
  /** `workflow.outputs.artifacts.*`, shared with the run. */
  readonly globalArtifacts: ReadonlyMap<string, Artifact>;
  /** The steps/DAG template whose scope this is (its `inputs.artifacts` can be passed on with `from`). */
  readonly template: Template | undefined;

  constructor(
    globals: Scope,
    globalArtifacts: ReadonlyMap<string, Artifact> = new Map(),
    template?: Template,
  ) {
    this.params = Object.create(globals) as Scope;
    this.globalArtifacts = globalArtifacts;
    this.template = template;
    // Argo's createScope: the template's inputs are in its own scope (e.g. for valueFrom.expression)
    for (const p of template?.inputs?.parameters ?? []) {
      if (p.value !== undefined) this.params[`inputs.parameters.${p.name}`] = p.value;
    }
    for (const a of template?.inputs?.artifacts ?? []) this.artifacts.set(`inputs.artifacts.${a.name}`, a);
  }

  set(key: string, value: string | null): void {
    this.params[key] = value;
  }
}

/**
 * Argo's buildLocalScope: what a completed step/task exposes under `prefix` (`steps.x`, `tasks.y`). A
 * Skipped or Omitted node exposes the output parameters its template declares: their `valueFrom.default`,
 * or an absent value (null) that `??` can replace and that a plain reference must not use.
 */
export function addNodeToScope(
  scope: LocalScope,
  prefix: string,
  node: NodeStatus,
  declared?: Outputs,
): void {
  scope.set(`${prefix}.id`, node.id);
  if (node.startedAt) scope.set(`${prefix}.startedAt`, node.startedAt);
  if (node.finishedAt) scope.set(`${prefix}.finishedAt`, node.finishedAt);
  if (node.podIP) scope.set(`${prefix}.ip`, node.podIP);
  if (node.hostNodeName) scope.set(`${prefix}.hostNodeName`, node.hostNodeName);
  scope.set(`${prefix}.status`, node.phase);
  if (node.type === 'Skipped' && (node.phase === 'Skipped' || node.phase === 'Omitted') && !node.outputs) {
    for (const p of declared?.parameters ?? []) {
      scope.set(`${prefix}.outputs.parameters.${p.name}`, p.valueFrom?.default ?? null);
    }
    return;
  }
  addOutputsToScope(scope, prefix, node.outputs);
}

export function addOutputsToScope(scope: LocalScope, prefix: string, outputs: Outputs | undefined): void {
  if (!outputs) return;
  if (outputs.result !== undefined) scope.set(`${prefix}.outputs.result`, outputs.result);
  if (outputs.exitCode !== undefined) scope.set(`${prefix}.exitCode`, outputs.exitCode);
  for (const p of outputs.parameters ?? []) {
    scope.set(`${prefix}.outputs.parameters.${p.name}`, p.value ?? null);
  }
  for (const a of outputs.artifacts ?? []) scope.artifacts.set(`${prefix}.outputs.artifacts.${a.name}`, a);
}

/**
 * Outputs of a loop (Argo's processAggregateNodeOutputs), from the Succeeded children in item order:
 * `outputs.result` is a JSON list of each result parsed as JSON, `outputs.parameters` a JSON list of
 * `{name: value}` maps, and `outputs.parameters.<p>` a JSON list of values.
 */
export function addAggregateToScope(scope: LocalScope, prefix: string, children: NodeStatus[]): void {
  const results: unknown[] = [];
  const paramMaps: Record<string, string>[] = [];
  const valueLists = new Map<string, string[]>();
  for (const child of children) {
    if (child.phase !== 'Succeeded' || !child.outputs) continue;
    const params = child.outputs.parameters ?? [];
    if (params.length) {
      const m: Record<string, string> = {};
      for (const p of params) {
        const v = p.value ?? '';
        m[p.name] = v;
        let list = valueLists.get(p.name);
        if (!list) {
          list = [];
          valueLists.set(p.name, list);
        }
        list.push(v);
      }
      paramMaps.push(m);
    }
    if (child.outputs.result !== undefined) {
      try {
        results.push(JSON.parse(child.outputs.result));
      } catch (e) {
        throw new ExpressionError(
          `unable to aggregate the result '${child.outputs.result}' of ${child.name}: it is not JSON`,
          { cause: e },
        );
      }
    }
  }
  scope.set(`${prefix}.outputs.result`, JSON.stringify(results));
  scope.set(`${prefix}.outputs.parameters`, JSON.stringify(paramMaps));
  for (const [name, values] of valueLists) {
    scope.set(`${prefix}.outputs.parameters.${name}`, aggregatedValueList(values));
  }
}

/** Values are embedded as JSON only when every one of them is a JSON object or list. */
function aggregatedValueList(values: string[]): string {
  const parsed: unknown[] = [];
  for (const v of values) {
    let p: unknown;
    try {
      p = JSON.parse(v);
    } catch {
      return JSON.stringify(values);
    }
    if (typeof p !== 'object' || p === null) return JSON.stringify(values);
    parsed.push(p);
  }
  return JSON.stringify(parsed);
}

function tagKey(v: string): string {
  let s = v.trim();
  if (s.startsWith('{{')) s = s.slice(2);
  if (s.endsWith('}}')) s = s.slice(0, -2);
  return s.trim();
}

/** Argo's wfScope.resolveVar for `valueFrom.parameter`. */
export function resolveParameterRef(scope: LocalScope, ref: string): string | null {
  const key = tagKey(ref);
  if (key in scope.params) return scope.params[key] ?? null;
  throw new ExpressionError(`Unable to resolve: {{${key}}}`);
}

/** Artifact references (`from`, `fromExpression`) against the scope and the template's inputs. */
export function resolveArtifactRef(
  scope: LocalScope,
  ref: string,
  tmpl: Template | undefined = scope.template,
): Artifact {
  const t = ref.trim();
  if (t.startsWith('{{=')) {
    const source = t.slice(3, -2);
    const value = evaluate(source, scope.params, artifactEnv(scope));
    if (value && typeof value === 'object' && 'name' in value) return { ...(value as Artifact) };
    throw new ExpressionError(`Unable to resolve: ${t}`);
  }
  const key = tagKey(t);
  const art = scope.artifacts.get(key) ?? scope.globalArtifacts.get(key);
  if (art) return { ...art };
  const m = /^inputs\.artifacts\.([^.]+)$/.exec(key);
  if (m) {
    const input = tmpl?.inputs?.artifacts?.find((a) => a.name === m[1]);
    if (input) return { ...input };
  }
  throw new ExpressionError(`Unable to resolve: {{${key}}}`);
}

/** Artifacts as nested objects for `fromExpression` (e.g. `tasks.a.outputs.artifacts.x`). */
function artifactEnv(scope: LocalScope): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const [key, art] of scope.artifacts) {
    const parts = key.split('.');
    let cur = env;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i]!;
      if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
      cur = cur[p] as Record<string, unknown>;
    }
    cur[parts[parts.length - 1]!] = art;
  }
  return env;
}

/** Argo's getTemplateOutputsFromScope for steps and DAG templates. */
export function templateOutputsFromScope(tmpl: Template, scope: LocalScope): Outputs | undefined {
  const spec = tmpl.outputs;
  if (!spec || (!spec.parameters?.length && !spec.artifacts?.length && spec.result === undefined))
    return undefined;
  const out: Outputs = {};
  if (spec.parameters?.length) {
    out.parameters = spec.parameters.map((p) => {
      const vf = p.valueFrom;
      if (!vf) throw new ExpressionError('output parameters must have a valueFrom specified');
      let value: string | null;
      try {
        if (vf.expression) value = stringifyValue(evaluate(vf.expression, scope.params));
        else if (vf.parameter !== undefined) value = resolveParameterRef(scope, vf.parameter);
        else if (vf.supplied) value = null;
        else value = null;
        if (value === null && vf.default !== undefined) value = vf.default;
      } catch (e) {
        if (vf.default === undefined) throw e;
        value = vf.default;
      }
      const { valueFrom: _drop, ...rest } = p;
      return value === null ? rest : { ...rest, value };
    });
  }
  if (spec.artifacts?.length) {
    const arts: Artifact[] = [];
    for (const a of spec.artifacts) {
      const ref = a.fromExpression ? `{{=${a.fromExpression}}}` : a.from;
      if (!ref) continue;
      try {
        const r = resolveArtifactRef(scope, ref, tmpl);
        r.name = a.name;
        if (a.globalName) r.globalName = a.globalName;
        else delete r.globalName;
        arts.push(r);
      } catch (e) {
        if (a.optional) continue;
        throw e;
      }
    }
    out.artifacts = arts;
  }
  return out;
}

/** An expression result as Argo stores it in a parameter: strings as they are, the rest as JSON. */
export function stringifyValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  return JSON.stringify(v);
}
