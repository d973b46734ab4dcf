/**
 * @module emissary/runtimes/process/launcher/launcher
 * The engine's step launcher: one long-lived bash that starts steps for it. Node forks its whole
 * process to start a child (`child_process.spawn`), which for the engine, or any Node process, costs a copy
 * of tens or hundreds of MB of page tables and the teardown of that copy at exec; a shell's fork copies
 * a few MB. The engine writes each step's code, framed with its length, on the shell's stdin
 * (`shell-line.ts`); the shell passes it to an idle lane (a bash it forked, one per step running at once),
 * which forks the step, waits for it and reports on the shell's stdout. A step's stdout and stderr go to
 * files in the launcher's directory (on a tmpfs when the machine has one, `launcherBase`), which
 * `LaunchedStep` reads while the step runs (every `pollMs`) and once it exited; a file never blocks a
 * step, and no byte is lost to a slow reader. What was read of a file is freed as the step writes on
 * (`freeReadCode`), so a step that writes gigabytes holds only what is not read yet.
 *
 * Life cycle: the shell starts on the first launch, in a session of its own, with an empty environment.
 * When its stdin ends (the engine closed it, or died and the kernel closed it) it sends SIGHUP to its
 * process group, and every busy lane kills its step: a step never outlives the engine. The shell and
 * its pipes hold the engine's event loop only while steps start or run. If the shell dies, the steps it
 * ran are killed and end with an error that says so, and the next launch starts a new shell. A lane found
 * gone when a step is handed to it is replaced.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeError } from '../../../../errors/index.ts';
import type { RunningContainer } from '../../../runtime.ts';
import type { ChildIO, ChildOptions } from '../child.ts';
import { findInPath } from '../command.ts';
import { kill } from '../step-signals.ts';
import { type FreeRead, LaunchedStep } from './launched-step.ts';
import {
  frame,
  freeReadCode,
  type LauncherTools,
  newLane,
  parseEvent,
  prelude,
  stepCode,
} from './shell-line.ts';

/** How often running steps' output files are read, ms. */
export const pollMs = 100;

/** Once this much more of a step's output file is read, the part read is freed (`freeReadCode`). */
export const freeEveryBytes = 8 << 20;

/** How many lanes a step may find gone before it fails (a lane that cannot be forked is gone at once). */
const maxLostLanes = 3;

/** How much of the shell's own stderr is kept, to explain its death. */
const stderrKept = 4096;

/** `statfs`'s type for tmpfs. */
const tmpfsMagic = 0x01021994;

/** Free space a tmpfs must have to hold the launcher's files (a container's /dev/shm often has 64 MB). */
export const launcherTmpfsMinBytes = 2 ** 30;

/**
 * Where the launcher's directory goes: the system's shared-memory tmpfs (`/dev/shm`) when it is one, is
 * writable and has `minFree` bytes free, else the temporary directory. Each plain step makes two new files
 * there, and a disk file system pays for every new inode (an ext4 without a journal scans every inode
 * freed in the last minute before it hands out a new one: 0.5 ms per file on this machine after a few
 * runs). A step's files hold at most `freeEveryBytes` of what was read (see `freeReadCode`).
 */
export function launcherBase(
  candidates: readonly string[] = ['/dev/shm'],
  minFree = launcherTmpfsMinBytes,
): string {
  for (const dir of candidates) {
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
      const fs = statfsSync(dir);
      if (fs.type === tmpfsMagic && fs.bavail * fs.bsize >= minFree) return dir;
    } catch {
      // not there, or not ours to write
    }
  }
  return tmpdir();
}

