/**
 * @module controller/templates
 * Finds the template a step, task or hook refers to (`template`, `templateRef`, `inline`), remembering
 * which resource owns it: a template referenced from a WorkflowTemplate resolves its own `template:`
 * references inside that WorkflowTemplate (Argo's TemplateContext and templateScope).
 */

import { SpecError } from '../errors/index.ts';
import type { Template, TemplateRef, WorkflowSpec } from '../spec/types.ts';
import type { TemplateLookup } from './options.ts';

/** Anything that names a template: a step, a DAG task, a lifecycle hook, the entrypoint. */
export interface TemplateHolder {
  template?: string;
  templateRef?: TemplateRef;
  inline?: Template;
}

/** Where template names are looked up: the workflow itself, or a (Cluster)WorkflowTemplate. */
export interface TemplateContext {
  /** `local/<wf>`, `namespaced/<wftmpl>` or `cluster/<cwft>`. */
  scope: string;
  templates: Template[];
  /** Index by name, built lazily. */
  byName?: Map<string, Template>;
}

export function workflowContext(workflowName: string, spec: WorkflowSpec): TemplateContext {
  return { scope: `local/${workflowName}`, templates: spec.templates ?? [] };
}

export interface ResolvedTemplate {
  template: Template;
  context: TemplateContext;
}

function findByName(ctx: TemplateContext, name: string): Template | undefined {
  if (!ctx.byName) {
    ctx.byName = new Map();
    for (const t of ctx.templates) if (t.name) ctx.byName.set(t.name, t);
  }
  return ctx.byName.get(name);
}

const refContexts = new WeakMap<object, TemplateContext>();

/** The outputs a step's template declares, or undefined when it cannot be resolved. */
export function declaredOutputs(
  holder: TemplateHolder,
  ctx: TemplateContext,
  lookup: TemplateLookup | undefined,
  namespace: string,
): import('../spec/types.ts').Outputs | undefined {
  try {
    return resolveTemplate(holder, ctx, lookup, namespace).template.outputs;
  } catch {
    return undefined;
  }
}

/**
 * Resolves a holder to its template. Throws a SpecError with Argo's wording when the template does not
 * exist (the caller turns it into an Error node).
 */
export function resolveTemplate(
  holder: TemplateHolder,
  ctx: TemplateContext,
  lookup: TemplateLookup | undefined,
  namespace: string,
): ResolvedTemplate {
  if (holder.inline) return { template: holder.inline, context: ctx };
  if (holder.templateRef) {
    const ref = holder.templateRef;
    if (!lookup) {
      throw new SpecError(
        `${ref.clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate'} '${ref.name}' is not found`,
        { hint: 'load the templates the workflow refers to, e.g. nuncio run wf.yaml --templates DIR' },
      );
    }
    const { template, owner } = lookup.resolveRef(ref, namespace);
    let refCtx = refContexts.get(owner);
    if (!refCtx) {
      const kind = owner.kind === 'ClusterWorkflowTemplate' ? 'cluster' : 'namespaced';
      refCtx = { scope: `${kind}/${owner.metadata.name}`, templates: owner.spec.templates ?? [] };
      refContexts.set(owner, refCtx);
    }
    return { template, context: refCtx };
  }
  const name = holder.template ?? '';
  const t = findByName(ctx, name);
  if (!t) throw new SpecError(`template ${name} not found`);
  return { template: t, context: ctx };
}
