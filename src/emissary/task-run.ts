/**
 * @module emissary/task-run
 * One task (one Argo pod) from start to its `finished` event: fresh task directory → volumes → prepare
 * every container → stage inputs into the primary container → init containers, one after another →
 * sidecars start → the main container (or the containerSet members, in dependency order) → sidecars are
 * stopped → outputs are collected from the primary container → report → clean up.
 *
 * Every container of the task shares the task's volumes and nothing else: each has its own filesystem,
 * as in a pod. The primary container is the main one (for a containerSet, the member the task names as
 * `main`): only it gets the script, the input artifacts, and is read for outputs and `outputs.result`.
 *
 * Invariants:
 * - `run()` never rejects and emits exactly one `finished`, after exactly one `started`, whatever fails
 *   (a throwing event listener included). `started` is emitted when the task gets its slot; for a daemon,
 *   when its main container is running (Argo marks a daemon ready then), or just before `finished` if it
 *   never gets that far.
 * - A stop (cancel or deadline) sends SIGTERM to every running container, then SIGKILL after the grace
 *   period; containers that have not started never do.
 * - Phases are Argo's (see `pod-outcome.ts`): a container exiting non-zero is Failed with its message, a
 *   deadline is Failed with the deadline message, anything around the commands (staging, a missing
 *   executable, an output that cannot be saved, the runtime) is Error.
 */

import { createWriteStream, mkdirSync, mkdtempSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactDrivers } from '../artifacts/registry.ts';
import type {
  CancelReason,
  Task,
  TaskContainer,
  TaskEvent,
  TaskResult,
  TaskResultPhase,
} from '../controller/ports.ts';
import { graphProblem, runGraph } from './container-graph.ts';
import { type ContainerExit, ContainerRun, type ContainerRunOptions } from './container-run.ts';
import { containerSpec } from './container-spec.ts';
import { InputStagingError, stageInputs } from './inputs.ts';
import { cancelMessage, loadArtifactsFailed } from './messages.ts';
import { type ContainerLog, collectOutputs } from './outputs.ts';
import { containerNode, type NamedExit, type PodExits, podVerdict, runtimeFailure } from './pod-outcome.ts';
import { ProgressWatch } from './progress-watch.ts';
import type { PreparedContainer, Runtime } from './runtime.ts';
import { resultLimit, resultOf, TailBuffer } from './tail-buffer.ts';
import type { TaskDirs } from './task-dirs.ts';
import { containerSetRetryOf } from './task-extensions.ts';
import { isoSeconds } from './time.ts';
import { type VolumeDir, volumeDirs } from './volumes.ts';

export interface TaskRunDeps {
  runtime: Runtime | undefined;
  runtimeName: string;
  artifacts: ArtifactDrivers;
  workDir: string;
  /** Where task directories come from and go back to (unless `keepTaskDirs`). */
  dirs: TaskDirs;
  dataDir: string;
  emit: (event: TaskEvent) => void;
  keepTaskDirs: boolean;
  now: () => number;
  /** How often the step's `ARGO_PROGRESS_FILE` is read while its main container runs, ms; 0: no file. */
  progressTickMs: number;
}

type Stop = { kind: 'cancel'; reason: CancelReason } | { kind: 'deadline' };

type Outcome = Omit<TaskResult, 'nodeId' | 'startedAt' | 'finishedAt'>;

/** Outputs as reported, and Argo's message for the first one that could not be collected. */
interface Collected {
  reported: NonNullable<TaskResult['outputs']>;
  error: string | undefined;
}

/** A container ready to start, with what the task needs to keep from it. */
interface Prepared {
  container: TaskContainer;
  prepared: PreparedContainer;
}

export class TaskRun {
  readonly task: Task;
  readonly #deps: TaskRunDeps;
  #stop: Stop | undefined;
  readonly #stopped: Promise<void>;
  #signalStopped!: () => void;
  /** Containers started (or starting) now; a stop reaches all of them. */
  readonly #active = new Set<ContainerRun>();
  /** Their runs, so that none outlives the task when something around them fails. */
  readonly #runs = new Set<Promise<ContainerExit>>();
  #deadlineTimer: NodeJS.Timeout | undefined;
  #startedEmitted = false;
  /** Everything prepared so far, disposed of at the end whatever happens. */
  readonly #prepared: PreparedContainer[] = [];
  #cleanedUp: Promise<void> | undefined;

