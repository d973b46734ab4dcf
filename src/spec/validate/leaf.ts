/**
 * @module spec/validate/leaf
 * Checks of templates that do the work themselves (Argo's validateLeaf, validateArtifactLocation and
 * metric checks): variables, mount-path collisions, images, containerSet graphs, resource manifests,
 * deadlines.
 */
import { parseAllDocuments } from 'yaml';
import type { FieldPath } from '../field-path.ts';
import { scanTags } from '../tags.ts';
import type { ArtifactLocation, Template } from '../types.ts';
import {
  Invalid,
  type Loc,
  type TemplateContext,
  type TemplateHandle,
  type ValidationState,
} from './context.ts';
import { workflowFieldNameErrors } from './names.ts';
import { findUnresolved, type Scope, unresolvedMessage } from './scope.ts';

const metricName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

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

export function checkArtifactLocation(prefix: string, a: ArtifactLocation | undefined, at: Loc): void {
  if (!a) return;
  if (a.git && !(a.git as { repo?: string }).repo) throw new Invalid(`${prefix}.git.repo is required`, at);
  const h = a.hdfs as
    | {
        addresses?: string[];
        path?: string;
        hdfsUser?: string;
        krbCCacheSecret?: unknown;
        krbKeytabSecret?: unknown;
        krbServicePrincipalName?: string;
        krbConfigConfigMap?: unknown;
        krbUsername?: string;
        krbRealm?: string;
      }
    | undefined;
  if (h) {
    const p = `${prefix}.hdfs`;
    if (!h.addresses?.length) throw new Invalid(`${p}.addresses is required`, at);
    if (!h.path) throw new Invalid(`${p}.path is required`, at);
    if (!h.path.startsWith('/')) throw new Invalid(`${p}.path must be a absolute file path`, at);
    const ccache = !!h.krbCCacheSecret;
    const keytab = !!h.krbKeytabSecret;
    if (!h.hdfsUser && !ccache && !keytab) {
      throw new Invalid(`either ${p}.hdfsUser, ${p}.krbCCacheSecret or ${p}.krbKeytabSecret is required`, at);
    }
    if (keytab && (!h.krbServicePrincipalName || !h.krbConfigConfigMap || !h.krbUsername || !h.krbRealm)) {
      throw new Invalid(
        `${p}.krbServicePrincipalName, ${p}.krbConfigConfigMap, ${p}.krbUsername and ${p}.krbRealm are required with ${p}.krbKeytabSecret`,
        at,
      );
    }
    if (ccache && (!h.krbServicePrincipalName || !h.krbConfigConfigMap)) {
      throw new Invalid(
        `${p}.krbServicePrincipalName and ${p}.krbConfigConfigMap are required with ${p}.krbCCacheSecret`,
        at,
      );
    }
  }
}

export function checkMetrics(tmpl: Template, loc: Loc): void {
  const name = tmpl.name ?? '';
  const metrics = (tmpl.metrics as { prometheus?: Record<string, unknown>[] } | undefined)?.prometheus ?? [];
  for (const [i, m] of metrics.entries()) {
    const at = { doc: loc.doc, path: [...loc.path, 'metrics', 'prometheus', i] };
    const mName = typeof m.name === 'string' ? m.name : '';
    if (!metricName.test(mName)) {
      throw new Invalid(
        `templates.${name} metric name '${mName}' is invalid. Metric names must contain alphanumeric characters or '_'`,
        at,
      );
    }
    for (const l of (m.labels as { key?: string }[] | undefined) ?? []) {
      if (!metricName.test(l.key ?? '')) {
        throw new Invalid(
          `metric label '${l.key ?? ''}' is invalid: keys may only contain alphanumeric characters or '_'`,
          at,
        );
      }
    }
    if (!m.help) {
      throw new Invalid(
        `templates.${name} metric '${mName}' must contain a help string under 'help: ' field`,
        at,
      );
    }
    const valueError = metricValueError(m);
    if (valueError) throw new Invalid(`templates.${name} metric '${mName}' error: ${valueError}`, at);
  }
}

function metricValueError(m: Record<string, unknown>): string | undefined {
  const gauge = m.gauge as { value?: string; realtime?: boolean } | undefined;
  if (gauge) {
    if (!gauge.value) return 'missing gauge.value';
    if (gauge.realtime && gauge.value.includes('resourcesDuration.')) {
      return "'resourcesDuration.*' metrics cannot be used in real-time";
    }
  }
  if (m.counter && !(m.counter as { value?: string }).value) return 'missing counter.value';
  if (m.histogram && !(m.histogram as { value?: string }).value) return 'missing histogram.value';
  return undefined;
}

/** Argo's ContainerSetTemplate.Validate; the message is relative to `containerSet.`. */
function containerSetError(tmpl: Template): { message: string; path: FieldPath } | undefined {
  const set = tmpl.containerSet!;
  const containers = set.containers ?? [];
  if (containers.length === 0)
    return { message: 'containers must have at least one container', path: ['containers'] };
  const seen = new Set<string>();
  for (const [i, c] of containers.entries()) {
    const n = c.name ?? '';
    if (n === '') return { message: `containers[${i}].name is required`, path: ['containers', i] };
    const errs = workflowFieldNameErrors(n);
    if (errs.length)
      return {
        message: `containers[${i}].name: '${n}' is invalid: ${errs.join(';')}`,
        path: ['containers', i],
      };
    if (seen.has(n))
      return { message: `containers[${i}].name '${n}' is not unique`, path: ['containers', i] };
    seen.add(n);
  }
  const mounts = new Map<string, string>();
  for (const [i, m] of (set.volumeMounts ?? []).entries()) {
    const prev = mounts.get(m.mountPath);
    if (prev) {
      return {
        message: `volumeMounts[${i}].mountPath '${m.mountPath}' already mounted in ${prev}`,
        path: ['volumeMounts', i],
      };
    }
    mounts.set(m.mountPath, `volumeMounts.${m.name}`);
  }
  for (const [i, c] of containers.entries()) {
    for (const dep of c.dependencies ?? []) {
      if (!seen.has(dep)) {
        return {
          message: `containers.${c.name} dependency '${dep}' not defined`,
          path: ['containers', i, 'dependencies'],
        };
      }
    }
  }
  const deps = new Map(containers.map((c) => [c.name ?? '', c.dependencies ?? []]));
  const visiting: string[] = [];
  const finished = new Set<string>();
  const visit = (n: string): string | undefined => {
    if (finished.has(n)) return undefined;
    const at = visiting.indexOf(n);
    if (at >= 0) return [...visiting.slice(at), n].join('->');
    visiting.push(n);
    for (const d of deps.get(n) ?? []) {
      const cycle = visit(d);
      if (cycle) return cycle;
    }
    visiting.pop();
    finished.add(n);
    return undefined;
  };
  for (const c of containers) {
    const cycle = visit(c.name ?? '');
    if (cycle) return { message: `containers dependency cycle detected: ${cycle}`, path: ['containers'] };
  }
  return undefined;
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
