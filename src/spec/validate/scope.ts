/**
 * @module spec/validate/scope
 * Which `{{...}}` variables are defined where (Argo's validation scopes). A scope is the set of variable
 * names a piece of a template may use; `findUnresolved` reports the first simple tag under one of the
 * prefixes Argo checks (`item. steps. inputs. outputs. pod. workflow. tasks.`) that is neither in the
 * scope nor global. Expression tags (`{{=...}}`) and other prefixes are not checked, as in Argo.
 */
import type { FieldPath } from '../field-path.ts';
import { scanTags } from '../tags.ts';
import type { Template } from '../types.ts';
import type { ValidationState } from './context.ts';
import { isParameter } from './names.ts';
import { hasOutput } from './template-kinds.ts';

export type Scope = Set<string>;

/**
 * A scope that extends another without copying it: `has` looks here, then in the base. Each DAG task's
 * scope is the template's plus its ancestors' outputs; copying the template's scope for every task made
 * linting a 1,000-task DAG quadratic.
 */
export class OverlayScope extends Set<string> {
  readonly #base: ReadonlySet<string>;

  constructor(base: ReadonlySet<string>) {
    super();
    this.#base = base;
  }

  override has(value: string): boolean {
    return super.has(value) || this.#base.has(value);
  }
}

/** Marks that any `item.<key>` is acceptable (withParam items are only known at run time). */
export const anyItem = 'item.*';
export const anyWorkflowOutputParameter = 'workflow.outputs.parameters.*';
export const anyWorkflowOutputArtifact = 'workflow.outputs.artifacts.*';

const checkedPrefixes = ['item.', 'steps.', 'inputs.', 'outputs.', 'pod.', 'workflow.', 'tasks.'];

/** Prefixes that are accepted without being in scope (resolved at run time). */
const runtimePrefixes = [
  'outputs.',
  'workflow.creationTimestamp',
  'workflow.scheduledTime',
  'workflow.duration',
  'tasks.name',
  'steps.name',
  'node.name',
];

export interface Unresolved {
  /** The tag's text between the braces, as written. */
  tag: string;
  path: FieldPath;
}

function acceptable(tag: string, scope: Scope, state: ValidationState): boolean {
  const t = tag.trim();
  if (!checkedPrefixes.some((p) => t.startsWith(p))) return true;
  if (scope.has(t) || state.globals.has(t)) return true;
  const marked = (m: string) => scope.has(m) || state.globals.has(m);
  if ((t === 'item' || t.startsWith('item.')) && marked(anyItem)) return true;
  if (t.startsWith('workflow.outputs.parameters.') && marked(anyWorkflowOutputParameter)) return true;
  if (t.startsWith('workflow.outputs.artifacts.') && marked(anyWorkflowOutputArtifact)) return true;
  if (runtimePrefixes.some((p) => t.startsWith(p))) return true;
  return state.opts.workflowTemplateValidation && t.startsWith('workflow.parameters');
}

/** The first tag in `value` (any string or map key, depth first) that the scope cannot resolve. */
export function findUnresolved(
  value: unknown,
  path: FieldPath,
  scope: Scope,
  state: ValidationState,
): Unresolved | undefined {
  if (typeof value === 'string') {
    for (const tag of scanTags(value)) {
      if (tag.kind === 'simple' && !acceptable(tag.inner, scope, state)) return { tag: tag.inner, path };
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findUnresolved(v, [...path, i], scope, state);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const inKey = findUnresolved(k, [...path, k], scope, state);
      if (inKey) return inKey;
      const found = findUnresolved(v, [...path, k], scope, state);
      if (found) return found;
    }
  }
  return undefined;
}

export function unresolvedMessage(u: Unresolved): string {
  return `failed to resolve {{${u.tag}}}`;
}

/**
 * Adds `item` / `item.<key>` for a step or task's loop. Returns Argo's error text when more than one
 * loop kind is given.
 */
export function addItemsToScope(
  step: { withItems?: unknown[]; withParam?: string; withSequence?: { count?: unknown; end?: unknown } },
  scope: Scope,
): string | undefined {
  const items = Array.isArray(step.withItems) ? step.withItems : [];
  const param = typeof step.withParam === 'string' ? step.withParam : '';
  const seq = step.withSequence ?? undefined;
  const defined = (items.length > 0 ? 1 : 0) + (param !== '' ? 1 : 0) + (seq ? 1 : 0);
  if (defined > 1) return 'only one of withItems, withParam, withSequence can be specified';
  if (items.length > 0) {
    for (const item of items) {
      if (Array.isArray(item)) for (let i = 0; i < item.length; i++) scope.add(`item.[${i}]`);
      else if (typeof item === 'object' && item !== null)
        for (const k of Object.keys(item)) scope.add(`item.${k}`);
      else if (item === null || item === undefined) return `unsupported withItems type: ${String(item)}`;
      else scope.add('item');
    }
  } else if (param !== '') {
    scope.add('item');
    scope.add(anyItem);
  } else if (seq) {
    if (seq.count !== undefined && seq.count !== null && seq.end !== undefined && seq.end !== null) {
      return 'only one of count or end can be defined in withSequence';
    }
    scope.add('item');
  }
  return undefined;
}

/**
 * Adds what a finished step/task exposes (`steps.<name>.id`, `.outputs.result`, ...) to `scope`, and
 * registers the workflow outputs its `globalName`s publish (Argo's addOutputsToScope).
 */
export function addOutputsToScope(
  tmpl: Template | undefined,
  prefix: 'steps' | 'tasks',
  name: string,
  scope: Scope,
  aggregate: boolean,
  isAncestor: boolean,
  state: ValidationState,
): void {
  const ref = `${prefix}.${name}`;
  scope.add(`${ref}.id`);
  scope.add(`${ref}.startedAt`);
  scope.add(`${ref}.finishedAt`);
  scope.add(`${ref}.hostNodeName`);
  if (!tmpl) return;
  if (tmpl.daemon === true) scope.add(`${ref}.ip`);
  if (hasOutput(tmpl)) {
    scope.add(`${ref}.outputs.result`);
    scope.add(`${ref}.exitCode`);
  }
  for (const p of tmpl.outputs?.parameters ?? []) {
    scope.add(`${ref}.outputs.parameters.${p.name}`);
    if (p.globalName) {
      if (isParameter(p.globalName)) scope.add(anyWorkflowOutputParameter);
      else {
        const g = `workflow.outputs.parameters.${p.globalName}`;
        scope.add(g);
        state.globals.set(g, null);
      }
    }
  }
  for (const a of tmpl.outputs?.artifacts ?? []) {
    scope.add(`${ref}.outputs.artifacts.${a.name}`);
    if (a.globalName) {
      if (isParameter(a.globalName)) scope.add(anyWorkflowOutputArtifact);
      else {
        const g = `workflow.outputs.artifacts.${a.globalName}`;
        scope.add(g);
        state.globals.set(g, null);
      }
    }
  }
  if (aggregate) {
    if (tmpl.script || tmpl.containerSet) {
      scope.add(`${ref}.outputs.result`);
      scope.add(`${ref}.exitCode`);
    }
    scope.add(`${ref}.outputs.parameters`);
  }
  if (isAncestor) scope.add(`${ref}.status`);
}
