/**
 * @module spec/validate/outputs
 * Output checks (Argo's validateOutputs): names, variables used in outputs, artifact paths, output
 * parameter sources per template type, and `globalName`s.
 */
import type { Parameter } from '../types.ts';
import { TemplateType, templateType } from '../types.ts';
import { cleanPathError } from './arguments.ts';
import { Invalid, type TemplateHandle, type ValidationState } from './context.ts';
import { checkFieldNames, isParameter, paramOrArtifactNameErrors } from './names.ts';
import { findUnresolved, type Scope, unresolvedMessage } from './scope.ts';
import { isLeaf } from './template-kinds.ts';

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

/** Argo's validateOutputParameter: exactly one of `value` / a single `valueFrom` source. */
function outputParameterError(ref: string, p: Parameter): string | undefined {
  if (isSet(p.valueFrom) && isSet(p.value))
    return `${ref} has both valueFrom and value specified, choose one`;
  if (isSet(p.value)) return undefined;
  const vf = p.valueFrom;
  if (!vf) return `${ref} does not have valueFrom or value specified`;
  const sources = [vf.path, vf.jqFilter, vf.jsonPath, vf.parameter, vf.expression].filter((s) => !!s).length;
  const count = sources + (isSet(vf.supplied) ? 1 : 0);
  if (count === 0) {
    return 'valueFrom type unspecified. choose one of: path, jqFilter, jsonPath, parameter, raw, expression';
  }
  if (count > 1)
    return 'multiple valueFrom types specified. choose one of: path, jqFilter, jsonPath, parameter, raw';
  return undefined;
}

export function checkOutputs(handle: TemplateHandle, scope: Scope, state: ValidationState): void {
  const { tmpl, loc } = handle;
  const name = tmpl.name ?? '';
  const at = (...rest: (string | number)[]) => ({ doc: loc.doc, path: [...loc.path, 'outputs', ...rest] });
  const params = tmpl.outputs?.parameters ?? [];
  const arts = tmpl.outputs?.artifacts ?? [];
  const badParam = checkFieldNames(params, 'param');
  if (badParam) {
    throw new Invalid(
      `templates.${name}.outputs.parameters ${badParam.message}`,
      at('parameters', badParam.index),
    );
  }
  const badArt = checkFieldNames(arts, 'param');
  if (badArt) {
    throw new Invalid(`templates.${name}.outputs.artifacts ${badArt.message}`, at('artifacts', badArt.index));
  }
  const unresolved = findUnresolved(tmpl.outputs, at().path, scope, state);
  if (unresolved) {
    throw new Invalid(`templates.${name}.outputs ${unresolvedMessage(unresolved)}`, {
      doc: loc.doc,
      path: unresolved.path,
    });
  }
  const leaf = isLeaf(tmpl);
  for (const [i, a] of arts.entries()) {
    const ref = `outputs.artifacts.${a.name}`;
    if (leaf) {
      const err = cleanPathError(a);
      if (err) throw new Invalid(`error in templates.${name}.${ref}: ${err}`, at('artifacts', i));
    } else if (a.path) {
      throw new Invalid(
        `templates.${name}.${ref}.path only valid in container/script templates`,
        at('artifacts', i, 'path'),
      );
    }
    if (a.globalName && !isParameter(a.globalName)) {
      const errs = paramOrArtifactNameErrors(a.globalName);
      if (errs.length) {
        throw new Invalid(
          `templates.${name}.${ref}.globalName: ${errs[0]}`,
          at('artifacts', i, 'globalName'),
        );
      }
    }
  }
  const type = templateType(tmpl);
  for (const [i, p] of params.entries()) {
    const ref = `templates.${name}.outputs.parameters.${p.name}`;
    const err = outputParameterError(ref, p);
    if (err) throw new Invalid(err, at('parameters', i));
    const vf = p.valueFrom;
    if (vf) {
      if (
        type === TemplateType.Container ||
        type === TemplateType.ContainerSet ||
        type === TemplateType.Script
      ) {
        if (!vf.path)
          throw new Invalid(`${ref}.path must be specified for ${type} templates`, at('parameters', i));
      } else if (type === TemplateType.Resource) {
        if (!vf.jqFilter && !vf.jsonPath) {
          throw new Invalid(
            `${ref} .jqFilter or jsonPath must be specified for ${type} templates`,
            at('parameters', i),
          );
        }
      } else if (type === TemplateType.DAG || type === TemplateType.Steps) {
        if (!vf.parameter && !vf.expression) {
          throw new Invalid(
            `${ref}.parameter or expression must be specified for ${type} templates`,
            at('parameters', i),
          );
        }
        if (vf.parameter && vf.expression) {
          throw new Invalid(
            `${ref} shouldn't have both \`from\` and \`expression\` specified in \`ValueFrom\` for ${type} templates`,
            at('parameters', i),
          );
        }
      }
    }
    if (p.globalName && !isParameter(p.globalName)) {
      const errs = paramOrArtifactNameErrors(p.globalName);
      if (errs.length) throw new Invalid(`${ref}.globalName: ${errs[0]}`, at('parameters', i, 'globalName'));
    }
  }
}