/** An executable named with a directory as is, else the first `name` in the directories of `path`. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  return name.includes('/') ? name : findInPath(name, { path, hostPathOf: (p) => p });
}

/** The shell the launcher runs (`bash` as PATH finds it), and the helpers it needs, or why it cannot run. */
export function launcherTools(bash?: string): LauncherTools | string {
  const path = `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin:/sbin:/bin`;
  const env = findExecutable('env', path);
  if (!env) return 'env is not installed';
  const fallocate = findExecutable('fallocate', path);
  const optional = fallocate ? { fallocate } : {};
  if (bash === undefined) {
    // Found on PATH, it is an executable file already (`findInPath`).
    const found = findExecutable('bash', path);
    return found ? { bash: found, env, ...optional } : 'bash is not installed';
  }
  try {
    accessSync(bash, constants.X_OK);
  } catch {
    return `${bash} is missing`;
  }
  return { bash, env, ...optional };
}

interface Running {
  step: LaunchedStep;
  lane: number;
  /** When a poll first found the step's lane gone (its `E` may still be on the way), ms. */
  orphanedAt: number | undefined;
}

interface Pending {
  io: ChildIO;
  lane: number;
  code: string;
  /** Lanes found gone when this step was handed to them. */
  lost: number;
  prefix: string;
  sandboxed: boolean;
  release: (() => void) | undefined;
  ok: (step: LaunchedStep) => void;
  fail: (error: Error) => void;
}

/** One shell, from its start to its end. */
class Shell {
  readonly #proc: ChildProcess;
  readonly #tools: LauncherTools;
  readonly #dir: string;
  /** Frees what was read of an output file (`freeReadCode`); undefined without `fallocate`. */
  readonly #free: FreeRead | undefined;
  readonly #pending = new Map<number, Pending>();
  readonly #running = new Map<number, Running>();
  #nextId = 1;
  /** Lanes (see `shell-line.ts`) started so far, and those without a step. */
  #lanes = 0;
  readonly #idleLanes: number[] = [];
  /** Each lane's pid, once the shell reported it. */
  readonly #lanePids: (number | undefined)[] = [];
  /** Sandboxed steps' file prefixes free for reuse (see `LaunchedStep`), and how many were made. */
  readonly #freeSlots: string[] = [];
  #slots = 0;
  #stderr = '';
  #events = '';
  #queued = '';
  #flushing = false;
  #poll: NodeJS.Timeout | undefined;
  #closing = false;
  #gone = false;
  #referenced = true;
  readonly #closed: Promise<void>;

