/**
 * @module spec/validate/validate-steps
 * A steps template (Argo's validateSteps). Steps are checked in order; what a step exposes
 * (`steps.<name>.outputs...`) enters the scope after the step itself was checked, so a step sees the
 * steps before it — in earlier groups and, as in Argo, earlier in its own group. The loop variable
 * `item` also stays in scope for the steps after a looping step, as it does in Argo.
 */
import type { FieldPath } from '../field-path.ts';
import type { WorkflowStep } from '../types.ts';
import { checkArguments } from './arguments.ts';
import {
  fakeArgs,
  Invalid,
  type Loc,
  realArgs,
  type TemplateContext,
  type TemplateHandle,
  type TemplateValidator,
} from './context.ts';
import { workflowFieldNameErrors } from './names.ts';
import {
  addItemsToScope,
  addOutputsToScope,
  findUnresolved,
  OverlayScope,
  type Scope,
  unresolvedMessage,
} from './scope.ts';

export function hasExitHook(step: WorkflowStep): boolean {
  return !!step.onExit || !!step.hooks?.exit;
}

export function checkNonLeaf(handle: TemplateHandle): void {
  const t = handle.tmpl;
  if (t.activeDeadlineSeconds !== undefined && t.activeDeadlineSeconds !== null) {
    throw new Invalid(`templates.${t.name ?? ''}.activeDeadlineSeconds is only valid for leaf templates`, {
      doc: handle.loc.doc,
      path: [...handle.loc.path, 'activeDeadlineSeconds'],
    });
  }
}

/** Runs `fn`; an Invalid coming out of it gets `prefix` and, if it happened elsewhere, the place `at`. */
export function within<T>(prefix: string, at: Loc, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Invalid) throw e.within(prefix, at);
    throw e;
  }
}

export function validateSteps(
  v: TemplateValidator,
  scope: Scope,
  ctx: TemplateContext,
  handle: TemplateHandle,
): void {
  checkNonLeaf(handle);
  const { tmpl, loc } = handle;
  const name = tmpl.name ?? '';
  const seen = new Set<string>();
  for (const [g, group] of (tmpl.steps ?? []).entries()) {
    for (const [j, step] of (group ?? []).entries()) {
      const stepPath: FieldPath = [...loc.path, 'steps', g, j];
      const at: Loc = { doc: loc.doc, path: stepPath };
      const nameAt: Loc = { doc: loc.doc, path: [...stepPath, 'name'] };
      const stepName = step?.name ?? '';
      if (stepName === '') throw new Invalid(`templates.${name}.steps[${g}].name is required`, at);
      if (seen.has(stepName)) {
        throw new Invalid(`templates.${name}.steps[${g}].name '${stepName}' is not unique`, nameAt);
      }
      const errs = workflowFieldNameErrors(stepName);
      if (errs.length) {
        throw new Invalid(
          `templates.${name}.steps[${g}].name '${stepName}' is invalid: ${errs.join(';')}`,
          nameAt,
        );
      }
      seen.add(stepName);
      scope.add(`steps.${stepName}.status`);
      const prefix = `templates.${name}.steps[${g}].${stepName}`;
      const itemsError = addItemsToScope(step, scope);
      if (itemsError) throw new Invalid(`${prefix} ${itemsError}`, at);
      const argProblem = checkArguments(`${prefix}.arguments.`, step.arguments, false);
      if (argProblem)
        throw new Invalid(argProblem.message, {
          doc: loc.doc,
          path: [...stepPath, 'arguments', ...argProblem.path],
        });
      const resolved = within(prefix, at, () => v.validateTemplateHolder(step, at, ctx, fakeArgs));
      if (hasExitHook(step))
        addOutputsToScope(resolved?.tmpl, 'steps', stepName, scope, false, false, v.state);
      for (const [hookName, hook] of Object.entries(step.hooks ?? {})) {
        if (hookName !== 'exit' && !hook?.expression) {
          throw new Invalid(`${prefix}.${hookName} Expression required`, {
            doc: loc.doc,
            path: [...stepPath, 'hooks', hookName],
          });
        }
      }
      const stepScope: Scope = new OverlayScope(scope);
      for (const p of step.inline?.inputs?.parameters ?? []) stepScope.add(`inputs.parameters.${p.name}`);
      const unresolved = findUnresolved(step, stepPath, stepScope, v.state);
      if (unresolved) {
        throw new Invalid(`templates.${name}.steps ${unresolvedMessage(unresolved)}`, {
          doc: loc.doc,
          path: unresolved.path,
        });
      }
      const aggregate = (step.withItems?.length ?? 0) > 0 || !!step.withParam;
      addOutputsToScope(resolved?.tmpl, 'steps', stepName, scope, aggregate, false, v.state);
      within(prefix, at, () => v.validateTemplateHolder(step, at, ctx, realArgs(step.arguments)));
    }
  }
}
