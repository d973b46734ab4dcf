/**
 * @module emissary/runtimes/process/child
 * One step as a host process forked from this Node process, in its own process group, with Argo's
 * emissary semantics: signals go to the whole group (kill(-pgid), or the sandbox's session under
 * bubblewrap, see `step-signals.ts`), a child killed by signal N exits 128+N, and `wait` resolves only
 * after the exit *and* the end of both output streams, so no line is lost.
 *
 * Once the process exited, its pipes get a short while to drain; a process that escaped the group and
 * keeps them open does not keep the step running forever.
 *
 * The runtime starts steps through its launcher (`launcher/`), which forks a small shell instead of the
 * engine; a `Child` is the way when that shell cannot be had.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { ContainerIO, ExitStatus, RunningContainer } from '../../runtime.ts';
import {
  type BwrapStatus,
  bwrapComplaint,
  kill,
  readBwrapStatus,
  StepSignals,
  sandboxedExit,
} from './step-signals.ts';

/** Where a child's output goes, per stream, as raw chunks in order. */
export type ChildIO = Pick<ContainerIO, 'stdout' | 'stderr'>;

/** Starts a child somewhere (in this process, or through the launcher); rejects if it cannot start. */
export type Launch = (options: ChildOptions, io: ChildIO) => Promise<RunningContainer>;

/** How long the output pipes may stay open after the exit (a pod would be torn down by then). */
const drainMs = 2000;

export interface ChildOptions {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Read bwrap's JSON status documents from fd 3. */
  bwrapStatus?: boolean;
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? constants.signals[signal] : undefined;
  return 128 + (n ?? 0);
}

export class Child implements RunningContainer {
  readonly #proc: ChildProcess;
  readonly #done: Promise<ExitStatus>;
  readonly #status: BwrapStatus = {};
  readonly #signals: StepSignals;
  #bwrapError: string | undefined;

  private constructor(proc: ChildProcess, io: ChildIO, bwrapStatus: boolean) {
    this.#proc = proc;
    this.#signals = new StepSignals(
      (signal) => kill(-proc.pid!, signal),
      bwrapStatus ? () => this.#status.childPid : undefined,
    );
    // A pipe error must not crash the emissary; the exit is still reported through 'exit'/'close'.
    for (const stream of proc.stdio) stream?.on('error', () => {});
    proc.stdout?.on('data', (c: Buffer) => io.stdout(c));
    proc.stderr?.on('data', (c: Buffer) => {
      if (bwrapStatus && this.#status.exitCode === undefined)
        this.#bwrapError = bwrapComplaint(c) ?? this.#bwrapError;
      io.stderr(c);
    });
    if (bwrapStatus) {
      let pending = '';
      proc.stdio[3]?.on('data', (c: Buffer) => {
        // bwrap writes one JSON document per write; they may arrive glued together.
        pending = readBwrapStatus(pending + c.toString('utf8'), this.#status);
        this.#signals.deliverHeld();
      });
    }
    const closed = new Promise<void>((ok) => proc.on('close', () => ok()));
    const exited = new Promise<ExitStatus>((ok) => {
      proc.on('exit', (code, signal) => {
        this.#signals.exited();
        // Stragglers left in the group (background jobs) would hold the pipes open: a pod would be torn
        // down here, so they are killed.
        kill(-proc.pid!, 'SIGKILL');
        if (this.#status.childPid !== undefined) kill(-this.#status.childPid, 'SIGKILL');
        const drained = setTimeout(() => {
          for (const stream of proc.stdio) stream?.destroy();
        }, drainMs);
        proc.once('close', () => clearTimeout(drained));
        ok({ exitCode: exitCodeOf(code, signal) });
      });
      proc.on('error', (e) => {
        this.#signals.exited();
        ok({ exitCode: 127, error: e.message });
      });
    });
    this.#done = Promise.all([exited, closed]).then(([status]) =>
      bwrapStatus && !status.error ? sandboxedExit(status.exitCode, this.#status, this.#bwrapError) : status,
    );
  }

  /** Spawns the process in a new session (own process group). Rejects if it cannot be spawned at all. */
  static async spawn(options: ChildOptions, io: ChildIO): Promise<Child> {
    const proc = spawn(options.file, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: options.bwrapStatus ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((ok, fail) => {
      proc.once('spawn', () => ok());
      proc.once('error', fail);
    });
    return new Child(proc, io, options.bwrapStatus === true);
  }

  /** The process id, which is also its process group's (bwrap's, when sandboxed). */
  get pid(): number {
    return this.#proc.pid!;
  }

  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    this.#signals.signal(signal);
  }

  wait(): Promise<ExitStatus> {
    return this.#done;
  }
}
