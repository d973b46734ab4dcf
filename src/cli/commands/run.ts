/**
 * @module cli/commands/run
 * `nuncio run FILE`: lint, prepare and run a workflow in this process (controller, emissary and SQLite
 * store under `$NUNCIO_HOME`), showing its progress, and exit with its outcome: 0 Succeeded, 1 Failed or
 * Error, 2 invalid input. In a terminal the node tree is redrawn as `argo watch` draws it; otherwise one
 * line per node phase change. With `-o json|yaml` only the final Workflow object is written to stdout.
 * Ctrl-C stops the workflow (exit handlers still run); a second Ctrl-C terminates it.
 */

import { stringify } from 'yaml';
import { Engine } from '../../main/engine.ts';
import { loadRun } from '../../main/load.ts';
import { prepareWorkflow } from '../../main/prepare.ts';
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

export async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const output = oneOf('--output', flags.output, ['json', 'yaml', 'name', 'wide'] as const);
  const parameters = (flags.parameter ?? []).map(parseParameter);
  // As argo submit: the file's parameters follow -p's, and -p wins over the file.
  if (flags.parameterFile) {
    for (const p of await readParameterFile(flags.parameterFile))
      if (!parameters.some((q) => q.name === p.name)) parameters.push(p);
  }
  const loaded = await loadRun(file, flags.templates ?? []);
  if (loaded.workflows.length > 1) {
    const names = loaded.workflows.map((w) => w.metadata.name ?? w.metadata.generateName ?? '?');
    process.stderr.write(
      `nuncio: ${sourceName(file)} holds ${names.length} Workflows (${names.join(', ')}); ` +
        `nuncio run runs the first, where argo submit would submit them all: give each its own file\n`,
    );
  }
  const wf = prepareWorkflow(loaded.workflow, {
    parameters,
    ...(flags.entrypoint ? { entrypoint: flags.entrypoint } : {}),
    ...(flags.name ? { name: flags.name } : {}),
    ...(flags.namespace ? { namespace: flags.namespace } : {}),
  });

  const quiet = output === 'json' || output === 'yaml' || output === 'name';
  const tty = !quiet && !flags.log && process.stdout.isTTY === true;
  const engine = new Engine({ ...(flags.sandbox === false ? { sandbox: 'off' as const } : {}) });
  const view = tty ? new LiveTree() : quiet ? undefined : new ProgressLines();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nnuncio: stopping the workflow (Ctrl-C again to terminate)\n');
      driver.observe({ type: 'shutdown', strategy: 'Stop' });
    } else if (interrupts === 2) {
      process.stderr.write('\nnuncio: terminating the workflow\n');
      driver.observe({ type: 'shutdown', strategy: 'Terminate' });
    } else process.exit(130);
  };
  const driver = engine.start(
    wf,
    { templates: loaded.templates, configMaps: loaded.configMaps },
    {
      onChange: (w, r) => view?.update(w, r.changedNodes),
      ...(flags.log
        ? {
            onLog: (line, task) => {
              const pod = task?.podName ?? podNameOf(wf, line.nodeId);
              process.stdout.write(`${pod}: ${line.content}\n`);
            },
          }
        : {}),
      onIdle: (w) => {
        if (w.status?.phase === 'Running') {
          process.stderr.write(
            `nuncio: ${w.metadata.name} is suspended; resume it with: nuncio resume ${w.metadata.name}\n`,
          );
        }
      },
    },
  );
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let final: Workflow;
  try {
    final = await driver.done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
  }
  view?.finish(final);
  for (const text of explainUnrunnableSteps(final, loaded.locate)) process.stderr.write(`${text}\n`);
  if (output === 'json') process.stdout.write(`${JSON.stringify(final, null, 2)}\n`);
  else if (output === 'yaml') process.stdout.write(stringify(final));
  else if (output === 'name') process.stdout.write(`${final.metadata.name}\n`);
  return final.status?.phase === 'Succeeded' ? 0 : 1;
}

function podNameOf(wf: Workflow, nodeId: string): string {
  const n = wf.status?.nodes?.[nodeId];
  return n ? podName(wf.metadata.name ?? '', n.name, n.templateName ?? '') : nodeId;
}

/** The `argo watch` frame, redrawn at most ten times a second. */
class LiveTree {
  #last = 0;
  #pending: NodeJS.Timeout | undefined;
  #wf: Workflow | undefined;

  update(wf: Workflow): void {
    this.#wf = wf;
    const now = Date.now();
    if (now - this.#last >= 100) this.#draw();
    else this.#pending ??= setTimeout(() => this.#draw(), 100 - (now - this.#last));
  }

  #draw(): void {
    if (this.#pending) clearTimeout(this.#pending);
    this.#pending = undefined;
    if (!this.#wf) return;
    this.#last = Date.now();
    const frame = renderWatchFrame(this.#wf, {
      now: Date.now(),
      color: true,
      utf8: true,
      width: process.stdout.columns ?? 120,
      height: process.stdout.rows ?? 40,
    });
    process.stdout.write(WATCH_CLEAR + frame);
  }

  finish(wf: Workflow): void {
    this.#wf = wf;
    this.#draw();
  }
}

/**
 * One line per node phase change. Only the nodes a reconcile changed are compared (with the phase last
 * printed), so a workflow of 100,000 nodes costs O(changes) per update.
 */
class ProgressLines {
  readonly #printed = new Map<string, string>();
  #workflowPhase = '';

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
        phase: this.#workflowPhase as NonNullable<Workflow['status']>['phase'],
        nodes: prevNodes,
      },
    } as Workflow;
    const next = {
      ...wf,
      status: { ...wf.status, phase: wf.status?.phase ?? '', nodes: nextNodes },
    } as Workflow;
    this.#workflowPhase = wf.status?.phase ?? '';
    // One write per update: a write is a system call, and output to a file or a pipe is synchronous.
    const lines = renderProgressLines(prev, next);
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  }

  finish(wf: Workflow): void {
    process.stdout.write(
      `\n${renderWorkflow(wf, { output: 'default', now: Date.now(), color: false, utf8: true })}`,
    );
  }
}
