/**
 * @module emissary/container-run
 * One container of a task from its start to its exit, as Argo's `argoexec emissary` runs it inside the
 * container: the command starts through the runtime; its output becomes log lines that carry the
 * container's name (and its raw bytes go to the taps that keep `outputs.result` or the archived log); a
 * stop sends SIGTERM, then SIGKILL after the grace period; a containerSet `retryStrategy` restarts the
 * command in place after a pause.
 *
 * Exit codes are Argo's: the command's own; 128+N when signal N ended it; 64 when the emissary could not
 * run it (a missing command, or the runtime failing around it); 143 when the container was stopped before
 * its command started (Argo's emissary exits 143 on SIGTERM while it waits).
 *
 * Invariant: `run()` never rejects and resolves once; after it resolved, nothing of the container runs.
 */

import { LineSplitter } from './log-lines.ts';
import { CommandNotFoundError, type PreparedContainer, type RunningContainer } from './runtime.ts';

/** Argo's emissary exit code for "the emissary itself failed" (e.g. the executable was not found). */
export const emissaryFailed = 64;

/** Exit code of a container stopped before its command started (SIGTERM while waiting). */
export const stoppedBeforeStart = 143;

export interface ContainerExit {
  exitCode: number;
  /** Argo's termination message, when the emissary itself ended the container (exit 64). */
  detail?: string;
  /** The command could not be found (exit 64). */
  notFound?: boolean;
  /** The runtime failed around the container; what became of the command is unknown. */
  error?: string;
  /** Whether the command was started at all. */
  ran: boolean;
  /** Epoch milliseconds. */
  startedAt: number;
  finishedAt: number;
}

export interface ContainerRunOptions {
  name: string;
  prepared: PreparedContainer;
  /** One log line of this container. */
  log(stream: 'stdout' | 'stderr', line: string): void;
  now(): number;
  /** Raw stdout bytes (for `outputs.result`). */
  stdoutTap?(chunk: Buffer): void;
  /** Raw bytes of both streams, interleaved as they come (for the archived log). */
  combinedTap?(chunk: Buffer): void;
  /** Called once, when the command is first running. */
  onRunning?(): void;
  /** Total runs of the command while it exits non-zero (containerSet `retryStrategy`); default 1. */
  attempts?: number;
  /** Pause between two runs, ms. */
  pauseMs?: number;
}

export class ContainerRun {
  readonly name: string;
  readonly #options: ContainerRunOptions;
  #running: RunningContainer | undefined;
  #stopGraceMs: number | undefined;
  #signalled: RunningContainer | undefined;
  #killTimer: NodeJS.Timeout | undefined;
  #wakePause: (() => void) | undefined;

  constructor(options: ContainerRunOptions) {
    this.name = options.name;
    this.#options = options;
  }

  get stopping(): boolean {
    return this.#stopGraceMs !== undefined;
  }

  /** SIGTERM now, SIGKILL after `graceMs`; a container whose command has not started never starts it. */
  stop(graceMs: number): void {
    if (this.#stopGraceMs !== undefined) return;
    this.#stopGraceMs = graceMs;
    this.#wakePause?.();
    this.#signalRunning();
  }

  /** Sends the stop to the process running now, once per process. */
  #signalRunning(): void {
    const running = this.#running;
    const grace = this.#stopGraceMs;
    if (!running || grace === undefined || this.#signalled === running) return;
    this.#signalled = running;
    running.signal('SIGTERM');
    clearTimeout(this.#killTimer);
    this.#killTimer = setTimeout(() => running.signal('SIGKILL'), grace);
  }

  #pause(ms: number): Promise<void> {
    if (ms <= 0 || this.stopping) return Promise.resolve();
    return new Promise<void>((ok) => {
      const timer = setTimeout(ok, ms);
      this.#wakePause = () => {
        clearTimeout(timer);
        ok();
      };
    }).finally(() => {
      this.#wakePause = undefined;
    });
  }

  async run(): Promise<ContainerExit> {
    const o = this.#options;
    const startedAt = o.now();
    const ended = (e: Omit<ContainerExit, 'startedAt' | 'finishedAt'>): ContainerExit => ({
      ...e,
      startedAt,
      finishedAt: o.now(),
    });
    if (this.stopping) return ended({ exitCode: stoppedBeforeStart, ran: false });
    const stdout = new LineSplitter((l) => o.log('stdout', l));
    const stderr = new LineSplitter((l) => o.log('stderr', l));
    const attempts = Math.max(1, o.attempts ?? 1);
    let exitCode = 0;
    try {
      for (let attempt = 1; ; attempt++) {
        let running: RunningContainer;
        try {
          running = await o.prepared.start({
            stdout: (c) => {
              o.stdoutTap?.(c);
              o.combinedTap?.(c);
              stdout.push(c);
            },
            stderr: (c) => {
              o.combinedTap?.(c);
              stderr.push(c);
            },
            note: (line) => o.log('stderr', `nuncio: ${line}`),
          });
        } catch (e) {
          if (attempt > 1) {
            // A command that ran before and cannot start again ends with its last exit.
            return ended({ exitCode, ran: true });
          }
          if (e instanceof CommandNotFoundError) {
            return ended({ exitCode: emissaryFailed, detail: e.message, notFound: true, ran: false });
          }
          return ended({
            exitCode: emissaryFailed,
            error: e instanceof Error ? e.message : String(e),
            ran: false,
          });
        }
        this.#running = running;
        if (attempt === 1) o.onRunning?.();
        // A stop that arrived while the command was being started.
        this.#signalRunning();
        const status = await running.wait();
        this.#running = undefined;
        clearTimeout(this.#killTimer);
        stdout.end();
        stderr.end();
        if (status.error) return ended({ exitCode: emissaryFailed, error: status.error, ran: true });
        exitCode = status.exitCode;
        if (exitCode === 0 || attempt >= attempts || this.stopping) break;
        await this.#pause(o.pauseMs ?? 0);
        if (this.stopping) break;
      }
    } finally {
      clearTimeout(this.#killTimer);
      stdout.end();
      stderr.end();
    }
    return ended({ exitCode, ran: true });
  }
}
