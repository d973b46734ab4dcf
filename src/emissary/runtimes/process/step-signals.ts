/**
 * @module emissary/runtimes/process/step-signals
 * How a step's signals are delivered, wherever the step was started from (`child.ts`, `launcher/`): to
 * the step's own process group, or under bubblewrap to the sandbox's session.
 *
 * bwrap runs with `--new-session`, so the sandbox is a session of its own whose id bwrap reports on its
 * status fd (`{"child-pid": N}`); signalling that group leaves bwrap alive to report the step's real exit
 * code (`{"exit-code": N}`). A SIGTERM is held until the command runs: killing bwrap while it sets the
 * sandbox up can orphan the sandbox (its `--die-with-parent` is not armed yet), and the reported id is
 * bwrap's init inside the new PID namespace, which ignores SIGTERM, so a SIGTERM sent before that init has
 * forked the command would be lost. SIGKILL, the last resort, is never held: it goes to the sandbox's
 * group (the namespace's init cannot ignore it, and its death ends the namespace), or to bwrap itself if
 * the id is still unknown.
 */

import { readFileSync } from 'node:fs';
import type { ExitStatus } from '../../runtime.ts';

export type StepSignal = 'SIGTERM' | 'SIGKILL';

/** What bwrap said on its status fd so far (JSON documents, possibly glued together). */
export interface BwrapStatus {
  childPid?: number;
  exitCode?: number;
}

/** Reads every complete JSON document in `text` into `into`; returns the incomplete rest. */
export function readBwrapStatus(text: string, into: BwrapStatus): string {
  for (const m of text.matchAll(/\{[^{}]*\}/g)) {
    try {
      const doc = JSON.parse(m[0]) as Record<string, unknown>;
      if (typeof doc['child-pid'] === 'number') into.childPid = doc['child-pid'];
      if (typeof doc['exit-code'] === 'number') into.exitCode = doc['exit-code'];
    } catch {
      // not a document of bwrap's
    }
  }
  return text.replace(/[\s\S]*\}/, '');
}

/** bwrap's own complaint in a chunk of its stderr (`bwrap: Can't mount ...`), if any. */
export function bwrapComplaint(chunk: Buffer): string | undefined {
  return /^bwrap: (.*)$/m.exec(chunk.toString('utf8'))?.[1];
}

/**
 * A sandboxed step's exit status from bwrap's own exit `code` and what it reported: the command's exit
 * code when bwrap reported one; otherwise bwrap exited on its own and the sandbox never ran the command.
 */
export function sandboxedExit(code: number, status: BwrapStatus, complaint: string | undefined): ExitStatus {
  if (status.exitCode !== undefined) return { exitCode: status.exitCode };
  if (code < 128) return { exitCode: code, error: `bwrap: ${complaint ?? 'failed'}` };
  return { exitCode: code };
}

/** Sends `signal` to `pid` (negative: a process group; 0 sends nothing); false if there is no such process. */
export function kill(pid: number | undefined, signal: NodeJS.Signals | 0): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
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

export class StepSignals {
  /** Signals the step's own process or group (bwrap itself when sandboxed). */
  readonly #own: (signal: StepSignal) => void;
  /** The sandbox's session id once bwrap reported it; absent for a plain step. */
  readonly #sandboxPid: (() => number | undefined) | undefined;
  #exited = false;
  /** A SIGTERM held until the sandboxed command runs. */
  #pendingTerm = false;
  #termRetry: NodeJS.Timeout | undefined;
  #termHeldSince: number | undefined;

  constructor(own: (signal: StepSignal) => void, sandboxPid?: () => number | undefined) {
    this.#own = own;
    this.#sandboxPid = sandboxPid;
  }

  signal(signal: StepSignal): void {
    if (this.#exited) return;
    if (this.#sandboxPid && signal === 'SIGTERM') {
      this.#pendingTerm = true;
      this.deliverHeld();
      return;
    }
    this.#pendingTerm = false;
    clearTimeout(this.#termRetry);
    this.#send(signal);
  }

  /** The step exited: signals are no-ops from now on. */
  exited(): void {
    this.#exited = true;
    clearTimeout(this.#termRetry);
  }

  /**
   * Sends a held SIGTERM once the sandboxed command runs, looking again until it does (and until bwrap has
   * said where the sandbox is; call it again when it does, to lose no time).
   */
  deliverHeld(): void {
    clearTimeout(this.#termRetry);
    if (!this.#pendingTerm || this.#exited) return;
    const pid = this.#sandboxPid?.();
    if (pid === undefined) {
      this.#termRetry = setTimeout(() => this.deliverHeld(), termRetryMs);
      return;
    }
    this.#termHeldSince ??= Date.now();
    // bwrap's init (the reported id under --unshare-pid) has no child until the command runs; a bound on
    // the wait keeps a SIGTERM from being held forever should the id ever be the command itself.
    if (!hasChild(pid) && Date.now() - this.#termHeldSince < termHoldMs) {
      this.#termRetry = setTimeout(() => this.deliverHeld(), termRetryMs);
      return;
    }
    this.#pendingTerm = false;
    this.#termHeldSince = undefined;
    this.#send('SIGTERM');
  }

  #send(signal: StepSignal): void {
    const sandbox = this.#sandboxPid?.();
    if (sandbox !== undefined && kill(-sandbox, signal)) return;
    this.#own(signal);
  }
}
