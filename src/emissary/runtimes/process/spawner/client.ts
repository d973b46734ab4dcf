/**
 * @module emissary/runtimes/process/spawner/client
 * The engine's side of the spawner: `Spawner.launch` starts a step through a long-lived spawner process
 * (`spawner.ts`), started on first use, instead of forking the engine. On Linux a fork copies the page
 * tables of the whole engine (hundreds of MB with a large workflow) and blocks its only JavaScript thread
 * until the step has exec'd; forking the spawner's small address space on the spawner's own thread costs
 * far less and runs beside the engine's work.
 *
 * Life cycle: the spawner runs in a session of its own and exits when its stdin ends, so it never
 * outlives the engine (see `serve.ts`). It holds the engine's event loop only while steps run. If it
 * dies, the steps it ran end with an error that says so (their process groups are killed), steps being
 * started fail the same way, and the next launch starts a new spawner.
 *
 * A Node process takes 60-100 ms to boot, longer than a whole one-step workflow should wait: the first
 * few steps are forked from this process, the spawner starts with the fifth, and until it says it is
 * ready steps are still forked from here (cheap while the engine is still small, as it is when it has
 * just started).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from '../../../../errors/index.ts';
import type { ExitStatus, RunningContainer } from '../../../runtime.ts';
import { Child, type ChildIO, type ChildOptions } from '../child.ts';
import {
  encodeFrame,
  FrameReader,
  FrameType,
  type Started,
  type StepSignal,
  signalCodes,
} from './protocol.ts';

const ownExtension = extname(fileURLToPath(import.meta.url));

/**
 * The spawner's script and the flags to run it with: beside this module under `dist/src`, and beside
 * the bundle (`dist/spawner.js`) when this module is part of it; from TypeScript sources (tsx), with
 * this process's loader flags.
 */
function entry(): string[] {
  const file = fileURLToPath(new URL(`./spawner${ownExtension}`, import.meta.url));
  return ownExtension === '.ts' ? [...process.execArgv, file] : [file];
}

/** How much of the spawner's own stderr is kept, to explain its death. */
const stderrKept = 4096;

function describeEnd(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const how = signal ? `killed by ${signal}` : `exit code ${code}`;
  const said = stderr.trim().split('\n').at(-1);
  return said ? `${how}: ${said}` : how;
}

class RemoteStep implements RunningContainer {
  readonly io: ChildIO;
  readonly #send: (signal: StepSignal) => void;
  pid: number | undefined;
  #ended = false;
  readonly #done: Promise<ExitStatus>;
  #resolve!: (status: ExitStatus) => void;

  constructor(io: ChildIO, send: (signal: StepSignal) => void) {
    this.io = io;
    this.#send = send;
    this.#done = new Promise((ok) => {
      this.#resolve = ok;
    });
  }

  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    if (!this.#ended) this.#send(signal);
  }

  wait(): Promise<ExitStatus> {
    return this.#done;
  }

  end(status: ExitStatus): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#resolve(status);
  }
}

interface Pending {
  step: RemoteStep;
  ok: (step: RemoteStep) => void;
  fail: (error: Error) => void;
}

/** One spawner process, from its start to its end. */
class Connection {
  readonly #proc: ChildProcess;
  readonly #reader = new FrameReader();
  /** Steps asked for and not started yet. */
  readonly #pending = new Map<number, Pending>();
  /** Steps started and not exited yet. */
  readonly #running = new Map<number, RemoteStep>();
  #nextId = 1;
  #stderr = '';
  #closing = false;
  #gone = false;
  #referenced = true;
  /** Someone awaits readiness: the boot holds the event loop until then. */
  #awaited = false;
  readonly #closed: Promise<void>;
  #ready = false;
  /** Resolves once the spawner is ready; rejects if it ends before. */
  readonly ready: Promise<void>;
  #readyCallbacks!: { ok: () => void; fail: (e: Error) => void };

