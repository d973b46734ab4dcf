/**
 * @module emissary/runtimes/process/launcher/launched-step
 * One step started by the launcher's shell: its output is read from the files it writes (while it runs,
 * each time the launcher polls, and all the rest once it exited), its signals go to its process group
 * (or the sandbox's session, see `step-signals.ts`), and its exit status comes from the shell's `E` event.
 *
 * Once the step exited (and the shell killed what was left of its process group), the files are read to
 * their end and removed. A process that escaped the group and writes on does so into a removed file:
 * nothing of it reaches another step. A sandbox cannot leave such a process behind (its processes end
 * with its PID namespace), so a sandboxed step's files are given back to be reused instead: making and
 * removing three files per step costs the file system more than the step's own writes.
 */

import { closeSync, openSync, readFileSync, readSync, unlinkSync } from 'node:fs';
import type { ExitStatus, RunningContainer } from '../../../runtime.ts';
import type { ChildIO } from '../child.ts';
import {
  type BwrapStatus,
  bwrapComplaint,
  kill,
  readBwrapStatus,
  type StepSignal,
  StepSignals,
  sandboxedExit,
} from '../step-signals.ts';

/** Read at most this much of one file in one go, then let the event loop run. */
const readSlice = 1 << 20;
const chunkBytes = 64 * 1024;

/** Removes a file the shell made (it may not have, if the shell died first). */
function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // not there
  }
}

/**
 * How the part of an output file already read is freed: once `every` more bytes were read, `free(path,
 * length)` (the first `length` bytes, whole pages).
 */
export interface FreeRead {
  every: number;
  free: (path: string, length: number) => void;
}

const pageBytes = 4096;

/** A file the step writes one of its streams to, read from where the last read stopped. */
class OutputFile {
  readonly #path: string;
  readonly #deliver: (chunk: Buffer) => void;
  readonly #free: FreeRead | undefined;
  #fd: number | undefined;
  #offset = 0;
  /** How much of the file's start is freed. */
  #freed = 0;

  constructor(path: string, deliver: (chunk: Buffer) => void, free: FreeRead | undefined) {
    this.#path = path;
    this.#deliver = deliver;
    this.#free = free;
  }

