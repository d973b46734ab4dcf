/**
 * @module emissary/runtimes/process/child
 * One step as a host process in its own process group, with Argo's emissary semantics: signals go to the
 * whole group (kill(-pgid)), a child killed by signal N exits 128+N, and `wait` resolves only after the
 * exit *and* the end of both output streams, so no line is lost.
 *
 * Under bubblewrap the group to signal is not bwrap's own: bwrap runs with `--new-session`, so the sandbox
 * is a session of its own whose id bwrap reports on its status pipe (`{"child-pid": N}`), and the step's
 * real exit code arrives there too (`{"exit-code": N}`). Signalling that group leaves bwrap alive to report
 * the exit code; signalling before the id is known falls back to bwrap's group (bwrap then dies and its
 * `--die-with-parent` kills the step).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { ContainerIO, ExitStatus, RunningContainer } from '../../runtime.ts';

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
  #sandboxPid: number | undefined;
  #statusExit: number | undefined;
  #bwrapError: string | undefined;
  #exited = false;

  private constructor(proc: ChildProcess, io: ContainerIO, bwrapStatus: boolean) {
    this.#proc = proc;
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
            if (typeof doc['child-pid'] === 'number') this.#sandboxPid = doc['child-pid'];
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
        // Stragglers left in the group (background jobs) would hold the pipes open: a pod would be torn
        // down here, so they are killed.
        kill(-proc.pid!, 'SIGKILL');
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
  static async spawn(options: ChildOptions, io: ContainerIO): Promise<Child> {
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

  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    if (this.#exited) return;
    if (this.#sandboxPid !== undefined && kill(-this.#sandboxPid, signal)) return;
    kill(-this.#proc.pid!, signal);
  }

  wait(): Promise<ExitStatus> {
    return this.#done;
  }
}
