/**
 * @module spec/task-references
 * Which tasks a DAG task's text names as `tasks.x` or `tasks['x']`: lint checks a task's references
 * against its ancestors only, and the controller builds a task's scope from the ancestors it names, not
 * from all of them (which made a long chain quadratic).
 */

/** `tasks.<name>` or `tasks['<name>']` (quotes JSON-escaped or not). */
const taskReference = /tasks(?:\.([A-Za-z0-9_-]+)|\[\s*\\?["']([^"'\\]+)\\?["']\s*\])/g;
/** Every mention of the identifier `tasks`. */
const tasksWord = /(?<![A-Za-z0-9_])tasks(?![A-Za-z0-9_])/g;

/**
 * The task names `text` (a task as JSON) refers to; undefined when it uses `tasks` in another way too
 * (e.g. `tasks[name]` in an expression), so that any task may be meant.
 */
export function namedTasks(text: string): Set<string> | undefined {
  const named = new Set<string>();
  if (!text.includes('tasks')) return named;
  let matched = 0;
  for (const m of text.matchAll(taskReference)) {
    matched++;
    named.add(m[1] ?? m[2]!);
  }
  return (text.match(tasksWord)?.length ?? 0) > matched ? undefined : named;
}