  /**
   * Delivers up to `max` bytes written since the last read; true if there may be more. `freeing`: frees
   * what was read (not for the last reads of an exited step, whose file is removed or reused anyway).
   */
  read(max: number, freeing = true): boolean {
    if (this.#fd === undefined) {
      try {
        this.#fd = openSync(this.#path, 'r');
      } catch {
        return false;
      }
    }
    let left = max;
    while (left > 0) {
      const buf = Buffer.allocUnsafe(Math.min(left, chunkBytes));
      const n = readSync(this.#fd, buf, 0, buf.length, this.#offset);
      if (n === 0) return false;
      this.#offset += n;
      left -= n;
      this.#deliver(n === buf.length ? buf : buf.subarray(0, n));
      if (freeing) this.#freeRead();
    }
    return true;
  }

  /** Frees what is read, once there is enough of it (a step that writes gigabytes holds little). */
  #freeRead(): void {
    const free = this.#free;
    if (free === undefined || this.#offset - this.#freed < free.every) return;
    this.#freed = this.#offset - (this.#offset % pageBytes);
    free.free(this.#path, this.#freed);
  }

  /** Closes the file; `remove`: and removes it. */
  close(remove: boolean): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    if (remove) unlinkQuietly(this.#path);
  }
}

export class LaunchedStep implements RunningContainer {
  readonly pid: number;
  readonly #prefix: string;
  readonly #release: (() => void) | undefined;
  readonly #sandboxed: boolean;
  readonly #out: OutputFile;
  readonly #err: OutputFile;
  readonly #status: BwrapStatus = {};
  readonly #signals: StepSignals;
  #complaint: string | undefined;
  #ended = false;
  readonly #done: Promise<ExitStatus>;
  #resolve!: (status: ExitStatus) => void;

  /**
   * `release`: the step's files are the shell's to reuse (it truncates them for the next step), given
   * back when the step is done with them instead of removed. `free`: how what is read of them is freed
   * while the step runs.
   */
  constructor(
    pid: number,
    prefix: string,
    io: ChildIO,
    options: { sandboxed: boolean; release?: (() => void) | undefined; free?: FreeRead | undefined },
  ) {
    const { sandboxed, release, free } = options;
    this.pid = pid;
    this.#prefix = prefix;
    this.#release = release;
    this.#sandboxed = sandboxed;
    this.#out = new OutputFile(`${prefix}.o`, (c) => io.stdout(c), free);
    this.#err = new OutputFile(
      `${prefix}.e`,
      (c) => {
        if (sandboxed && this.#status.exitCode === undefined)
          this.#complaint = bwrapComplaint(c) ?? this.#complaint;
        io.stderr(c);
      },
      free,
    );
    // A plain step leads a process group of its own (see `shell-line.ts`); bwrap is signalled alone and
    // passes the signal on into its sandbox (`step-signals.ts`).
    this.#signals = new StepSignals(
      (signal) => this.#killOwn(signal),
      sandboxed ? () => this.#sandboxPid() : undefined,
    );
    this.#done = new Promise((ok) => {
      this.#resolve = ok;
    });
  }

  signal(signal: StepSignal): void {
    if (!this.#ended) this.#signals.signal(signal);
  }

  wait(): Promise<ExitStatus> {
    return this.#done;
  }

  /**
   * Delivers what the step wrote since the last poll, at most a slice of each stream (so that a flood
   * cannot stall the engine); true if there may be more.
   */
  poll(): boolean {
    if (this.#ended) return false;
    const out = this.#out.read(readSlice);
    return this.#err.read(readSlice) || out;
  }

  /** The step exited with shell status `code`: the rest of its output, then its exit status. */
  async exited(code: number): Promise<void> {
    if (this.#ended) return;
    this.#signals.exited();
    if (this.#sandboxed) this.#readStatus();
    while (this.#out.read(readSlice, false) || this.#err.read(readSlice, false)) {
      await new Promise((ok) => setImmediate(ok));
    }
    this.#finish(this.#sandboxed ? sandboxedExit(code, this.#status, this.#complaint) : { exitCode: code });
  }

  /** The launcher is gone: the step is killed and ends with `message`. */
  lost(message: string): void {
    if (this.#ended) return;
    this.#signals.exited();
    this.#killOwn('SIGKILL');
    const sandbox = this.#sandboxed ? this.#sandboxPid() : undefined;
    if (sandbox !== undefined) kill(-sandbox, 'SIGKILL');
    this.#finish({ exitCode: 137, error: `${message}; the step was killed` });
  }

  #finish(status: ExitStatus): void {
    this.#ended = true;
    const remove = this.#release === undefined;
    this.#out.close(remove);
    this.#err.close(remove);
    if (remove && this.#sandboxed) unlinkQuietly(`${this.#prefix}.s`);
    this.#release?.();
    this.#resolve(status);
  }

  #killOwn(signal: StepSignal): void {
    if (!this.#sandboxed && kill(-this.pid, signal)) return;
    kill(this.pid, signal);
  }

  /** What bwrap has reported in its status file so far (read again until it has said everything). */
  #readStatus(): BwrapStatus {
    if (this.#status.childPid === undefined || this.#status.exitCode === undefined) {
      try {
        readBwrapStatus(readFileSync(`${this.#prefix}.s`, 'utf8'), this.#status);
      } catch {
        // not written yet
      }
    }
    return this.#status;
  }

  /** The sandbox's session id, once bwrap reported it. */
  #sandboxPid(): number | undefined {
    return this.#readStatus().childPid;
  }
}
