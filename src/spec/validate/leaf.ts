/**
 * @module spec/validate/leaf
 * Checks of templates that do the work themselves (Argo's validateLeaf): variables, mount-path
 * collisions, images, containerSet graphs, resource manifests, deadlines, parallelism.
 */
import { parseAllDocuments } from 'yaml';
import { scanTags } from '../tags.ts';
import type { Template } from '../types.ts';
import { containerSetError } from './container-set.ts';
import {
  Invalid,
  type Loc,
  type TemplateContext,
  type TemplateHandle,
  type ValidationState,
} from './context.ts';
import { findUnresolved, type Scope, unresolvedMessage } from './scope.ts';

/** Replaces every `{{...}}` by a token, as Argo does before checking that a manifest is YAML. */
function withoutTags(text: string): string {
  let out = '';
  let from = 0;
  for (const t of scanTags(text)) {
    out += `${text.slice(from, t.start)}placeholder`;
    from = t.end;
  }
  return out + text.slice(from);
}

/** The value is nothing but one `{{...}}` tag (a placeholder at validation time in Argo). */
export function isWholeTag(s: string): boolean {
  const tags = scanTags(s);
  return tags.length === 1 && tags[0]!.start === 0 && tags[0]!.end === s.length;
}

/** A templateDefaults image makes an empty one acceptable, except in a ClusterWorkflowTemplate. */
function defaultImage(ctx: TemplateContext, field: 'container' | 'script'): boolean {
  if (ctx.base.scope === 'cluster') return false;
  const d = ctx.base.spec.templateDefaults;
  return !!d?.[field]?.image;
}

export type Substitute = (text: string) => string;

export function checkLeaf(
  handle: TemplateHandle,
  scope: Scope,
  state: ValidationState,
  ctx: TemplateContext,
  subst: Substitute,
): void {
  const { tmpl, loc } = handle;
  const name = tmpl.name ?? '';
  const at = (...rest: (string | number)[]): Loc => ({ doc: loc.doc, path: [...loc.path, ...rest] });
  const unresolved = findUnresolved(tmpl, loc.path, scope, state);
  if (unresolved) {
    throw new Invalid(`templates.${name}: ${unresolvedMessage(unresolved)}`, {
      doc: loc.doc,
      path: unresolved.path,
    });
  }
  if (tmpl.container) {
    const mounts = new Map<string, string>();
    for (const [i, m] of (tmpl.container.volumeMounts ?? []).entries()) {
      const prev = mounts.get(m.mountPath);
      if (prev) {
        throw new Invalid(
          `templates.${name}.container.volumeMounts[${i}].mountPath '${m.mountPath}' already mounted in ${prev}`,
          at('container', 'volumeMounts', i, 'mountPath'),
        );
      }
      mounts.set(m.mountPath, `container.volumeMounts.${m.name}`);
    }
    for (const [i, a] of (tmpl.inputs?.artifacts ?? []).entries()) {
      const p = a.path ?? '';
      const prev = mounts.get(p);
      if (prev) {
        throw new Invalid(
          `templates.${name}.inputs.artifacts[${i}].path '${p}' already mounted in ${prev}`,
          at('inputs', 'artifacts', i, 'path'),
        );
      }
      mounts.set(p, `inputs.artifacts.${a.name}`);
    }
    if (!tmpl.container.image && !defaultImage(ctx, 'container')) {
      throw new Invalid(`templates.${name}.container.image may not be empty`, at('container'));
    }
  }
  if (tmpl.containerSet) {
    const err = containerSetError(tmpl);
    if (err)
      throw new Invalid(`templates.${name}.containerSet.${err.message}`, at('containerSet', ...err.path));
    const io = !!(
      tmpl.inputs?.artifacts?.length ||
      tmpl.outputs?.parameters?.length ||
      tmpl.outputs?.artifacts?.length
    );
    if (io && !tmpl.containerSet.containers.some((c) => c.name === 'main')) {
      throw new Invalid(
        `templates.${name}.containerSet.containers must have a container named "main" for input or output`,
        at('containerSet', 'containers'),
      );
    }
  }
  if (tmpl.resource) checkResource(tmpl, at, subst);
  if (tmpl.script && !tmpl.script.image && !defaultImage(ctx, 'script')) {
    throw new Invalid(`templates.${name}.script.image may not be empty`, at('script'));
  }
  const ads = tmpl.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    const message = `templates.${name}.activeDeadlineSeconds must be a positive integer > 0 or an argo variable`;
    if (typeof ads === 'number') {
      if (ads < 0) throw new Invalid(message, at('activeDeadlineSeconds'));
    } else {
      const v = subst(ads);
      if (!isWholeTag(ads) && !/^[-+]?\d+$/.test(v) && !/^\{\{.*\}\}$/.test(v)) {
        throw new Invalid(message, at('activeDeadlineSeconds'));
      }
      if (/^[-+]?\d+$/.test(v) && Number(v) < 0) throw new Invalid(message, at('activeDeadlineSeconds'));
    }
  }
  if (tmpl.parallelism !== undefined && tmpl.parallelism !== null) {
    throw new Invalid(
      `templates.${name}.parallelism is only valid for steps and dag templates`,
      at('parallelism'),
    );
  }
}

const resourceActions = ['get', 'create', 'apply', 'delete', 'replace', 'patch'];

function checkResource(tmpl: Template, at: (...rest: (string | number)[]) => Loc, subst: Substitute): void {
  const name = tmpl.name ?? '';
  const r = tmpl.resource!;
  const action = r.action ?? '';
  if (!isWholeTag(action) && !resourceActions.includes(subst(action))) {
    throw new Invalid(
      `templates.${name}.resource.action must be one of: get, create, apply, delete, replace, patch`,
      at('resource', 'action'),
    );
  }
  if (action === 'delete' || action === 'get') return;
  const manifest = r.manifest ?? '';
  if (manifest === '' && !r.manifestFrom) {
    throw new Invalid(
      `either templates.${name}.resource.manifest or templates.${name}.resource.manifestFrom must be specified`,
      at('resource'),
    );
  }
  if (manifest !== '' && r.manifestFrom) {
    throw new Invalid(
      "shouldn't have both `manifest` and `manifestFrom` specified in `Manifest` for resource template",
      at('resource'),
    );
  }
  const art = r.manifestFrom?.artifact;
  if (art && !(tmpl.inputs?.artifacts ?? []).some((a) => a.name === art.name)) {
    throw new Invalid(
      `artifact ${art.name} in \`manifestFrom\` refer to a non-exist artifact`,
      at('resource', 'manifestFrom', 'artifact'),
    );
  }
  if (manifest !== '' && !isWholeTag(manifest)) {
    const docs = parseAllDocuments(withoutTags(manifest), { version: '1.1' });
    const broken = Array.isArray(docs) ? docs.some((d) => d.errors.length > 0) : true;
    if (broken)
      throw new Invalid(
        `templates.${name}.resource.manifest must be a valid yaml`,
        at('resource', 'manifest'),
      );
  }
}
