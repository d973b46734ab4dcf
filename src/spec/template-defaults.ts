/**
 * @module spec/template-defaults
 * `spec.templateDefaults`: every template is laid over the defaults (the template's own fields win, lists
 * with merge keys merge). A template type that comes only from the defaults is dropped again, so a
 * `container` default does not turn a script template into a two-type template (Argo's
 * mergedTemplateDefaultsInto).
 */
import { strategicMerge } from './strategic-merge.ts';
import type { Template } from './types.ts';
import { templateTypeFields } from './validate/template-kinds.ts';

export function applyTemplateDefaults(t: Template, defaults?: Template): Template {
  if (!defaults) return t;
  const { name: _ignored, ...rest } = defaults;
  const merged = strategicMerge(rest, t) as Template;
  const own = templateTypeFields(t);
  if (own.length > 0) {
    for (const f of templateTypeFields(merged)) if (!own.includes(f)) delete merged[f];
  }
  return merged;
}
