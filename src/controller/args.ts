/**
 * @module controller/args
 * Binds a template's inputs to the arguments it was called with and substitutes them into the template
 * (Argo's common.ProcessArgs / SubstituteParams): defaults, `configMapKeyRef`, enums, input artifacts, then
 * two substitution passes — globals and locals (`pod.name`, `node.name`, `retries`) first, then
 * `inputs.*` and the `outputs.*.path` variables. Tags that cannot be resolved yet (`steps.*`, `tasks.*`,
 * `item`) stay for later passes.
 */

import { SpecError } from '../errors/index.ts';
import { type Scope, substituteJson } from '../expressions/index.ts';
import type { Arguments, Artifact, Parameter, Template } from '../spec/types.ts';
import type { ConfigMapLookup } from './options.ts';

export interface ProcessArgsContext {
  globals: Scope;
  locals: Record<string, string>;
  namespace: string;
  configMaps?: ConfigMapLookup;
}

/** Reads a `configMapKeyRef`; throws with Argo's wording when the ConfigMap or key is missing. */
export function readConfigMapKey(
  ref: { name: string; key: string; optional?: boolean },
  namespace: string,
  configMaps: ConfigMapLookup | undefined,
): string | undefined {
  const data = configMaps?.(namespace, ref.name);
  if (!data) {
    if (ref.optional) return undefined;
    throw new SpecError(`failed to get configmap '${ref.name}' in namespace '${namespace}'`, {
      hint: 'pass the ConfigMap to nuncio, e.g. put its YAML in the --templates directory or the same file',
    });
  }
  const v = data[ref.key];
  if (v === undefined) {
    if (ref.optional) return undefined;
    throw new SpecError(`ConfigMap '${ref.name}' does not have the key '${ref.key}'`);
  }
  return v;
}

function argParam(args: Arguments | undefined, name: string): Parameter | undefined {
  return args?.parameters?.find((p) => p.name === name);
}

function argArtifact(args: Arguments | undefined, name: string): Artifact | undefined {
  return args?.artifacts?.find((a) => a.name === name);
}

const locationKeys = [
  'raw',
  'http',
  's3',
  'git',
  'gcs',
  'azure',
  'oss',
  'hdfs',
  'artifactory',
  'plugin',
  'local',
] as const;

export function hasLocation(a: Artifact): boolean {
  return locationKeys.some((k) => a[k] !== undefined);
}

/** Binds inputs to arguments and substitutes; throws SpecError with Argo's messages. */
export function processArgs(tmpl: Template, args: Arguments | undefined, ctx: ProcessArgsContext): Template {
  const t: Template = { ...tmpl };
  if (tmpl.inputs) {
    t.inputs = { ...tmpl.inputs };
    if (tmpl.inputs.parameters) {
      t.inputs.parameters = tmpl.inputs.parameters.map((p) => bindParameter(p, args, ctx));
    }
    if (tmpl.inputs.artifacts) {
      t.inputs.artifacts = tmpl.inputs.artifacts.map((a) => bindArtifact(a, args));
    }
  }
  return substituteParams(t, ctx);
}

function bindParameter(p: Parameter, args: Arguments | undefined, ctx: ProcessArgsContext): Parameter {
  const out: Parameter = { ...p };
  if (out.value === undefined && out.default !== undefined) out.value = out.default;
  const a = argParam(args, p.name);
  if (a) {
    if (a.value !== undefined) out.value = a.value;
    else if (a.valueFrom) out.valueFrom = a.valueFrom;
  }
  const cm = out.valueFrom?.configMapKeyRef;
  if (cm) {
    try {
      const v = readConfigMapKey(cm, ctx.namespace, ctx.configMaps);
      if (v !== undefined) out.value = v;
    } catch (e) {
      if (out.default === undefined) throw e;
      out.value = out.default;
    }
  }
  if (out.value === undefined && !out.valueFrom) {
    throw new SpecError(`inputs.parameters.${p.name} was not supplied`);
  }
  if (out.enum && out.value !== undefined && !out.enum.includes(out.value)) {
    throw new SpecError(
      `value '${out.value}' of inputs.parameters.${p.name} is not in its enum ${JSON.stringify(out.enum)}`,
    );
  }
  return out;
}

function bindArtifact(a: Artifact, args: Arguments | undefined): Artifact {
  const arg = argArtifact(args, a.name);
  if (arg && hasLocation(arg)) {
    const out: Artifact = { ...a };
    for (const k of locationKeys) delete out[k];
    for (const k of locationKeys)
      if (arg[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = arg[k];
    if (arg.archive && !a.archive) out.archive = arg.archive;
    if (arg.subPath && !a.subPath) out.subPath = arg.subPath;
    return out;
  }
  if (arg?.optional || a.optional) return { ...a, optional: true };
  if (!hasLocation(a) && !a.from && !a.fromExpression) {
    throw new SpecError(`inputs.artifacts.${a.name} was not supplied`);
  }
  return a;
}

/** The two substitution passes of Argo's SubstituteParams. */
export function substituteParams(tmpl: Template, ctx: ProcessArgsContext): Template {
  const first = Object.create(ctx.globals) as Scope;
  for (const [k, v] of Object.entries(ctx.locals)) first[k] = v;
  const globalsReplaced = substituteJson(tmpl, first);
  const second = Object.create(first) as Scope;
  for (const p of globalsReplaced.inputs?.parameters ?? []) {
    if (p.value !== undefined) second[`inputs.parameters.${p.name}`] = p.value;
  }
  second['inputs.parameters'] = JSON.stringify(globalsReplaced.inputs?.parameters ?? []);
  for (const a of globalsReplaced.inputs?.artifacts ?? []) {
    if (a.path) second[`inputs.artifacts.${a.name}.path`] = a.path;
  }
  for (const a of globalsReplaced.outputs?.artifacts ?? []) {
    if (a.path) second[`outputs.artifacts.${a.name}.path`] = a.path;
  }
  for (const p of globalsReplaced.outputs?.parameters ?? []) {
    if (p.valueFrom?.path) second[`outputs.parameters.${p.name}.path`] = p.valueFrom.path;
  }
  return substituteJson(globalsReplaced, second);
}
