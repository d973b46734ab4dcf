/**
 * @module spec/validate/validate-workflow
 * Argo's validate.Workflow for one workflow spec (a Workflow's, the spec of a (Cluster)WorkflowTemplate,
 * or the Workflow a CronWorkflow creates): template names, workflow arguments, the global variables,
 * then the entrypoint, the exit handler, hooks, podGC, and every template, in Argo's order.
 */
import type { FieldPath } from '../field-path.ts';
import { missingOwnerMessage, type TemplateIndex } from '../template-index.ts';
import type { Arguments, Parameter, WorkflowSpec, WorkflowTemplate } from '../types.ts';
import { checkArguments } from './arguments.ts';
import {
  type ArgsProvider,
  fakeArgs,
  type Holder,
  Invalid,
  type Loc,
  realArgs,
  type TemplateContext,
  type ValidateOptions,
  type ValidationState,
} from './context.ts';
import { checkFieldNames, isParameter } from './names.ts';
import { anyWorkflowOutputArtifact } from './scope.ts';
import { Validator } from './template-validator.ts';

export const maxNameLength = 63;
const podGCStrategies = ['', 'OnPodCompletion', 'OnPodSuccess', 'OnWorkflowCompletion', 'OnWorkflowSuccess'];
const selectorOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** What the validated spec looks like to the validator: the manifest and where its workflow spec is. */
export interface Subject {
  doc: object;
  specPath: FieldPath;
  spec: WorkflowSpec;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Argo's util.MergeParameters: the first list, plus the second's items whose names it lacks. */
function mergeByName<T extends { name: string }>(first: T[] | undefined, second: T[] | undefined): T[] {
  const out = [...(first ?? [])];
  for (const x of second ?? []) if (!out.some((y) => y.name === x.name)) out.push(x);
  return out;
}

export function validateWorkflow(
  s: Subject,
  index: TemplateIndex,
  opts: ValidateOptions,
  submit: boolean,
): void {
  const at = (...rest: (string | number)[]): Loc => ({ doc: s.doc, path: [...s.specPath, ...rest] });
  if (s.name.length > maxNameLength) {
    throw new Invalid(
      `workflow name ${JSON.stringify(s.name)} must not be more than ${maxNameLength} characters long (currently ${s.name.length})`,
      { doc: s.doc, path: ['metadata', 'name'] },
    );
  }
  const spec = s.spec;
  let entrypoint = spec.entrypoint ?? '';
  const wftRef = spec.workflowTemplateRef;
  let owner: WorkflowTemplate | undefined;
  if (wftRef) {
    if ((spec.templates ?? []).length > 0) {
      throw new Invalid(
        'Templates is invalid field in spec if workflow referred WorkflowTemplate reference',
        at('templates'),
      );
    }
    owner = index.get(wftRef.name, !!wftRef.clusterScope, s.namespace);
    if (!owner)
      throw new Invalid(
        missingOwnerMessage(wftRef.name, !!wftRef.clusterScope, s.namespace),
        at('workflowTemplateRef'),
      );
    if (!entrypoint) entrypoint = owner.spec?.entrypoint ?? '';
  }
  const badTemplate = checkFieldNames(spec.templates, 'field');
  if (badTemplate)
    throw new Invalid(`spec.templates${badTemplate.message}`, at('templates', badTemplate.index, 'name'));

  const ownerSpec = owner?.spec;
  const wfArgs: Arguments = {
    parameters: owner
      ? mergeByName(spec.arguments?.parameters, ownerSpec?.arguments?.parameters)
      : (spec.arguments?.parameters ?? []),
    artifacts: owner
      ? mergeByName(spec.arguments?.artifacts, ownerSpec?.arguments?.artifacts)
      : (spec.arguments?.artifacts ?? []),
  };
  const allowEmpty = opts.lint || (opts.workflowTemplateValidation && !submit);
  const argProblem = checkArguments('spec.arguments.', wfArgs, allowEmpty);
  if (argProblem) throw new Invalid(argProblem.message, at('arguments', ...argProblem.path));

  const state: ValidationState = {
    opts,
    globals: globalVariables(s, wfArgs.parameters ?? [], ownerSpec),
    done: new Set(),
  };
  const validator = new Validator(state);
  const ctx: TemplateContext = {
    base: { scope: 'local', name: s.name, spec, doc: s.doc, specPath: s.specPath },
    index,
    namespace: s.namespace,
  };
  const run = (holder: Holder, here: Loc, args: ArgsProvider, prefix?: string): void => {
    try {
      validator.validateTemplateHolder(holder, here, ctx, args);
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      throw prefix === undefined ? e.relocate(here) : e.within(prefix, here);
    }
  };
  const refTo = (template: string): Holder => ({
    templateRef: { name: wftRef!.name, template, clusterScope: !!wftRef!.clusterScope },
  });

  if (!opts.ignoreEntrypoint && !entrypoint) throw new Invalid('spec.entrypoint is required', at());
  if (!opts.ignoreEntrypoint) {
    const args = opts.workflowTemplateValidation ? fakeArgs : realArgs(wfArgs);
    run(
      wftRef ? refTo(entrypoint) : { template: entrypoint },
      wftRef ? at('workflowTemplateRef') : at('entrypoint'),
      args,
    );
  }

  const onExit = spec.onExit || (wftRef ? ownerSpec?.onExit : '') || '';
  if (onExit) {
    state.globals.set('workflow.failures', null);
    const templates = [...(spec.templates ?? []), ...(ownerSpec?.templates ?? [])];
    if (
      templates.some((t) =>
        (t?.outputs?.artifacts ?? []).some((a) => a.globalName && isParameter(a.globalName)),
      )
    ) {
      state.globals.set(anyWorkflowOutputArtifact, 'true');
    }
    run(
      wftRef ? refTo(onExit) : { template: onExit },
      spec.onExit ? at('onExit') : at('workflowTemplateRef'),
      realArgs(spec.arguments),
    );
  }
  for (const [hookName, hook] of Object.entries(spec.hooks ?? {})) {
    if (hookName !== 'exit' && !hook?.expression)
      throw new Invalid(`hooks.${hookName} Expression required`, at('hooks', hookName));
  }
  checkPodGC(spec, at);

  if (wftRef) {
    for (const t of ownerSpec?.templates ?? []) {
      run(refTo(t.name ?? ''), at('workflowTemplateRef'), fakeArgs, `templates.${t.name ?? ''}`);
    }
    return;
  }
  for (const [i, t] of (spec.templates ?? []).entries()) {
    run({ template: t.name ?? '' }, at('templates', i), fakeArgs, `templates.${t.name ?? ''}`);
  }
}

function checkPodGC(spec: WorkflowSpec, at: (...rest: (string | number)[]) => Loc): void {
  const gc = spec.podGC as
    | { strategy?: string; labelSelector?: { matchExpressions?: Record<string, unknown>[] } }
    | undefined;
  if (!gc) return;
  const strategy = gc.strategy ?? '';
  if (!podGCStrategies.includes(strategy))
    throw new Invalid(`podGC.strategy unknown strategy '${strategy}'`, at('podGC', 'strategy'));
  for (const [i, req] of (gc.labelSelector?.matchExpressions ?? []).entries()) {
    const op = String(req.operator ?? '');
    const values = Array.isArray(req.values) ? req.values : [];
    const where = at('podGC', 'labelSelector', 'matchExpressions', i);
    if (!selectorOperators.includes(op))
      throw new Invalid(`podGC.labelSelector invalid: "${op}" is not a valid label selector operator`, where);
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      throw new Invalid(
        "podGC.labelSelector invalid: values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
        where,
      );
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      throw new Invalid(
        'podGC.labelSelector invalid: values: Invalid value: values set must be empty for exists and does not exist',
        where,
      );
    }
  }
}