  constructor(tools: LauncherTools, freeEvery: number) {
    this.#tools = tools;
    const fallocate = tools.fallocate;
    this.#free =
      fallocate === undefined
        ? undefined
        : {
            every: freeEvery,
            free: (path, length) => this.#write(frame('-', freeReadCode(fallocate, path, length))),
          };
    this.#dir = mkdtempSync(join(launcherBase(), 'nuncio-steps-'));
    const sh = tools.bash;
    this.#proc = spawn(sh, ['-s'], { stdio: ['pipe', 'pipe', 'pipe'], env: {}, detached: true });
    this.#proc.stdin!.on('error', () => {});
    this.#proc.stdout!.setEncoding('utf8');
    this.#proc.stdout!.on('data', (chunk: string) => this.#onEvents(chunk));
    this.#proc.stderr!.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-stderrKept);
    });
    this.#closed = new Promise((ok) => {
      this.#proc.on('error', (e) => {
        this.#end(`the step launcher (${sh}) could not be started: ${e.message}`);
        ok();
      });
      // Not 'close': the lanes hold the shell's stdout until they end.
      this.#proc.on('exit', (code, signal) => {
        const how = signal ? `killed by ${signal}` : `exit code ${code}`;
        const said = this.#stderr.trim().split('\n').at(-1);
        this.#end(
          this.#closing
            ? `the step launcher (pid ${this.#proc.pid}) was closed`
            : `the step launcher (pid ${this.#proc.pid}) exited unexpectedly (${said ? `${how}: ${said}` : how})`,
        );
        ok();
      });
    });
    this.#write(prelude(this.#dir));
    this.#updateRef();
  }

  get gone(): boolean {
    return this.#gone || this.#closing;
  }

  get pid(): number | undefined {
    return this.#proc.pid;
  }

  launch(options: ChildOptions & { argv0?: string }, io: ChildIO): Promise<RunningContainer> {
    const id = this.#nextId++;
    const sandboxed = options.bwrapStatus === true;
    const prefix = sandboxed
      ? (this.#freeSlots.pop() ?? join(this.#dir, `s${this.#slots++}`))
      : join(this.#dir, String(id));
    const release = sandboxed ? () => this.#freeSlots.push(prefix) : undefined;
    const code = stepCode({ id, ...options, filePrefix: prefix }, this.#tools);
    const lane = this.#lane();
    const started = new Promise<LaunchedStep>((ok, fail) =>
      this.#pending.set(id, { io, lane, code, lost: 0, prefix, sandboxed, release, ok, fail }),
    );
    this.#write(frame(lane, code));
    this.#updateRef();
    return started;
  }

  /** An idle lane, or a new one. */
  #lane(): number {
    const idle = this.#idleLanes.pop();
    if (idle !== undefined) return idle;
    const lane = this.#lanes++;
    this.#write(frame('-', newLane(lane)));
    return lane;
  }

  /** Ends the shell (which ends what still runs) and resolves once it exited. */
  close(): Promise<void> {
    if (!this.#gone && !this.#closing) {
      this.#closing = true;
      // Waiting for its exit holds the event loop, or whoever awaits `close` would be dropped.
      this.#setRef(true);
      this.#proc.stdin!.end();
    }
    return this.#closed;
  }

  /** Lines written in one turn of the event loop go to the shell in one write. */
  #write(text: string): void {
    if (this.#gone) return;
    this.#queued += text;
    if (this.#flushing) return;
    this.#flushing = true;
    queueMicrotask(() => {
      this.#flushing = false;
      const queued = this.#queued;
      this.#queued = '';
      if (!this.#gone && queued) this.#proc.stdin!.write(queued);
    });
  }

  #onEvents(chunk: string): void {
    this.#events += chunk;
    let at = 0;
    for (let nl = this.#events.indexOf('\n'); nl >= 0; nl = this.#events.indexOf('\n', at)) {
      const event = parseEvent(this.#events.slice(at, nl));
      at = nl + 1;
      if (!event) continue;
      if (event.kind === 'S') {
        const p = this.#pending.get(event.id);
        if (!p) continue;
        this.#pending.delete(event.id);
        const step = new LaunchedStep(event.pid, p.prefix, p.io, {
          sandboxed: p.sandboxed,
          release: p.release,
          free: this.#free,
        });
        this.#running.set(event.id, { step, lane: p.lane, orphanedAt: undefined });
        this.#schedulePoll();
        p.ok(step);
      } else if (event.kind === 'E') {
        const running = this.#running.get(event.id);
        if (!running) continue;
        this.#running.delete(event.id);
        this.#idleLanes.push(running.lane);
        void running.step.exited(event.status).then(() => this.#updateRef());
      } else if (event.kind === 'L') {
        this.#lanePids[event.lane] = event.pid;
      } else {
        // The lane is gone (something killed it, or it could not be forked) and is not used again: its
        // step goes to another, a few times.
        for (const [id, p] of this.#pending) {
          if (p.lane !== event.lane) continue;
          if (++p.lost > maxLostLanes) {
            this.#pending.delete(id);
            p.release?.();
            p.fail(
              new RuntimeError(`the step launcher lost ${p.lost} lanes in a row; the step was not started`),
            );
            continue;
          }
          p.lane = this.#lane();
          this.#write(frame(p.lane, p.code));
        }
        this.#updateRef();
      }
    }
    this.#events = this.#events.slice(at);
  }

  /** Reads running steps' output every `pollMs`, and again at once while a step writes faster than that. */
  #schedulePoll(soon = false): void {
    if (this.#poll) return;
    this.#poll = setTimeout(
      () => {
        this.#poll = undefined;
        let more = false;
        for (const { step } of this.#running.values()) more = step.poll() || more;
        this.#checkLanes();
        if (this.#running.size > 0) this.#schedulePoll(more);
      },
      soon ? 0 : pollMs,
    );
    this.#poll.unref();
  }

  /**
   * A step whose lane is gone (something killed it) would never report its end: once its lane has been
   * found gone for a poll interval and no `E` came meanwhile, the step is killed and ends with an error.
   */
  #checkLanes(): void {
    for (const [id, running] of this.#running) {
      const pid = this.#lanePids[running.lane];
      // Signal 0 only asks whether the process exists (a zombie does, until the shell reaps it).
      if (pid === undefined || kill(pid, 0)) continue;
      running.orphanedAt ??= Date.now();
      if (Date.now() - running.orphanedAt < pollMs) continue;
      this.#running.delete(id);
      running.step.lost(`the step launcher's lane (pid ${pid}) is gone`);
      this.#updateRef();
    }
  }

  /**
   * The shell is gone: what it ran is killed (a plain step would otherwise run on, orphaned) and ends
   * with `message`; what it was starting fails with it.
   */
  #end(message: string): void {
    if (this.#gone) return;
    this.#gone = true;
    clearTimeout(this.#poll);
    for (const { step } of this.#running.values()) step.lost(message);
    this.#running.clear();
    for (const p of this.#pending.values()) p.fail(new RuntimeError(`${message}; the step was not started`));
    this.#pending.clear();
    // A lane left behind then fails to report to nobody, and goes.
    for (const stream of [this.#proc.stdin, this.#proc.stdout, this.#proc.stderr]) stream?.destroy();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  /** The shell holds the engine's event loop only while steps are starting or running. */
  #updateRef(): void {
    if (this.#closing) return;
    this.#setRef(!this.#gone && this.#pending.size + this.#running.size > 0);
  }

  #setRef(on: boolean): void {
    if (on === this.#referenced) return;
    this.#referenced = on;
    const proc = this.#proc;
    const pipes = [proc.stdin, proc.stdout, proc.stderr] as Socket[];
    if (on) {
      proc.ref();
      for (const p of pipes) p.ref();
    } else {
      proc.unref();
      for (const p of pipes) p.unref();
    }
  }
}

/** Starts steps through one shell at a time (see the module comment). */
export class Launcher {
  readonly #tools: LauncherTools;
  readonly #freeEvery: number;
  #shell: Shell | undefined;
  /**
   * Executables named without a directory, by the PATH they were found on and their name. A step's name
   * is looked up on the PATH of its own environment, as `spawn` does (`/usr/bin:/bin` when it has none).
   */
  readonly #found = new Map<string, string>();

  /** `freeEvery`: how much more of an output file is read before the part read is freed. */
  constructor(tools: LauncherTools, freeEvery = freeEveryBytes) {
    this.#tools = tools;
    this.#freeEvery = freeEvery;
  }

  /** Starts a step; resolves once its process is forked, rejects if its executable cannot be found. */
  async launch(options: ChildOptions, io: ChildIO): Promise<RunningContainer> {
    let file = options.file;
    if (!file.includes('/')) {
      const path = options.env.PATH ?? '/usr/bin:/bin';
      const key = `${path}\0${file}`;
      let found = this.#found.get(key);
      if (found === undefined) {
        found = findExecutable(file, path);
        if (found === undefined) throw new RuntimeError(`spawn ${options.file} ENOENT`);
        this.#found.set(key, found);
      }
      file = found;
    }
    if (!this.#shell || this.#shell.gone) this.#shell = new Shell(this.#tools, this.#freeEvery);
    return this.#shell.launch({ ...options, file, argv0: options.file }, io);
  }

  /** The shell's process id, if one runs. */
  get pid(): number | undefined {
    return this.#shell && !this.#shell.gone ? this.#shell.pid : undefined;
  }

  /** Ends the shell (steps should have ended) and resolves once it exited. */
  async close(): Promise<void> {
    const s = this.#shell;
    this.#shell = undefined;
    await s?.close();
  }
}