  constructor() {
    this.ready = new Promise((ok, fail) => {
      this.#readyCallbacks = { ok, fail };
    });
    // Nobody may be waiting for readiness: a rejection is not an unhandled one.
    this.ready.catch(() => {});
    this.#proc = spawn(process.execPath, entry(), {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.#proc.stdin!.on('error', () => {});
    this.#proc.stdout!.on('data', (chunk: Buffer) =>
      this.#reader.push(chunk, (t, id, p) => this.#onFrame(t, id, p)),
    );
    this.#proc.stderr!.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-stderrKept);
    });
    this.#closed = new Promise((ok) => {
      this.#proc.on('error', (e) => {
        this.#end(`the step spawner could not be started: ${e.message}`);
        ok();
      });
      this.#proc.on('close', (code, signal) => {
        const pid = this.#proc.pid;
        this.#end(
          this.#closing
            ? `the step spawner (pid ${pid}) was closed`
            : `the step spawner (pid ${pid}) exited unexpectedly (${describeEnd(code, signal, this.#stderr)})`,
        );
        ok();
      });
    });
    this.#updateRef();
  }

  get gone(): boolean {
    return this.#gone || this.#closing;
  }

  get isReady(): boolean {
    return this.#ready && !this.gone;
  }

  get pid(): number | undefined {
    return this.#proc.pid;
  }

  /** Resolves once the spawner is ready (rejects if it ends before); holds the event loop until then. */
  awaitReady(): Promise<void> {
    this.#awaited = true;
    this.#updateRef();
    return this.ready;
  }

  launch(options: ChildOptions, io: ChildIO): Promise<RunningContainer> {
    const id = this.#nextId++;
    const step = new RemoteStep(io, (signal) => {
      this.#write(encodeFrame(FrameType.signal, id, Buffer.of(signalCodes.indexOf(signal))));
    });
    const started = new Promise<RemoteStep>((ok, fail) => this.#pending.set(id, { step, ok, fail }));
    this.#write(encodeFrame(FrameType.spawn, id, JSON.stringify(options)));
    this.#updateRef();
    return started;
  }

  /**
   * Ends the spawner and resolves once it exited: by closing its stdin once it is ready, and at once if it
   * is still booting (it has run nothing yet, and a whole boot is long to wait for).
   */
  close(): Promise<void> {
    if (!this.#gone && !this.#closing) {
      this.#closing = true;
      // Waiting for its exit holds the event loop, or whoever awaits `close` would be dropped.
      this.#setRef(true);
      if (this.#ready) this.#proc.stdin!.end();
      else this.#proc.kill('SIGKILL');
    }
    return this.#closed;
  }

  #write(frame: Buffer): void {
    if (!this.#gone) this.#proc.stdin!.write(frame);
  }

  #onFrame(type: number, id: number, payload: Buffer): void {
    switch (type) {
      case FrameType.ready:
        this.#ready = true;
        this.#readyCallbacks.ok();
        this.#updateRef();
        return;
      case FrameType.started: {
        const p = this.#pending.get(id);
        if (!p) return;
        this.#pending.delete(id);
        p.step.pid = (JSON.parse(payload.toString('utf8')) as Started).pid;
        this.#running.set(id, p.step);
        p.ok(p.step);
        return;
      }
      case FrameType.failed: {
        const p = this.#pending.get(id);
        if (!p) return;
        this.#pending.delete(id);
        p.fail(new Error(payload.toString('utf8')));
        this.#updateRef();
        return;
      }
      case FrameType.stdout:
        this.#running.get(id)?.io.stdout(payload);
        return;
      case FrameType.stderr:
        this.#running.get(id)?.io.stderr(payload);
        return;
      case FrameType.exit: {
        const step = this.#running.get(id);
        if (!step) return;
        this.#running.delete(id);
        step.end(JSON.parse(payload.toString('utf8')) as ExitStatus);
        this.#updateRef();
        return;
      }
    }
  }

  /**
   * The spawner is gone: what it ran is killed (a plain step would otherwise run on, orphaned; a sandbox
   * dies with it by itself) and ends with `message`; what it was starting fails with it.
   */
  #end(message: string): void {
    if (this.#gone) return;
    this.#gone = true;
    this.#readyCallbacks.fail(new RuntimeError(message));
    for (const step of this.#running.values()) {
      try {
        process.kill(-step.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      step.end({ exitCode: 137, error: `${message}; the step was killed` });
    }
    this.#running.clear();
    for (const p of this.#pending.values()) p.fail(new RuntimeError(`${message}; the step was not started`));
    this.#pending.clear();
  }

  /**
   * The spawner holds the engine's event loop only while steps are starting or running, or while someone
   * waits for it to be ready.
   */
  #updateRef(): void {
    if (this.#closing) return;
    const busy = this.#pending.size + this.#running.size > 0 || (this.#awaited && !this.#ready);
    this.#setRef(!this.#gone && busy);
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

/** Steps forked from this process before the first spawner starts: a workflow of a step or two never
 * waits for one to boot. */
const spawnerAfter = 4;

/** Starts steps through one spawner process at a time (see the module comment). */
export class Spawner {
  #connection: Connection | undefined;
  #launched = 0;

  #current(): Connection {
    if (!this.#connection || this.#connection.gone) this.#connection = new Connection();
    return this.#connection;
  }

  /**
   * Starts a step: through the spawner once it is ready, from this process until then (which starts the
   * spawner if none runs). Rejects if the step cannot be started (e.g. the executable is missing).
   */
  launch(options: ChildOptions, io: ChildIO): Promise<RunningContainer> {
    if (++this.#launched <= spawnerAfter && !this.#connection) return Child.spawn(options, io);
    const connection = this.#current();
    if (connection.isReady) return connection.launch(options, io);
    return Child.spawn(options, io);
  }

  /** Starts the spawner if none runs; resolves once it is ready, so that steps go through it. */
  ready(): Promise<void> {
    return this.#current().awaitReady();
  }

  /** The spawner process's id, if one runs. */
  get pid(): number | undefined {
    return this.#connection && !this.#connection.gone ? this.#connection.pid : undefined;
  }

  /** Ends the spawner (steps should have ended) and resolves once it exited. */
  async close(): Promise<void> {
    const c = this.#connection;
    this.#connection = undefined;
    await c?.close();
  }
}
