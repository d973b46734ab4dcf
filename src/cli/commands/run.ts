/**
 * @module cli/commands/run
 * `nuncio run FILE...`: lint, prepare and run workflows in this process (controller, emissary and SQLite
 * store under `$NUNCIO_HOME`), showing their progress, and exit with the outcome: 0 when every one
 * Succeeded, 1 when any Failed or Errored, 2 for invalid input. As `argo submit`, every Workflow of every
 * file runs, all at once. In a terminal the node trees are redrawn as `argo watch` draws them; otherwise
 * one line per node phase change. With `-o json|yaml|name` only the final Workflow objects are written to
 * stdout, in the order given. Ctrl-C stops the workflows (exit handlers still run); a second Ctrl-C
 * terminates them.
 */

import { stringify } from 'yaml';
import { ErrorCode, NuncioError, SpecError } from '../../errors/index.ts';
import { Engine } from '../../main/engine.ts';
import { type LoadedRun, type LoadedWorkflow, loadRun } from '../../main/load.ts';
import { prepareWorkflow } from '../../main/prepare.ts';
import type { DriverCallbacks, WorkflowDriver } from '../../main/workflow-driver.ts';
import { sourceName } from '../../spec/lint/manifest-files.ts';
import { podName } from '../../spec/names.ts';
import type { NodeStatus, Workflow } from '../../spec/types.ts';
import { oneOf, parseParameter, readParameterFile } from '../options.ts';
import { renderProgressLines, renderWatchFrame, renderWorkflow, WATCH_CLEAR } from '../render/index.ts';
import { explainUnrunnableSteps } from './run-diagnostics.ts';

export interface RunFlags {
  parameter?: string[];
  parameterFile?: string;
  entrypoint?: string;
  templates?: string[];
  output?: string;
  log?: boolean;
  name?: string;
  sandbox?: boolean;
  namespace?: string;
}

export async function runCommand(files: readonly string[], flags: RunFlags): Promise<number> {
  const output = oneOf('--output', flags.output, ['json', 'yaml', 'name', 'wide'] as const);
  const runs = await loadRuns(files, flags);
  const workflows = runs.map((r) => r.workflow);

  const quiet = output === 'json' || output === 'yaml' || output === 'name';
  const tty = !quiet && !flags.log && process.stdout.isTTY === true;
  const engine = new Engine({ ...(flags.sandbox === false ? { sandbox: 'off' as const } : {}) });
  const view = tty ? new LiveTree(workflows) : quiet ? undefined : new ProgressLines();
  let interrupts = 0;
  const shutdown = (strategy: 'Stop' | 'Terminate') => {
    for (const d of drivers) d.observe({ type: 'shutdown', strategy });
  };
  const onSignal = () => {
    interrupts++;
    const what = drivers.length > 1 ? 'the workflows' : 'the workflow';
    if (interrupts === 1) {
      process.stderr.write(`\nnuncio: stopping ${what} (Ctrl-C again to terminate)\n`);
      shutdown('Stop');
    } else if (interrupts === 2) {
      process.stderr.write(`\nnuncio: terminating ${what}\n`);
      shutdown('Terminate');
    } else process.exit(130);
  };
  // All start at once, as argo submit creates every Workflow it is given before it waits for any.
  const drivers: WorkflowDriver[] = [];
  let finals: Workflow[];
  try {
    drivers.push(
      ...engine.startAll(
        runs.map(({ workflow: wf, templates, configMaps }) => {
          const callbacks: DriverCallbacks = {
            onChange: (w, r) => view?.update(w, r.changedNodes),
            onIdle: (w) => {
              if (w.status?.phase === 'Running') {
                process.stderr.write(
                  `nuncio: ${w.metadata.name} is suspended; resume it with: nuncio resume ${w.metadata.name}\n`,
                );
              }
            },
          };
          if (flags.log) {
            callbacks.onLog = (line, task) => {
              const pod = task?.podName ?? podNameOf(wf, line.nodeId);
              process.stdout.write(`${pod}: ${line.content}\n`);
            };
          }
          return { wf, runOptions: { templates, configMaps }, callbacks };
        }),
      ),
    );
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    finals = await Promise.all(drivers.map((d) => d.done));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
  }
  view?.finish(finals);
  for (const [i, final] of finals.entries()) {
    for (const text of explainUnrunnableSteps(final, runs[i]!.locate)) process.stderr.write(`${text}\n`);
  }
  for (const [i, final] of finals.entries()) {
    if (output === 'json') process.stdout.write(`${JSON.stringify(final, null, 2)}\n`);
    else if (output === 'yaml') process.stdout.write(`${i > 0 ? '---\n' : ''}${stringify(final)}`);
    else if (output === 'name') process.stdout.write(`${final.metadata.name}\n`);
  }
  return finals.every((f) => f.status?.phase === 'Succeeded') ? 0 : 1;
}

/** A Workflow to run: prepared, with what its file gave it. */
interface PreparedRun extends LoadedWorkflow {
  templates: LoadedRun['templates'];
  configMaps: LoadedRun['configMaps'];
}

/**
 * Every Workflow of every file, in order, prepared with the command's flags (as argo submit submits each
 * Workflow of each file it is given). Two of them may not end up with the same name.
 */
