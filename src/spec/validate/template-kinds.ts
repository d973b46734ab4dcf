/**
 * @module spec/validate/template-kinds
 * Predicates over template types that validation needs (Argo's Template.IsLeaf / HasOutput), and the
 * template type count for "exactly one template type".
 */
import { type Template, TemplateType, templateType } from '../types.ts';

const typeFields = [
  'container',
  'containerSet',
  'steps',
  'script',
  'resource',
  'dag',
  'suspend',
  'data',
  'http',
  'plugin',
] as const;

/** How many template types a template sets (Argo accepts exactly one). */
export function templateTypeCount(t: Template): number {
  return typeFields.filter((f) => t[f] !== undefined && t[f] !== null).length;
}

/** The template-type fields set on `t`. */
export function templateTypeFields(t: Template): string[] {
  return typeFields.filter((f) => t[f] !== undefined && t[f] !== null);
}

/** Leaf templates do the work themselves (no children): everything but steps, dag and suspend. */
export function isLeaf(t: Template): boolean {
  const type = templateType(t);
  return type !== TemplateType.Steps && type !== TemplateType.DAG && type !== TemplateType.Suspend
    ? type !== TemplateType.Unknown
    : false;
}

/** Templates whose node has `outputs.result` and `exitCode` (a main container, or an agent call). */
export function hasOutput(t: Template): boolean {
  const main = t.containerSet?.containers?.some((c) => c.name === 'main') ?? false;
  return !!(t.container || main || t.script || t.data || t.http || t.plugin);
}
