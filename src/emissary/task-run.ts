/**
 * @module emissary/task-run
 * One task from start to its `finished` event: fresh task directory → volumes → prepare the container →
 * stage inputs → start → stream logs → wait (deadline and cancel send SIGTERM to the process group, then
 * SIGKILL after the grace period) → collect outputs → report → clean up.
 *
 * Invariants:
 * - `run()` never rejects and emits exactly one `finished`, whatever fails (a throwing event listener
 *   included).
 * - Phases are Argo's: the user's command exiting non-zero is Failed (`main: Error (exit code N)`), a
 *   deadline is Failed with the deadline message, anything around the command (staging, a missing
 *   executable, an output that cannot be saved, the runtime) is Error.
 */

import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactDrivers } from '../artifacts/registry.ts';
import type { CancelReason, Task, TaskEvent, TaskResult, TaskResultPhase } from '../controller/ports.ts';
import { containerSpec } from './container-spec.ts';
import { InputStagingError, stageInputs } from './inputs.ts';
import { LineSplitter } from './log-lines.ts';
import { cancelMessage, exitMessage, loadArtifactsFailed } from './messages.ts';
import { collectOutputs } from './outputs.ts';
import {
  CommandNotFoundError,
  type PreparedContainer,
  type RunningContainer,
  type Runtime,
} from './runtime.ts';
import { resultLimit, resultOf, TailBuffer } from './tail-buffer.ts';
import { isoSeconds } from './time.ts';
import { volumeDirs } from './volumes.ts';

export interface TaskRunDeps {
  runtime: Runtime | undefined;
  runtimeName: string;
  artifacts: ArtifactDrivers;
  workDir: string;
  dataDir: string;
  emit: (event: TaskEvent) => void;
  keepTaskDirs: boolean;
  now: () => number;
}

/** Argo's emissary exit code for "the emissary itself failed" (e.g. executable not found). */
const emissaryFailed = 64;

type Stop = { kind: 'cancel'; reason: CancelReason } | { kind: 'deadline' };

export class TaskRun {
  readonly task: Task;
  readonly #deps: TaskRunDeps;
  #stop: Stop | undefined;
  #running: RunningContainer | undefined;
  #killTimer: NodeJS.Timeout | undefined;
  #deadlineTimer: NodeJS.Timeout | undefined;

  constructor(task: Task, deps: TaskRunDeps) {
    this.task = task;
    this.#deps = deps;
  }

