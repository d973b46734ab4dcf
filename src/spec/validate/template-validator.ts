/**
 * @module spec/validate/template-validator
 * Validation of one template reached from a holder (Argo's validateTemplateHolder / validateTemplate):
 * resolve the reference, check the type, inputs and the call's arguments, then — once per template —
 * the body (steps, DAG or leaf) and the outputs. The first problem ends the validation of the manifest,
 * as in Argo, and is prefixed on its way out by every step or task it was reached through.
 */
import { hasTags } from '../tags.ts';
import { type Template, TemplateType, templateType } from '../types.ts';
import { cleanPathError, type InputValues, processArgs } from './arguments.ts';
import { checkArtifactLocation } from './artifact-location.ts';
import {
  type ArgsProvider,
  type Holder,
  Invalid,
  type Loc,
  type TemplateContext,
  type TemplateHandle,
  type TemplateValidator,
  type ValidationState,
} from './context.ts';
import { checkLeaf, type Substitute } from './leaf.ts';
import { checkMetrics } from './metrics.ts';
import { checkFieldNames } from './names.ts';
import { checkOutputs } from './outputs.ts';
import type { Scope } from './scope.ts';
import { contextScope, resolveHolder, templateByName } from './template-context.ts';
import { isLeaf, templateTypeCount } from './template-kinds.ts';
import { validateDAG } from './validate-dag.ts';
import { validateSteps } from './validate-steps.ts';

const retryPolicies = ['Always', 'OnError', 'OnFailure', 'OnTransientError', ''];
const typeChoices =
  'choose one of: container, containerSet, steps, script, resource, dag, suspend, template, template ref';

export class Validator implements TemplateValidator {
  readonly state: ValidationState;

  constructor(state: ValidationState) {
    this.state = state;
  }

  validateTemplateHolder(
    holder: Holder,
    at: Loc,
    ctx: TemplateContext,
    args: ArgsProvider,
  ): TemplateHandle | undefined {
    const ref = holder.templateRef;
    const name = holder.template ?? '';
    if (ref) {
      const refAt = { doc: at.doc, path: [...at.path, 'templateRef'] };
      if (name) throw new Invalid('template name cannot be specified with templateRef', at);
      if (!ref.name) throw new Invalid('resource name is required', refAt);
      if (!ref.template) throw new Invalid('template name is required', refAt);
      // A reference computed from variables is only known at run time.
      if (hasTags(JSON.stringify(ref))) return undefined;
    } else if (name && !templateByName(ctx, name)) {
      throw new Invalid(`template name '${name}' undefined`, { doc: at.doc, path: [...at.path, 'template'] });
    }
    const { ctx: next, handle } = resolveHolder(ctx, holder, at);
    if (templateType(handle.tmpl) === TemplateType.Unknown) {
      throw new Invalid(`template '${handle.tmpl.name ?? ''}' type is unknown`, handle.loc);
    }
    const policy = handle.tmpl.retryStrategy?.retryPolicy ?? '';
    if (!retryPolicies.includes(policy)) {
      throw new Invalid(`${policy} is not a valid RetryPolicy`, {
        doc: handle.loc.doc,
        path: [...handle.loc.path, 'retryStrategy', 'retryPolicy'],
      });
    }
    this.validateTemplate(handle, next, args, at);
    return handle;
  }