  constructor(task: Task, deps: TaskRunDeps) {
    this.task = task;
    this.#deps = deps;
    this.#stopped = new Promise((ok) => {
      this.#signalStopped = ok;
    });
  }

  /** Stops the task: SIGTERM now, SIGKILL after the grace period; before start, it never starts. */
  cancel(reason: CancelReason): void {
    this.#halt({ kind: 'cancel', reason });
  }

  #halt(stop: Stop): void {
    if (this.#stop) return;
    this.#stop = stop;
    this.#signalStopped();
    for (const c of this.#active) c.stop(this.task.terminationGracePeriodMs);
  }

  /** Halts the task at `task.deadline`; timers cannot wait longer than ~24.8 days, so long waits re-arm. */
  #armDeadline(): void {
    const deadline = this.task.deadline;
    if (deadline === undefined) return;
    const wait = Math.max(0, deadline - this.#deps.now());
    if (wait === 0) {
      this.#halt({ kind: 'deadline' });
      return;
    }
    const longest = 2 ** 31 - 1;
    this.#deadlineTimer = setTimeout(
      () => (wait > longest ? this.#armDeadline() : this.#halt({ kind: 'deadline' })),
      Math.min(wait, longest),
    );
  }

  /** The stop requested so far (read through a method: it changes while the task awaits). */
  #stopRequested(): Stop | undefined {
    return this.#stop;
  }

  #emit(event: TaskEvent): void {
    try {
      this.#deps.emit(event);
    } catch {
      // A listener's failure must not break the task's protocol.
    }
  }

  #emitStarted(at: number): void {
    if (this.#startedEmitted) return;
    this.#startedEmitted = true;
    this.#emit({ type: 'started', nodeId: this.task.nodeId, at: isoSeconds(at) });
  }

  #log(container: string, stream: 'stdout' | 'stderr', line: string): void {
    this.#emit({
      type: 'log',
      nodeId: this.task.nodeId,
      container,
      stream,
      line,
      at: new Date(this.#deps.now()).toISOString(),
    });
  }

  /**
   * Runs the task to completion; resolves after `finished` was emitted. The task directory is given back
   * to `TaskDirs` afterwards (emptied for reuse or removed, which the step's outcome need not wait for):
   * `cleanedUp` resolves once nothing of the task is left in it.
   */
  async run(): Promise<void> {
    const startedAt = this.#deps.now();
    if (!this.task.daemon) this.#emitStarted(startedAt);
    let result: Outcome;
    let taskDir: string | undefined;
    try {
      this.#armDeadline();
      taskDir = this.#deps.keepTaskDirs ? this.#keptDir() : this.#deps.dirs.take();
      result = await this.#execute(taskDir);
    } catch (e) {
      result = { phase: 'Error', message: e instanceof Error ? e.message : String(e) };
    } finally {
      clearTimeout(this.#deadlineTimer);
    }
    // Containers still running here (sidecars, after a failure around them) are stopped before the end.
    for (const c of this.#active) c.stop(this.task.terminationGracePeriodMs);
    if (this.#runs.size > 0) await Promise.allSettled([...this.#runs]);
    // Disposal comes before `finished`: it undoes what the runtime did outside the task directory (plain
    // processes' volume links), which a next task may need in the same place.
    for (const p of this.#prepared) {
      try {
        await p.dispose();
      } catch {
        // Nothing left to report; the task directory goes below.
      }
    }
    const removed = taskDir && !this.#deps.keepTaskDirs ? taskDir : undefined;
    this.#emitStarted(startedAt);
    this.#emit({
      type: 'finished',
      result: {
        nodeId: this.task.nodeId,
        ...result,
        startedAt: isoSeconds(startedAt),
        finishedAt: isoSeconds(this.#deps.now()),
      },
    });
    this.#cleanedUp = removed ? this.#deps.dirs.release(removed) : undefined;
  }

  /** A task directory kept after the task (debugging), named after the node. */
  #keptDir(): string {
    mkdirSync(this.#deps.workDir, { recursive: true });
    return mkdtempSync(join(this.#deps.workDir, `${this.task.nodeId.replace(/[^A-Za-z0-9_.-]/g, '_')}-`));
  }

  /** Resolves once the task directory is given back (after `run()` resolved). */
  get cleanedUp(): Promise<void> {
    return this.#cleanedUp ?? Promise.resolve();
  }

  /** What a stop ends the task with: Failed with the stop's message; Succeeded for a finished daemon. */
  #stoppedOutcome(stop: Stop): Outcome {
    if (stop.kind === 'deadline')
      return { phase: 'Failed', message: cancelMessage('deadline', this.task.deadlineMessage) };
    const message = cancelMessage(stop.reason, this.task.deadlineMessage);
    return { phase: stop.reason === 'daemon-done' ? 'Succeeded' : 'Failed', ...(message ? { message } : {}) };
  }

  /** The main container, or the containerSet members. */
  #mainGroup(): TaskContainer[] {
    return this.task.kind === 'containerSet' ? (this.task.containers ?? [this.task.main]) : [this.task.main];
  }

  async #prepare(
    taskDir: string,
    volumes: Map<string, VolumeDir>,
    container: TaskContainer,
    primary: boolean,
    specPath: string,
    slot: string,
  ): Promise<Prepared> {
    const runtime = this.#deps.runtime!;
    const spec = containerSpec(this.task, container, {
      taskDir,
      scratchDir: join(taskDir, slot),
      volumes,
      primary,
      specPath,
      progressFile: primary && this.#deps.progressTickMs > 0,
    });
    const prepared = await runtime.prepare(spec);
    this.#prepared.push(prepared);
    return { container, prepared };
  }

  /** Runs one container to its exit, reachable by a stop while it runs. */
  async #runContainer(
    p: Prepared,
    extra: Omit<ContainerRunOptions, 'name' | 'prepared' | 'log' | 'now'> = {},
  ): Promise<ContainerExit> {
    const name = p.container.name;
    const run = new ContainerRun({
      name,
      prepared: p.prepared,
      log: (stream, line) => this.#log(name, stream, line),
      now: this.#deps.now,
      ...extra,
    });
    this.#active.add(run);
    if (this.#stopRequested()) run.stop(this.task.terminationGracePeriodMs);
    const running = run.run().finally(() => {
      this.#active.delete(run);
      this.#runs.delete(running);
    });
    this.#runs.add(running);
    return running;
  }

  async #execute(taskDir: string): Promise<Outcome> {
    const task = this.task;
    if (!this.#deps.runtime)
      return { phase: 'Error', message: `unknown runtime '${this.#deps.runtimeName}'` };
    if (task.kind !== 'container' && task.kind !== 'script' && task.kind !== 'containerSet') {
      return { phase: 'Error', message: `${task.kind} templates are not supported by the emissary yet` };
    }
    const group = this.#mainGroup();
    if (task.kind === 'containerSet') {
      const problem = graphProblem(group);
      if (problem) return { phase: 'Error', message: problem };
    }
    if (this.#stop) return this.#stoppedOutcome(this.#stop);

    const volumes = volumeDirs(task, taskDir, this.#deps.dataDir);
    const primaryName = task.main.name;
    const main: Prepared[] = [];
    for (const [i, c] of group.entries()) {
      main.push(
        await this.#prepare(taskDir, volumes, c, c.name === primaryName, `spec.containers[${i}]`, `m${i}`),
      );
    }
    const primary = main.find((p) => p.container.name === primaryName) ?? main[0]!;
    const init: Prepared[] = [];
    for (const [i, c] of (task.initContainers ?? []).entries()) {
      init.push(await this.#prepare(taskDir, volumes, c, false, `spec.initContainers[${i}]`, `i${i}`));
    }
    const sidecars: Prepared[] = [];
    for (const [i, c] of (task.sidecars ?? []).entries()) {
      const at = `spec.containers[${group.length + i}]`;
      sidecars.push(await this.#prepare(taskDir, volumes, c, false, at, `s${i}`));
    }

    if (task.inputs.artifacts.length > 0) {
      const staging = join(taskDir, 'staging');
      mkdirSync(staging, { recursive: true });
      try {
        await stageInputs(
          task,
          primary.prepared,
          this.#deps.artifacts,
          staging,
          () => this.#stop !== undefined,
        );
      } catch (e) {
        if (e instanceof InputStagingError)
          return { phase: 'Error', message: loadArtifactsFailed(e.message) };
        throw e;
      }
    }
    if (this.#stop) return this.#stoppedOutcome(this.#stop);

    const exits: PodExits = {
      init: [],
      initSkipped: [],
      main: [],
      mainNames: group.map((c) => c.name),
      sidecars: [],
    };
    for (const [i, p] of init.entries()) {
      const exit = await this.#runContainer(p);
      exits.init.push({ name: p.container.name, exit });
      if (exit.exitCode !== 0 || exit.error !== undefined) {
        exits.initSkipped = init.slice(i + 1).map((q) => q.container.name);
        break;
      }
    }
    const initFailed = exits.init.some((c) => c.exit.exitCode !== 0 || c.exit.error !== undefined);
    if (initFailed || this.#stopRequested()) return this.#decide(exits, undefined, undefined);

    const sidecarRuns = sidecars.map((p) =>
      this.#runContainer(p).then((exit): NamedExit => ({ name: p.container.name, exit })),
    );
    const tail = task.outputs.result ? new TailBuffer(resultLimit + 1) : undefined;
    const logs = task.archiveLogs ? this.#openLogs(taskDir, main) : new Map<string, LogFile>();
    const retry = task.kind === 'containerSet' ? containerSetRetryOf(task) : undefined;
    const optionsFor = (p: Prepared): Omit<ContainerRunOptions, 'name' | 'prepared' | 'log' | 'now'> => {
      const isPrimary = p === primary;
      const log = logs.get(p.container.name);
      return {
        ...(isPrimary && tail ? { stdoutTap: (c: Buffer) => tail.push(c) } : {}),
        ...(log ? { combinedTap: (c: Buffer) => log.write(c) } : {}),
        ...(isPrimary && task.daemon ? { onRunning: () => this.#emitStarted(this.#deps.now()) } : {}),
        ...(retry ? { attempts: retry.retries, pauseMs: retry.durationMs ?? 0 } : {}),
      };
    };
    const progressFile = primary.prepared.progressFile;
    const watch = progressFile
      ? new ProgressWatch(progressFile, this.#deps.progressTickMs, (progress) =>
          this.#emit({ type: 'progress', nodeId: task.nodeId, progress }),
        )
      : undefined;
    try {
      exits.main = await this.#runMain(group, main, primary, optionsFor);
    } finally {
      watch?.stop();
    }

    // Main is done: sidecars are told to stop, as Argo's emissary does in each sidecar, while the outputs
    // are collected.
    for (const run of this.#active) run.stop(task.terminationGracePeriodMs);
    const logFailure = await this.#closeLogs(logs);
    const [sidecarExits, collected] = await Promise.all([
      Promise.all(sidecarRuns),
      this.#collect(taskDir, primary, tail, logs, logFailure),
    ]);
    exits.sidecars = sidecarExits;
    const primaryExit = exits.main.find((c) => c.name === primary.container.name)?.exit;
    return this.#decide(exits, primaryExit, collected);
  }

  /** The main container, or the containerSet members in dependency order, to their exits. */
  async #runMain(
    group: TaskContainer[],
    main: Prepared[],
    primary: Prepared,
    optionsFor: (p: Prepared) => Omit<ContainerRunOptions, 'name' | 'prepared' | 'log' | 'now'>,
  ): Promise<NamedExit[]> {
    if (this.task.kind === 'containerSet') {
      const byName = new Map(main.map((p) => [p.container.name, p]));
      const graph = await runGraph(group, {
        start: (name) => {
          const p = byName.get(name)!;
          return this.#runContainer(p, optionsFor(p));
        },
        stopped: this.#stopped,
        isStopped: () => this.#stopRequested() !== undefined,
        now: this.#deps.now,
      });
      return group.map((c) => ({ name: c.name, exit: graph.get(c.name)! }));
    }
    return [{ name: primary.container.name, exit: await this.#runContainer(primary, optionsFor(primary)) }];
  }

  #openLogs(taskDir: string, main: Prepared[]): Map<string, LogFile> {
    mkdirSync(join(taskDir, 'logs'), { recursive: true });
    const out = new Map<string, LogFile>();
    for (const [i, p] of main.entries())
      out.set(p.container.name, new LogFile(join(taskDir, 'logs', `${i}.log`)));
    return out;
  }

  /** Closes the log files; the first failure to write one, if any. */
  async #closeLogs(logs: Map<string, LogFile>): Promise<string | undefined> {
    if (logs.size === 0) return undefined;
    const failures = await Promise.all([...logs.values()].map((l) => l.close()));
    return failures.find((f) => f !== undefined);
  }

  /** The primary container's outputs, as Argo's wait container collects them. */
  async #collect(
    taskDir: string,
    primary: Prepared,
    tail: TailBuffer | undefined,
    logs: Map<string, LogFile>,
    logFailure: string | undefined,
  ): Promise<Collected> {
    const outDir = join(taskDir, 'out');
    // Only artifacts are packed there.
    if (this.task.outputs.artifacts.length > 0) mkdirSync(outDir, { recursive: true });
    const files: ContainerLog[] = [...logs].map(([container, l]) => ({ container, file: l.path }));
    const outputs = await collectOutputs(this.task, primary.prepared, this.#deps.artifacts, outDir, files);
    if (logFailure) outputs.error ??= `failed to save outputs: ${logFailure}`;
    return {
      reported: {
        ...(outputs.parameters.length ? { parameters: outputs.parameters } : {}),
        ...(outputs.artifacts.length ? { artifacts: outputs.artifacts } : {}),
        ...(tail ? { result: resultOf(tail.bytes()) } : {}),
      },
      error: outputs.error,
    };
  }

  /** The task's outcome from its containers' exits, a stop, and its outputs (none when main never ran). */
  #decide(
    exits: PodExits,
    primaryExit: ContainerExit | undefined,
    collected: Collected | undefined,
  ): Outcome {
    const task = this.task;
    const reported = collected?.reported ?? {};
    const outputsError = collected?.error;
    let phase: TaskResultPhase;
    let message: string | undefined;
    const failure = runtimeFailure(exits);
    const halted = this.#stopRequested();
    if (failure) {
      phase = failure.phase;
      message = failure.message;
    } else if (halted) {
      const stopped = this.#stoppedOutcome(halted);
      phase = stopped.phase;
      message = stopped.message;
    } else {
      const v = podVerdict(exits);
      phase = v.phase;
      message = v.message;
      if (phase === 'Succeeded' && outputsError) {
        phase = 'Error';
        message = outputsError;
      }
    }
    const containers =
      task.kind === 'containerSet' && exits.main.length
        ? Object.fromEntries(exits.main.map((c) => [c.name, containerNode(c)]))
        : undefined;
    return {
      phase,
      ...(primaryExit && primaryExit.error === undefined ? { exitCode: primaryExit.exitCode } : {}),
      ...(message ? { message } : {}),
      ...(Object.keys(reported).length ? { outputs: reported } : {}),
      ...(containers ? { containers } : {}),
    };
  }
}

/** One container's combined log on disk (`archiveLogs`). */
class LogFile {
  readonly path: string;
  readonly #stream: WriteStream;
  #failure: string | undefined;

  constructor(path: string) {
    this.path = path;
    this.#stream = createWriteStream(path);
    this.#stream.on('error', (e) => {
      this.#failure ??= `cannot write the log file: ${e.message}`;
    });
  }

  write(chunk: Buffer): void {
    if (!this.#stream.destroyed) this.#stream.write(chunk);
  }

  /** Resolves with the first write failure, if any. */
  async close(): Promise<string | undefined> {
    if (!this.#stream.destroyed) await new Promise<void>((ok) => this.#stream.end(ok));
    return this.#failure;
  }
}
