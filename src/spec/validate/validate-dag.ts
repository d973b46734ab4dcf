/**
 * @module spec/validate/validate-dag
 * A DAG template (Argo's validateDAG). Tasks are checked in dependency order. As in Argo, every task's
 * outputs are in scope for every task, while `tasks.<name>.status` and aggregated loop outputs are only
 * visible to a task's (transitive) dependencies, and an argument that is exactly a `{{tasks.X...}}`
 * reference must name a dependency.
 *
 * Argo v4 sorts the tasks before anything else, so an undefined dependency, a duplicate name or a cycle
 * surfaces there as "sorting failed: ..."; nuncio reports those with Argo's more specific messages
 * (which name the task, the index or the cycle) at the same point of the validation.
 */
import type { FieldPath } from '../field-path.ts';
import { namedTasks } from '../task-references.ts';
import type { DAGTask, Template } from '../types.ts';
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
import { ancestry, findCycle, parseDepends, sortTasks, taskDependencies } from './dag-deps.ts';
import { checkFieldNames, isParameter } from './names.ts';
import {
  addItemsToScope,
  addOutputsToScope,
  findUnresolved,
  OverlayScope,
  type Scope,
  unresolvedMessage,
} from './scope.ts';
import { checkNonLeaf, within } from './validate-steps.ts';

const loops = (t: DAGTask): boolean => (t.withItems?.length ?? 0) > 0 || !!t.withParam;