async function loadRuns(files: readonly string[], flags: RunFlags): Promise<PreparedRun[]> {
  if (files.filter((f) => f === '-').length > 1) {
    throw new NuncioError(ErrorCode.BadRequest, 'standard input (-) is given more than once', {
      hint: 'name - once; its Workflows are all run',
    });
  }
  const loaded: { file: string; run: LoadedWorkflow; from: LoadedRun }[] = [];
  for (const file of files) {
    const from = await loadRun(file, flags.templates ?? []);
    for (const run of from.runs) loaded.push({ file, run, from });
  }
  if (flags.name !== undefined && loaded.length > 1) {
    const where = files.length > 1 ? `the ${files.length} files hold` : `${sourceName(files[0]!)} holds`;
    throw new NuncioError(
      ErrorCode.BadRequest,
      `--name names one workflow, and ${where} ${loaded.length} Workflows`,
      { hint: 'run them one at a time with --name, or give each its own metadata.name' },
    );
  }
  const parameters = (flags.parameter ?? []).map(parseParameter);
  // As argo submit: the file's parameters follow -p's, and -p wins over the file.
  if (flags.parameterFile) {
    for (const p of await readParameterFile(flags.parameterFile))
      if (!parameters.some((q) => q.name === p.name)) parameters.push(p);
  }
  const named = new Map<string, string>();
  return loaded.map(({ file, run, from }) => {
    const workflow = prepareWorkflow(run.workflow, {
      parameters,
      ...(flags.entrypoint ? { entrypoint: flags.entrypoint } : {}),
      ...(flags.name ? { name: flags.name } : {}),
      ...(flags.namespace ? { namespace: flags.namespace } : {}),
    });
    const key = `${workflow.metadata.namespace}/${workflow.metadata.name}`;
    const first = named.get(key);
    if (first !== undefined) {
      throw new SpecError(
        `a second Workflow is named "${workflow.metadata.name}" (the first is in ${first})`,
        {
          path: 'metadata.name',
          position: run.locate(['metadata', 'name']) ?? { file: sourceName(file), line: 1, column: 1 },
          hint: 'a name is taken once: give each Workflow its own metadata.name, or use metadata.generateName',
        },
      );
    }
    named.set(key, sourceName(file));
    return { workflow, locate: run.locate, templates: from.templates, configMaps: from.configMaps };
  });
}

function podNameOf(wf: Workflow, nodeId: string): string {
  const n = wf.status?.nodes?.[nodeId];
  return n ? podName(wf.metadata.name ?? '', n.name, n.templateName ?? '') : nodeId;
}

/**
 * The `argo watch` frame, redrawn at most ten times a second. Several workflows are drawn one below the
 * other, in the order they were given, sharing the terminal's height.
 */
class LiveTree {
  #last = 0;
  #pending: NodeJS.Timeout | undefined;
  /** The latest state of each workflow, by its object (the driver updates it in place). */
  readonly #shown: Workflow[];

  constructor(workflows: readonly Workflow[]) {
    this.#shown = [...workflows];
  }

  update(wf: Workflow): void {
    const i = this.#shown.findIndex((w) => w.metadata.uid === wf.metadata.uid);
    if (i >= 0) this.#shown[i] = wf;
    const now = Date.now();
    if (now - this.#last >= 100) this.#draw();
    else this.#pending ??= setTimeout(() => this.#draw(), 100 - (now - this.#last));
  }

  #draw(): void {
    if (this.#pending) clearTimeout(this.#pending);
    this.#pending = undefined;
    this.#last = Date.now();
    // A terminal that tells no size (0 rows) gets whole frames.
    const rows = process.stdout.rows || undefined;
    const n = this.#shown.length;
    // Each frame gets its share of the rows, less the blank line between frames.
    const height = rows === undefined ? undefined : Math.max(8, Math.floor((rows - (n - 1)) / n));
    const frames = this.#shown
      .filter((wf) => wf.status !== undefined)
      .map((wf) =>
        renderWatchFrame(wf, {
          now: Date.now(),
          color: true,
          utf8: true,
          width: process.stdout.columns ?? 120,
          ...(height === undefined ? {} : { height }),
        }),
      );
    if (frames.length) process.stdout.write(WATCH_CLEAR + frames.join('\n'));
  }

  finish(finals: readonly Workflow[]): void {
    this.#shown.splice(0, this.#shown.length, ...finals);
    this.#draw();
  }
}

/**
 * One line per node phase change. Only the nodes a reconcile changed are compared (with the phase last
 * printed), so a workflow of 100,000 nodes costs O(changes) per update.
 */
class ProgressLines {
  readonly #printed = new Map<string, string>();
  /** The phase last printed of each workflow, by uid. */
  readonly #workflowPhases = new Map<string, string>();

  update(wf: Workflow, changed: readonly NodeStatus[]): void {
    const prevNodes: Record<string, NodeStatus> = {};
    const nextNodes: Record<string, NodeStatus> = {};
    for (const n of changed) {
      const before = this.#printed.get(n.id);
      if (before === n.phase) continue;
      // renderProgressLines compares phases only.
      if (before !== undefined) prevNodes[n.id] = { phase: before } as NodeStatus;
      nextNodes[n.id] = n;
      this.#printed.set(n.id, n.phase);
    }
    const prev = {
      ...wf,
      status: {
        ...wf.status,
        phase: (this.#workflowPhases.get(wf.metadata.uid ?? '') ?? '') as NonNullable<
          Workflow['status']
        >['phase'],
        nodes: prevNodes,
      },
    } as Workflow;
    const next = {
      ...wf,
      status: { ...wf.status, phase: wf.status?.phase ?? '', nodes: nextNodes },
    } as Workflow;
    this.#workflowPhases.set(wf.metadata.uid ?? '', wf.status?.phase ?? '');
    // One write per update: a write is a system call, and output to a file or a pipe is synchronous.
    const lines = renderProgressLines(prev, next);
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  }

  finish(finals: readonly Workflow[]): void {
    for (const wf of finals) {
      process.stdout.write(
        `\n${renderWorkflow(wf, { output: 'default', now: Date.now(), color: false, utf8: true })}`,
      );
    }
  }
}
