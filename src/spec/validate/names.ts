/**
 * @module spec/validate/names
 * Argo's naming rules (workflow/validate): template, step and task names are DNS-label-like
 * (`[a-zA-Z0-9][-a-zA-Z0-9]*`, at most 128 characters); parameter and artifact names allow `_` too.
 * Messages are Argo's, without the leading field prefix the caller adds (`[2].name 'x' is not unique`).
 */

const workflowFieldName = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const paramOrArtifactName = /^[-a-zA-Z0-9_]+$/;
const maxFieldNameLength = 128;

/** `{{inputs.parameters.blah}}` somewhere in the text (Argo's isParameter). */
const parameterTag = /\{\{[-a-zA-Z0-9]+(\.[-a-zA-Z0-9_]+)*\}\}/;

export function isParameter(s: string): boolean {
  return parameterTag.test(s);
}

export function workflowFieldNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > maxFieldNameLength) errs.push(`must be no more than ${maxFieldNameLength} characters`);
  if (!workflowFieldName.test(name)) {
    errs.push(
      "name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character (e.g. My-name1-2, 123-NAME)",
    );
  }
  return errs;
}

export function paramOrArtifactNameErrors(name: string): string[] {
  return paramOrArtifactName.test(name)
    ? []
    : [
        "Parameter/Artifact name must consist of alpha-numeric characters, '_' or '-' e.g. my_param_1, MY-PARAM-1",
      ];
}

/** A failed name check: which list item, and Argo's message suffix for it. */
export interface NameError {
  index: number;
  message: string;
}

/**
 * Argo's validateWorkflowFieldNames: every item has a name, the name is valid, names are unique.
 * `kind` picks the rule: `field` for templates/steps/tasks, `param` for parameters and artifacts.
 */
export function checkFieldNames(
  items: readonly { name?: unknown }[] | undefined,
  kind: 'field' | 'param',
): NameError | undefined {
  const seen = new Set<string>();
  for (const [i, item] of (items ?? []).entries()) {
    const name = typeof item?.name === 'string' ? item.name : '';
    if (name === '') return { index: i, message: `[${i}].name is required` };
    const errs = kind === 'param' ? paramOrArtifactNameErrors(name) : workflowFieldNameErrors(name);
    if (errs.length) return { index: i, message: `[${i}].name: '${name}' is invalid: ${errs.join(';')}` };
    if (seen.has(name)) return { index: i, message: `[${i}].name '${name}' is not unique` };
    seen.add(name);
  }
  return undefined;
}