/** The global variables a workflow's templates may use (Argo's globalParams at the start). */
function globalVariables(
  s: Subject,
  params: Parameter[],
  ownerSpec: WorkflowSpec | undefined,
): Map<string, string | null> {
  const g = new Map<string, string | null>();
  for (const v of [
    'workflow.name',
    'workflow.namespace',
    'workflow.mainEntrypoint',
    'workflow.serviceAccountName',
    'workflow.uid',
  ]) {
    g.set(v, null);
  }
  if (params.length > 0) {
    g.set('workflow.parameters', null);
    g.set('workflow.parameters.json', null);
  }
  for (const p of params) {
    if (p.name) g.set(`workflow.parameters.${p.name}`, typeof p.value === 'string' ? p.value : null);
  }
  const wm = s.spec.workflowMetadata;
  const om = ownerSpec?.workflowMetadata;
  const annotations = [s.annotations, wm?.annotations, om?.annotations];
  const labels = [s.labels, wm?.labels, wm?.labelsFrom, om?.labels, om?.labelsFrom];
  for (const src of annotations)
    for (const k of Object.keys(src ?? {})) g.set(`workflow.annotations.${k}`, null);
  g.set('workflow.annotations', null);
  g.set('workflow.annotations.json', null);
  for (const src of labels) for (const k of Object.keys(src ?? {})) g.set(`workflow.labels.${k}`, null);
  g.set('workflow.labels', null);
  g.set('workflow.labels.json', null);
  if (typeof s.spec.priority === 'number') g.set('workflow.priority', String(Math.trunc(s.spec.priority)));
  g.set('workflow.status', null);
  return g;
}
