/**
 * @module spec/validate/arguments
 * Arguments and inputs (Argo's validateArguments and ProcessArgs): argument names and values, enums,
 * artifact sources, and whether a call supplies every input a template requires.
 */
import type { FieldPath } from '../field-path.ts';
import type { Arguments, Artifact, ArtifactLocation, Parameter, Template } from '../types.ts';
import { type ArgsProvider, argArtifact, argParameter } from './context.ts';
import { checkFieldNames } from './names.ts';

export interface ArgumentProblem {
  message: string;
  /** Path relative to the `arguments` object. */
  path: FieldPath;
}

const locationKeys = [
  's3',
  'git',
  'http',
  'artifactory',
  'hdfs',
  'raw',
  'oss',
  'gcs',
  'azure',
  'plugin',
] as const;

/** The artifact says where it lives (a location, or a key in the default repository). */
export function hasLocationOrKey(a: ArtifactLocation | undefined): boolean {
  if (!a) return false;
  return locationKeys.some((k) => {
    const v = a[k];
    return typeof v === 'object' && v !== null && Object.keys(v).length > 0;
  });
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/**
 * Argo's validateArguments. `prefix` is Argo's message prefix (`spec.arguments.`,
 * `templates.main.steps[0].a.arguments.`); `allowEmptyValues` is true when linting workflow arguments.
 */
export function checkArguments(
  prefix: string,
  args: Arguments | undefined,
  allowEmptyValues: boolean,
): ArgumentProblem | undefined {
  const params = args?.parameters ?? [];
  const arts = args?.artifacts ?? [];
  for (const [field, list] of [
    ['parameters', params],
    ['artifacts', arts],
  ] as const) {
    const bad = checkFieldNames(list, 'param');
    if (bad) return { message: `${prefix}${field}${bad.message}`, path: [field, bad.index, 'name'] };
  }
  for (const [i, p] of params.entries()) {
    const where = (...rest: (string | number)[]): FieldPath => ['parameters', i, ...rest];
    const vf = p.valueFrom;
    if (!isSet(vf) && !isSet(p.value) && !allowEmptyValues) {
      return {
        message: `${prefix}${p.name}.value or ${prefix}${p.name}.valueFrom is required`,
        path: where(),
      };
    }
    if (vf) {
      const allowed = isSet(vf.configMapKeyRef) || !!vf.event || isSet(vf.supplied);
      const forbidden = !!(vf.path || vf.jsonPath || vf.parameter || vf.expression);
      if (!allowed || forbidden) {
        return {
          message: `${prefix}${p.name}.valueFrom only allows: default, configMapKeyRef and supplied`,
          path: where('valueFrom'),
        };
      }
    }
    if (p.enum !== undefined && p.enum !== null) {
      if (p.enum.length === 0) {
        return { message: `${prefix}${p.name}.enum should contain at least one value`, path: where('enum') };
      }
      if (!isSet(p.value)) {
        // Argo stops checking the remaining arguments here when empty values are allowed.
        if (allowEmptyValues) return undefined;
        return { message: `${prefix}${p.name}.value is required`, path: where() };
      }
      if (!p.enum.includes(p.value as string)) {
        return {
          message: `${prefix}${p.name}.value should be present in ${prefix}${p.name}.enum list`,
          path: where('value'),
        };
      }
    }
  }
  for (const [i, a] of arts.entries()) {
    if (!a.from && !hasLocationOrKey(a)) {
      return {
        message: `${prefix}${a.name}.from, artifact location, or key is required`,
        path: ['artifacts', i],
      };
    }
    if (a.from && a.fromExpression) {
      return {
        message: `${prefix}${a.name} shouldn't have both \`from\` and \`fromExpression\` in Artifact`,
        path: ['artifacts', i],
      };
    }
  }
  return undefined;
}

/** Input values after applying defaults and arguments (`undefined` = no value). */
export type InputValues = Map<string, string | undefined>;

/**
 * Argo's ProcessArgs, as validation uses it: every input parameter without a default must be supplied
 * (or come from a ConfigMap), every non-optional input artifact without a location must be passed.
 * Returns the error text (without the `templates.<name>` prefix) or the resolved input values.
 */
export function processArgs(
  tmpl: Template,
  provider: ArgsProvider,
): { error: string } | { values: InputValues } {
  const values: InputValues = new Map();
  for (const input of tmpl.inputs?.parameters ?? []) {
    let value: unknown = isSet(input.value) ? input.value : input.default;
    let valueFrom: Parameter['valueFrom'] = input.valueFrom;
    const arg = argParameter(provider, input.name);
    if (arg) {
      if (isSet(arg.value)) {
        value = arg.value;
        valueFrom = undefined;
      } else {
        value = undefined;
        valueFrom = arg.valueFrom;
      }
    }
    if (!(valueFrom && isSet(valueFrom.configMapKeyRef)) && !isSet(value)) {
      return { error: `inputs.parameters.${input.name} was not supplied` };
    }
    values.set(input.name, typeof value === 'string' ? value : undefined);
  }
  for (const input of tmpl.inputs?.artifacts ?? []) {
    if (!input.optional && !hasLocationOrKey(input) && !argArtifact(provider, input.name)) {
      return { error: `inputs.artifacts.${input.name} was not supplied` };
    }
  }
  return { values };
}

/** Argo's Artifact.CleanPath check: a path is required and may not climb out with `..`. */
export function cleanPathError(a: Artifact): string | undefined {
  const path = a.path ?? '';
  if (path === '') return `Artifact '${a.name}' did not specify a path`;
  let safeDir = '';
  const mid = path.indexOf('/../');
  if (mid >= 0) safeDir = path.slice(0, mid);
  else if (path.endsWith('/..')) safeDir = path.slice(0, -3);
  if (safeDir.length > 0) {
    const cleaned = cleanPosixPath(path);
    const prefix = `${safeDir}/`;
    if (!cleaned.startsWith(prefix) || cleaned.length <= prefix.length) {
      return `Artifact '${a.name}' attempted to use a path containing '..'. Directory traversal is not permitted`;
    }
  }
  return undefined;
}

/** Go's path.Clean for slash-separated paths. */
export function cleanPosixPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}