export function validateDAG(
  v: TemplateValidator,
  scope: Scope,
  ctx: TemplateContext,
  handle: TemplateHandle,
): void {
  checkNonLeaf(handle);
  const { tmpl, loc } = handle;
  const name = tmpl.name ?? '';
  const tasks = tmpl.dag?.tasks ?? [];
  const tasksPath: FieldPath = [...loc.path, 'dag', 'tasks'];
  const indexOf = new Map(tasks.map((t, i) => [t, i]));
  const taskLoc = (t: DAGTask, ...rest: (string | number)[]): Loc => ({
    doc: loc.doc,
    path: [...tasksPath, indexOf.get(t) ?? -1, ...rest],
  });
  if (tasks.length === 0)
    throw new Invalid(`templates.${name} must have at least one task`, {
      doc: loc.doc,
      path: [...loc.path, 'dag'],
    });
  const usingDepends = tasks.some((t) => !!t.depends);
  const byName = new Map(tasks.map((t) => [t.name, t]));

  const sorted = sortTasks(tasks);
  const badNames = checkFieldNames(tasks, 'field');
  const nameProblem = (bad: NonNullable<typeof badNames>) =>
    new Invalid(`templates.${name}.tasks${bad.message}`, {
      doc: loc.doc,
      path: [...tasksPath, bad.index, 'name'],
    });
  if ('duplicate' in sorted && badNames) throw nameProblem(badNames);
  if ('missing' in sorted) {
    const { task, dependency } = sorted.missing;
    throw new Invalid(
      `templates.${name}.tasks.${task} dependency '${dependency}' not defined`,
      taskLoc(byName.get(task)!, byName.get(task)!.depends ? 'depends' : 'dependencies'),
    );
  }
  if ('cycle' in sorted) {
    throw new Invalid(`templates.${name}.tasks dependency cycle detected: ${findCycle(tasks) ?? ''}`, {
      doc: loc.doc,
      path: tasksPath,
    });
  }
  if ('duplicate' in sorted)
    throw new Invalid(`templates.${name} sorting failed: duplicated nodeName ${sorted.duplicate}`, {
      doc: loc.doc,
      path: tasksPath,
    });
  if (badNames) throw nameProblem(badNames);
  const order = sorted.order;
  const resolved = new Map<string, Template | undefined>();

  for (const task of order) {
    const at = taskLoc(task);
    const prefix = `templates.${name}.tasks.${task.name}`;
    if ((usingDepends || (task.dependencies?.length ?? 0) > 0) && /^[0-9]/.test(task.name)) {
      throw new Invalid(
        `${prefix} name cannot begin with a digit when using either 'depends' or 'dependencies'`,
        taskLoc(task, 'name'),
      );
    }
    if (usingDepends && (task.dependencies?.length ?? 0) > 0) {
      throw new Invalid(
        `templates.${name} cannot use both 'depends' and 'dependencies' in the same DAG template`,
        taskLoc(task, 'dependencies'),
      );
    }
    if (usingDepends && task.continueOn) {
      throw new Invalid(
        `templates.${name} cannot use 'continueOn' when using 'depends'. Instead use 'dep-task.Failed'/'dep-task.Errored'`,
        taskLoc(task, 'continueOn'),
      );
    }
    const handleOf = within(prefix, at, () => v.validateTemplateHolder(task, at, ctx, fakeArgs));
    resolved.set(task.name, handleOf?.tmpl);
    addOutputsToScope(handleOf?.tmpl, 'tasks', task.name, scope, loops(task), false, v.state);
    if (task.depends) {
      const parsed = parseDepends(task.depends);
      if (parsed.error) throw new Invalid(`${prefix} ${parsed.error}`, taskLoc(task, 'depends'));
    }
    for (const [dep, type] of taskDependencies(task)) {
      const depTask = byName.get(dep);
      if (!depTask) throw new Invalid(`${prefix} dependency '${dep}' not defined`, at);
      if (type === 'items' && !loops(depTask) && !depTask.withSequence) {
        // Argo names the dependency twice here (its message reuses the dependency as "the task").
        throw new Invalid(
          `templates.${name}.tasks.${dep} dependency '${dep}' uses an items-based condition such as .AnySucceeded or .AllFailed but does not contain any items`,
          taskLoc(task, 'depends'),
        );
      }
    }
  }

  // sortTasks ordered every task above, so the graph has no cycle.
  const target = tmpl.dag?.target ?? '';
  const targetAt: Loc = { doc: loc.doc, path: [...loc.path, 'dag', 'target'] };
  const unresolvedTarget = findUnresolved(target, targetAt.path, scope, v.state);
  if (unresolvedTarget)
    throw new Invalid(`templates.${name}.targets ${unresolvedMessage(unresolvedTarget)}`, targetAt);
  if (target !== '') {
    for (const t of target.split(' ')) {
      if (!isParameter(t) && !byName.has(t)) {
        throw new Invalid(`templates.${name}.targets: target '${t}' is not defined`, targetAt);
      }
    }
  }

  for (const task of order) {
    const at = taskLoc(task);
    const prefix = `templates.${name}.tasks.${task.name}`;
    if (task.hooks) scope.add(`tasks.${task.name}.status`);
    addOutputsToScope(resolved.get(task.name), 'tasks', task.name, scope, false, false, v.state);
    const taskScope: Scope = new OverlayScope(scope);
    // Only the ancestors the task names can matter to its references, and a task that names none needs
    // no ancestry at all (walking every task's ancestors made lint of a long chain quadratic).
    let ancestors: Set<string> | undefined;
    const ancestorsOf = (): Set<string> => (ancestors ??= new Set(ancestry(task.name, byName)));
    const named = namedTasks(JSON.stringify(task));
    if (named === undefined || named.size > 0) {
      for (const a of ancestorsOf()) {
        if (named && !named.has(a)) continue;
        addOutputsToScope(resolved.get(a), 'tasks', a, taskScope, loops(byName.get(a)!), true, v.state);
      }
    }
    for (const p of task.inline?.inputs?.parameters ?? []) taskScope.add(`inputs.parameters.${p.name}`);
    const itemsError = addItemsToScope(task, taskScope);
    if (itemsError) throw new Invalid(`${prefix} ${itemsError}`, at);
    const unresolved = findUnresolved(task, at.path, taskScope, v.state);
    if (unresolved)
      throw new Invalid(`${prefix} ${unresolvedMessage(unresolved)}`, {
        doc: loc.doc,
        path: unresolved.path,
      });
    const argProblem = checkArguments(`${prefix}.arguments.`, task.arguments, false);
    if (argProblem) throw new Invalid(argProblem.message, taskLoc(task, 'arguments', ...argProblem.path));
    const missing = missingArgumentDependency(task, ancestorsOf);
    if (missing)
      throw new Invalid(`${prefix} ${missing.message}`, taskLoc(task, 'arguments', ...missing.path));
    within(prefix, at, () => v.validateTemplateHolder(task, at, ctx, realArgs(task.arguments)));
  }
}

/** An argument that is a `{{tasks.X...}}` reference must name a task this one depends on. */
function missingArgumentDependency(
  task: DAGTask,
  ancestors: () => ReadonlySet<string>,
): { message: string; path: FieldPath } | undefined {
  for (const [i, p] of (task.arguments?.parameters ?? []).entries()) {
    const value = typeof p.value === 'string' ? p.value : '';
    if (value.startsWith('{{tasks.')) {
      const ref = value.split('.')[1] ?? '';
      if (!ancestors().has(ref))
        return {
          message: `missing dependency '${ref}' for parameter '${p.name}'`,
          path: ['parameters', i, 'value'],
        };
    }
  }
  for (const [i, a] of (task.arguments?.artifacts ?? []).entries()) {
    const from = a.from ?? '';
    if (from.startsWith('{{tasks.')) {
      const ref = from.split('.')[1] ?? '';
      if (!ancestors().has(ref))
        return {
          message: `missing dependency '${ref}' for artifact '${a.name}'`,
          path: ['artifacts', i, 'from'],
        };
    }
  }
  return undefined;
}