  private validateTemplate(
    handle: TemplateHandle,
    ctx: TemplateContext,
    args: ArgsProvider,
    callSite: Loc,
  ): void {
    const { tmpl, loc } = handle;
    const name = tmpl.name ?? '';
    const count = templateTypeCount(tmpl);
    if (count !== 1) {
      const what = count === 0 ? 'template type unspecified' : 'multiple template types specified';
      throw new Invalid(`templates.${name} ${what}. ${typeChoices}`, loc);
    }
    const scope = this.inputsScope(handle);
    for (const [i, c] of (tmpl.initContainers ?? []).entries()) {
      if (!c.name) {
        throw new Invalid('initContainers must all have container name', {
          doc: loc.doc,
          path: [...loc.path, 'initContainers', i],
        });
      }
    }
    if (tmpl.container || tmpl.script || tmpl.containerSet || tmpl.resource || tmpl.data)
      scope.add('pod.name');
    if (tmpl.retryStrategy) {
      for (const v of [
        'retries',
        'lastRetry.exitCode',
        'lastRetry.status',
        'lastRetry.duration',
        'lastRetry.message',
      ]) {
        scope.add(v);
      }
    }
    if (isLeaf(tmpl)) {
      for (const a of tmpl.outputs?.artifacts ?? [])
        if (a.path) scope.add(`outputs.artifacts.${a.name}.path`);
      for (const p of tmpl.outputs?.parameters ?? []) {
        if (p.valueFrom?.path) scope.add(`outputs.parameters.${p.name}.path`);
      }
    }
    const processed = processArgs(tmpl, args);
    if ('error' in processed) throw new Invalid(`templates.${name} ${processed.error}`, callSite);
    const subst = this.substitution(processed.values);
    if (typeof tmpl.timeout === 'string' && tmpl.timeout !== '') {
      const at = { doc: loc.doc, path: [...loc.path, 'timeout'] };
      if (!isLeaf(tmpl))
        throw new Invalid(`${templateType(tmpl)} template doesn't support timeout field`, at);
      if (/^[-+]?\d+$/.test(subst(tmpl.timeout))) {
        throw new Invalid(`${name} has invalid duration format in timeout`, at);
      }
    }
    const key = `${contextScope(ctx)}/${templateId(handle)}`;
    if (this.state.done.has(key)) return;
    this.state.done.add(key);
    for (const g of this.state.globals.keys()) scope.add(g);
    switch (templateType(tmpl)) {
      case TemplateType.Steps:
        validateSteps(this, scope, ctx, handle);
        break;
      case TemplateType.DAG:
        validateDAG(this, scope, ctx, handle);
        break;
      default:
        checkLeaf(handle, scope, this.state, ctx, subst);
    }
    checkOutputs(handle, scope, this.state);
    if (tmpl.archiveLocation) {
      checkArtifactLocation(`templates.${name}.archiveLocation`, tmpl.archiveLocation, {
        doc: loc.doc,
        path: [...loc.path, 'archiveLocation'],
      });
    }
    checkMetrics(tmpl, loc);
  }

  /** Argo's validateInputs: input names and artifact rules; returns the template's starting scope. */
  private inputsScope(handle: TemplateHandle): Scope {
    const { tmpl, loc } = handle;
    const name = tmpl.name ?? '';
    const at = (...rest: (string | number)[]) => ({ doc: loc.doc, path: [...loc.path, 'inputs', ...rest] });
    const params = tmpl.inputs?.parameters ?? [];
    const arts = tmpl.inputs?.artifacts ?? [];
    const badParam = checkFieldNames(params, 'param');
    if (badParam) {
      throw new Invalid(
        `templates.${name}.inputs.parameters${badParam.message}`,
        at('parameters', badParam.index),
      );
    }
    const badArt = checkFieldNames(arts, 'param');
    if (badArt)
      throw new Invalid(`templates.${name}.inputs.artifacts${badArt.message}`, at('artifacts', badArt.index));
    const scope: Scope = new Set();
    for (const p of params) scope.add(`inputs.parameters.${p.name}`);
    if (params.length > 0) scope.add('inputs.parameters');
    const leaf = isLeaf(tmpl);
    for (const [i, a] of arts.entries()) {
      const ref = `inputs.artifacts.${a.name}`;
      scope.add(ref);
      if (leaf) {
        const err = cleanPathError(a);
        if (err) throw new Invalid(`error in templates.${name}.${ref}: ${err}`, at('artifacts', i));
        scope.add(`${ref}.path`);
      } else if (a.path) {
        throw new Invalid(
          `templates.${name}.${ref}.path only valid in container/script templates`,
          at('artifacts', i),
        );
      }
      if (a.from)
        throw new Invalid(`templates.${name}.${ref}.from not valid in inputs`, at('artifacts', i, 'from'));
      checkArtifactLocation(`templates.${name}.${ref}`, a, at('artifacts', i));
    }
    return scope;
  }

  /**
   * Replaces the variables whose value is known at lint time (input values of this call, workflow
   * parameters with a value); everything else stays a tag, standing for a run-time value.
   */
  private substitution(values: InputValues): Substitute {
    return (text: string) =>
      text.replace(/\{\{([^{}]*)\}\}/g, (whole, inner: string) => {
        const t = inner.trim();
        if (t.startsWith('inputs.parameters.')) {
          const v = values.get(t.slice('inputs.parameters.'.length));
          return v === undefined ? whole : v;
        }
        const g = this.state.globals.get(t);
        return typeof g === 'string' ? g : whole;
      });
  }
}

/** Argo identifies a validated template by its name; inline templates are told apart by place. */
function templateId(handle: TemplateHandle): string {
  const path = handle.loc.path;
  return path.includes('inline') ? `inline:${path.join('/')}` : ((handle.tmpl as Template).name ?? '');
}
