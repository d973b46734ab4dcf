/**
 * @module emissary/runtimes/process/child
 * One step as a host process in its own process group, with Argo's emissary semantics: signals go to the
 * whole group (kill(-pgid)), a child killed by signal N exits 128+N, and `wait` resolves only after the
 * exit *and* the end of both output streams, so no line is lost.
 *
 * Under bubblewrap the group to signal is not bwrap's own: bwrap runs with `--new-session`, so the sandbox
 * is a session of its own whose id bwrap reports on its status pipe (`{"child-pid": N}`), and the step's
 * real exit code arrives there too (`{"exit-code": N}`). Signalling that group leaves bwrap alive to report
 * the exit code. A SIGTERM is held until the command runs: killing bwrap while it sets the sandbox up can
 * orphan the sandbox (its `--die-with-parent` is not armed yet), which then holds the pipes open; and the
 * reported id is bwrap's init inside the new PID namespace, which ignores SIGTERM, so a SIGTERM sent before
 * that init has forked the command would be lost. SIGKILL, the last resort, is never held: it goes to the
 * sandbox's group (the namespace's init cannot ignore it, and its death ends the namespace), or to bwrap's
 * if the id is still unknown.
 *
 * Once the process exited, its pipes get a short while to drain; a process that escaped the group and
 * keeps them open does not keep the step running forever. While the reader has paused the output (the
 * spawner does, when the engine reads more slowly than steps write), that while does not run out: the
 * bytes still in the pipes are the step's own, and nothing is lost to a slow reader.
 *
 * A `Child` runs in the spawner process (see `spawner/`), which forks a small address space instead of
 * the engine's.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import type { ContainerIO, ExitStatus, RunningContainer } from '../../runtime.ts';

/** Where a child's output goes, per stream, as raw chunks in order. */
export type ChildIO = Pick<ContainerIO, 'stdout' | 'stderr'>;

/** Starts a child somewhere (in this process, or through the spawner); rejects if it cannot start. */
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

/** Whether process `pid` has forked a child yet (true when the kernel does not say). */
function hasChild(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim() !== '';
  } catch {
    return true;
  }
}

/** How often a held SIGTERM looks again whether the sandboxed command runs yet, and for how long, ms. */
const termRetryMs = 5;
const termHoldMs = 2000;

function kill(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

export class Child implements RunningContainer {
  readonly #proc: ChildProcess;
  readonly #done: Promise<ExitStatus>;
  readonly #bwrapStatus: boolean;
  #sandboxPid: number | undefined;
  #statusExit: number | undefined;
  #bwrapError: string | undefined;
  #exited = false;
  /** A SIGTERM held until the sandboxed command runs. */
  #pendingTerm = false;
  #termRetry: NodeJS.Timeout | undefined;
  #termHeldSince: number | undefined;
  #paused = false;

  private constructor(proc: ChildProcess, io: ChildIO, bwrapStatus: boolean) {
    this.#proc = proc;
    this.#bwrapStatus = bwrapStatus;
    // A pipe error must not crash the emissary; the exit is still reported through 'exit'/'close'.
    for (const stream of proc.stdio) stream?.on('error', () => {});
    proc.stdout?.on('data', (c: Buffer) => io.stdout(c));
    proc.stderr?.on('data', (c: Buffer) => {
      if (bwrapStatus && this.#statusExit === undefined) {
        const own = /^bwrap: (.*)$/m.exec(c.toString('utf8'));
        if (own) this.#bwrapError = own[1];
      }
      io.stderr(c);
    });
    if (bwrapStatus) {
      let pending = '';
      proc.stdio[3]?.on('data', (c: Buffer) => {
        pending += c.toString('utf8');
        // bwrap writes one JSON document per write; they may arrive glued together.
        for (const m of pending.matchAll(/\{[^{}]*\}/g)) {
          try {
            const doc = JSON.parse(m[0]) as Record<string, unknown>;
            if (typeof doc['child-pid'] === 'number') {
              this.#sandboxPid = doc['child-pid'];
              this.#deliverTerm();
            }
            if (typeof doc['exit-code'] === 'number') this.#statusExit = doc['exit-code'];
          } catch {
            // an incomplete document stays pending
          }
        }
        pending = pending.replace(/[\s\S]*\}/, '');
      });
    }
    const closed = new Promise<void>((ok) => proc.on('close', () => ok()));
    const exited = new Promise<ExitStatus>((ok) => {
      proc.on('exit', (code, signal) => {
        this.#exited = true;
        clearTimeout(this.#termRetry);
        // Stragglers left in the group (background jobs) would hold the pipes open: a pod would be torn
        // down here, so they are killed.
        kill(-proc.pid!, 'SIGKILL');
        if (this.#sandboxPid !== undefined) kill(-this.#sandboxPid, 'SIGKILL');
        let drained: NodeJS.Timeout | undefined;
        const drain = (): void => {
          if (this.#paused) {
            drained = setTimeout(drain, drainMs);
            return;
          }
          for (const stream of proc.stdio) stream?.destroy();
        };
        drained = setTimeout(drain, drainMs);
        proc.once('close', () => clearTimeout(drained));
        ok({ exitCode: exitCodeOf(code, signal) });
      });
      proc.on('error', (e) => {
        this.#exited = true;
        ok({ exitCode: 127, error: e.message });
      });
    });
    this.#done = Promise.all([exited, closed]).then(([status]) => {
      if (!bwrapStatus || status.error) return status;
      if (this.#statusExit !== undefined) return { exitCode: this.#statusExit };
      // bwrap exited on its own without reporting the step's exit: the sandbox never ran the command.
      if (status.exitCode < 128)
        return { exitCode: status.exitCode, error: `bwrap: ${this.#bwrapError ?? 'failed'}` };
      return status;
    });
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

  /** Stops reading the step's output (its writes block once the pipes are full) until `resumeOutput`. */
  pauseOutput(): void {
    this.#paused = true;
    this.#proc.stdout?.pause();
    this.#proc.stderr?.pause();
  }

  resumeOutput(): void {
    this.#paused = false;
    this.#proc.stdout?.resume();
    this.#proc.stderr?.resume();
  }

  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    if (this.#exited) return;
    if (this.#bwrapStatus && signal === 'SIGTERM') {
      this.#pendingTerm = true;
      this.#deliverTerm();
      return;
    }
    this.#pendingTerm = false;
    clearTimeout(this.#termRetry);
    this.#send(signal);
  }

  #send(signal: 'SIGTERM' | 'SIGKILL'): void {
    if (this.#sandboxPid !== undefined && kill(-this.#sandboxPid, signal)) return;
    kill(-this.#proc.pid!, signal);
  }

  /** Sends the held SIGTERM once the sandboxed command runs, looking again until it does. */
  #deliverTerm(): void {
    clearTimeout(this.#termRetry);
    const pid = this.#sandboxPid;
    if (!this.#pendingTerm || this.#exited || pid === undefined) return;
    this.#termHeldSince ??= Date.now();
    // bwrap's init (the reported id under --unshare-pid) has no child until the command runs; a bound on
    // the wait keeps a SIGTERM from being held forever should the id ever be the command itself.
    if (!hasChild(pid) && Date.now() - this.#termHeldSince < termHoldMs) {
      this.#termRetry = setTimeout(() => this.#deliverTerm(), termRetryMs);
      return;
    }
    this.#pendingTerm = false;
    this.#termHeldSince = undefined;
    this.#send('SIGTERM');
  }

  wait(): Promise<ExitStatus> {
    return this.#done;
  }
}