  get #container(): string {
    return this.task.main.name || 'main';
  }

  /** Stops the task: SIGTERM now, SIGKILL after the grace period; before start, it never starts. */
  cancel(reason: CancelReason): void {
    this.#halt({ kind: 'cancel', reason });
  }

  #halt(stop: Stop): void {
    if (this.#stop) return;
    this.#stop = stop;
    const running = this.#running;
    if (!running) return;
    running.signal('SIGTERM');
    this.#killTimer = setTimeout(() => running.signal('SIGKILL'), this.task.terminationGracePeriodMs);
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
  #stopped(): Stop | undefined {
    return this.#stop;
  }

  #emit(event: TaskEvent): void {
    try {
      this.#deps.emit(event);
    } catch {
      // A listener's failure must not break the task's protocol.
    }
  }

  #log(stream: 'stdout' | 'stderr', line: string): void {
    this.#emit({
      type: 'log',
      nodeId: this.task.nodeId,
      container: this.#container,
      stream,
      line,
      at: new Date(this.#deps.now()).toISOString(),
    });
  }

  /** Runs the task to completion; resolves after `finished` was emitted. */
  async run(): Promise<void> {
    const startedAt = this.#deps.now();
    this.#emit({ type: 'started', nodeId: this.task.nodeId, at: isoSeconds(startedAt) });
    let result: Omit<TaskResult, 'nodeId' | 'startedAt' | 'finishedAt'>;
    let taskDir: string | undefined;
    let prepared: PreparedContainer | undefined;
    try {
      this.#armDeadline();
      await mkdir(this.#deps.workDir, { recursive: true });
      taskDir = await mkdtemp(
        join(this.#deps.workDir, `${this.task.nodeId.replace(/[^A-Za-z0-9_.-]/g, '_')}-`),
      );
      result = await this.#execute(taskDir, (p) => {
        prepared = p;
      });
    } catch (e) {
      result = { phase: 'Error', message: e instanceof Error ? e.message : String(e) };
    } finally {
      clearTimeout(this.#deadlineTimer);
      clearTimeout(this.#killTimer);
    }
    try {
      await prepared?.dispose();
    } catch {
      // Nothing left to report; the task directory goes below.
    }
    if (taskDir && !this.#deps.keepTaskDirs)
      await rm(taskDir, { recursive: true, force: true }).catch(() => {});
    this.#emit({
      type: 'finished',
      result: {
        nodeId: this.task.nodeId,
        ...result,
        startedAt: isoSeconds(startedAt),
        finishedAt: isoSeconds(this.#deps.now()),
      },
    });
  }

  /** What a stop that came before the command ran ends the task with. */
  #stoppedEarly(stop: Stop): Omit<TaskResult, 'nodeId' | 'startedAt' | 'finishedAt'> {
    if (stop.kind === 'deadline')
      return { phase: 'Failed', message: cancelMessage('deadline', this.task.deadlineMessage) };
    const message = cancelMessage(stop.reason, this.task.deadlineMessage);
    return { phase: stop.reason === 'daemon-done' ? 'Succeeded' : 'Failed', ...(message ? { message } : {}) };
  }

  async #execute(
    taskDir: string,
    onPrepared: (p: PreparedContainer) => void,
  ): Promise<Omit<TaskResult, 'nodeId' | 'startedAt' | 'finishedAt'>> {
    const { runtime } = this.#deps;
    if (!runtime) return { phase: 'Error', message: `unknown runtime '${this.#deps.runtimeName}'` };
    if (this.task.kind !== 'container' && this.task.kind !== 'script') {
      return { phase: 'Error', message: `${this.task.kind} templates are not supported by the emissary yet` };
    }
    if (this.task.sidecars?.length || this.task.initContainers?.length) {
      return {
        phase: 'Error',
        message: 'sidecars and init containers are not supported by the emissary yet',
      };
    }
    if (this.#stop) return this.#stoppedEarly(this.#stop);

    const volumes = await volumeDirs(this.task, taskDir, this.#deps.dataDir);
    const spec = await containerSpec(this.task, this.task.main, taskDir, volumes);
    const prepared = await runtime.prepare(spec);
    onPrepared(prepared);
    const staging = join(taskDir, 'staging');
    await mkdir(staging, { recursive: true });
    try {
      await stageInputs(this.task, prepared, this.#deps.artifacts, staging, () => this.#stop !== undefined);
    } catch (e) {
      if (e instanceof InputStagingError) return { phase: 'Error', message: loadArtifactsFailed(e.message) };
      throw e;
    }
    if (this.#stop) return this.#stoppedEarly(this.#stop);

    const stdout = new LineSplitter((l) => this.#log('stdout', l));
    const stderr = new LineSplitter((l) => this.#log('stderr', l));
    const tail = this.task.outputs.result ? new TailBuffer(resultLimit + 1) : undefined;
    const logFile = this.task.archiveLogs ? join(taskDir, `${this.#container}.log`) : undefined;
    const combined: WriteStream | undefined = logFile ? createWriteStream(logFile) : undefined;
    let logFailure: string | undefined;
    combined?.on('error', (e) => {
      logFailure ??= `cannot write the log file: ${e.message}`;
    });
    let running: RunningContainer;
    try {
      running = await prepared.start({
        stdout: (c) => {
          tail?.push(c);
          combined?.write(c);
          stdout.push(c);
        },
        stderr: (c) => {
          combined?.write(c);
          stderr.push(c);
        },
        note: (line) => this.#log('stderr', `nuncio: ${line}`),
      });
    } catch (e) {
      combined?.end();
      if (e instanceof CommandNotFoundError) {
        return {
          phase: 'Error',
          exitCode: emissaryFailed,
          message: exitMessage(this.#container, emissaryFailed, e.message),
        };
      }
      throw e;
    }
    this.#running = running;
    const stop = this.#stopped();
    if (stop) {
      // A stop that arrived while the process was being started.
      this.#stop = undefined;
      this.#halt(stop);
    }
    const status = await running.wait();
    clearTimeout(this.#killTimer);
    stdout.end();
    stderr.end();
    if (combined && !combined.destroyed) await new Promise<void>((ok) => combined.end(ok));
    if (status.error) return { phase: 'Error', message: status.error };

    const outDir = join(taskDir, 'out');
    await mkdir(outDir, { recursive: true });
    const outputs = await collectOutputs(this.task, prepared, this.#deps.artifacts, outDir, logFile);
    if (logFailure) outputs.error ??= `failed to save outputs: ${logFailure}`;
    const reported = {
      ...(outputs.parameters.length ? { parameters: outputs.parameters } : {}),
      ...(outputs.artifacts.length ? { artifacts: outputs.artifacts } : {}),
      ...(tail ? { result: resultOf(tail.bytes()) } : {}),
    };
    let phase: TaskResultPhase;
    let message: string | undefined;
    const halted = this.#stopped();
    if (halted?.kind === 'deadline') {
      phase = 'Failed';
      message = cancelMessage('deadline', this.task.deadlineMessage);
    } else if (halted) {
      phase = halted.reason === 'daemon-done' ? 'Succeeded' : 'Failed';
      message = cancelMessage(halted.reason, this.task.deadlineMessage) || undefined;
    } else if (status.exitCode !== 0) {
      phase = 'Failed';
      message = exitMessage(this.#container, status.exitCode);
    } else if (outputs.error) {
      phase = 'Error';
      message = outputs.error;
    } else {
      phase = 'Succeeded';
    }
    return {
      phase,
      exitCode: status.exitCode,
      ...(message ? { message } : {}),
      ...(Object.keys(reported).length ? { outputs: reported } : {}),
    };
  }
}
