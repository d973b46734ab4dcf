/**
 * @module spec/validate/template-context
 * Template lookup during validation (Argo's templateresolution.Context): local names are searched in the
 * current template base; a templateRef moves the base to the referenced (Cluster)WorkflowTemplate, so
 * names inside a referenced template resolve among its own siblings.
 */
import { NotFoundError } from '../../errors/index.ts';
import { missingOwnerMessage } from '../template-index.ts';
import type { WorkflowTemplate } from '../types.ts';
import type { Holder, Loc, TemplateBase, TemplateContext, TemplateHandle } from './context.ts';
import { Invalid } from './context.ts';

/** The template called `name` in the context's base, with where it is written. */
export function templateByName(ctx: TemplateContext, name: string): TemplateHandle | undefined {
  const templates = ctx.base.spec.templates ?? [];
  const i = templates.findIndex((t) => t?.name === name);
  if (i < 0) return undefined;
  return { tmpl: templates[i]!, loc: { doc: ctx.base.doc, path: [...ctx.base.specPath, 'templates', i] } };
}

/** `<scope>/<name>` of the base: the key under which its templates count as validated. */
export function contextScope(ctx: TemplateContext): string {
  return `${ctx.base.scope}/${ctx.base.name}`;
}

function baseOf(owner: WorkflowTemplate): TemplateBase {
  return {
    scope: owner.kind === 'ClusterWorkflowTemplate' ? 'cluster' : 'namespaced',
    name: owner.metadata?.name ?? '',
    spec: owner.spec ?? {},
    doc: owner,
    specPath: ['spec'],
  };
}

/** The context in which a referenced template's own names are resolved. */
export function withOwner(ctx: TemplateContext, owner: WorkflowTemplate): TemplateContext {
  return { ...ctx, base: baseOf(owner) };
}

/**
 * Finds the template a holder names (inline, templateRef or local name) and the context to validate it
 * in. Failures carry Argo's messages; `at` is where the holder is written.
 */
export function resolveHolder(
  ctx: TemplateContext,
  holder: Holder,
  at: Loc,
): { ctx: TemplateContext; handle: TemplateHandle } {
  if (holder.inline) {
    return { ctx, handle: { tmpl: holder.inline, loc: { doc: at.doc, path: [...at.path, 'inline'] } } };
  }
  const ref = holder.templateRef;
  if (ref) {
    const refLoc = { doc: at.doc, path: [...at.path, 'templateRef'] };
    let resolved: ReturnType<TemplateContext['index']['resolveRef']>;
    try {
      resolved = ctx.index.resolveRef(ref, ctx.namespace);
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      const ownerExists = ctx.index.get(ref.name, !!ref.clusterScope, ctx.namespace) !== undefined;
      throw new Invalid(
        ownerExists
          ? `template reference ${ref.name}.${ref.template} not found`
          : missingOwnerMessage(ref.name, !!ref.clusterScope, ctx.namespace),
        refLoc,
      );
    }
    const owner = resolved.owner;
    const i = (owner.spec?.templates ?? []).indexOf(resolved.template);
    return {
      ctx: withOwner(ctx, owner),
      handle: { tmpl: resolved.template, loc: { doc: owner, path: ['spec', 'templates', i] } },
    };
  }
  if (holder.template) {
    const handle = templateByName(ctx, holder.template);
    if (handle) return { ctx, handle };
  }
  throw new Invalid('failed to get a template', at);
}
