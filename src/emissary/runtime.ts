/**
 * @module emissary/runtime
 * What the emissary needs from a runtime (process, container, kubernetes): run one prepared container and
 * give access to its filesystem before start (inputs) and after exit (outputs). Every runtime passes
 * `runtime.contract.ts`; runtimes never import one another.
 *
 * The protocol, in order:
 * 1. `prepare(spec)`: build the filesystem the step will see (mounts, placed files, writable places for
 *    every input and output path). Nothing runs yet.
 * 2. `put(source, target)` for each input artifact: the host file or directory `source` becomes `target`
 *    inside the step. Only before `start`.
 * 3. `start(io)`: run the command; output arrives through `io` as raw chunks, per stream, in order.
 * 4. `signal(...)` any time; `wait()` resolves with the exit status once the step exited and its streams
 *    are drained. A signal N that ends the step is exit code 128+N (143 for SIGTERM, 137 for SIGKILL).
 * 5. `read(path)` after exit: a host path holding what the step left at `path`, or undefined.
 * 6. `dispose()` always, last.
 */

import { RuntimeError } from '../errors/index.ts';
import type { Container, EmissaryConfig } from '../spec/types.ts';

/** A host file or directory made visible at `target` inside the step. */
export interface RuntimeMount {
  source: string;
  target: string;
  readOnly?: boolean;
}

export interface ContainerSpec {
  /** Container name (`main` for a plain step); messages and logs use it. */
  name: string;
  /** Recorded by the process runtime (no image is pulled); picks shims and default entrypoints. */
  image: string;
  /** Empty: the image's default entrypoint (resolved by the runtime). */
  command: string[];
  args: string[];
  /** The step's whole environment; the runtime adds only a PATH and a HOME when these are missing. */
  env: { name: string; value: string }[];
  workingDir?: string;
  /** Hostname inside the step where the runtime can set one (Argo: the pod name). */
  hostname?: string;
  /** Volumes (host directories) and placed files (the script source, shims). */
  mounts: RuntimeMount[];
  /** Paths that `put` will fill before start: their parents must be writable. */
  inputs: string[];
  /** Paths that `read` will read after exit: their parents must be writable by the step. */
  outputs: string[];
  resources?: Container['resources'];
  /** A fresh directory private to this run, on the host; the emissary removes it afterwards. */
  scratchDir: string;
  /** The task's `executor.emissary` settings (e.g. `sandbox: false`). */
  options: EmissaryConfig;
  /**
   * Give the step a file of its own for Argo's self-reported progress: the runtime sets
   * `ARGO_PROGRESS_FILE` to it (unless `env` does) and says where it is (`PreparedContainer.progressFile`).
   */
  progressFile?: boolean;
}

export interface ContainerIO {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** A line from the runtime itself for the step's log (e.g. "running python3 for python"). */
  note(line: string): void;
}

export interface ExitStatus {
  /** The step's exit code; 128+N when signal N ended it. */
  exitCode: number;
  /** Set when the runtime failed around the step (it never ran, or its fate is unknown). */
  error?: string;
}

export interface RunningContainer {
  /** Signals the step's whole process group (or container). A no-op once it exited. */
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Resolves once the step exited and its output streams are drained. Never rejects. */
  wait(): Promise<ExitStatus>;
}

export interface PreparedContainer {
  /**
   * The host path of the step's `ARGO_PROGRESS_FILE` (when `ContainerSpec.progressFile`), which the
   * emissary may read while the step runs. Nothing is there until the step writes it.
   */
  readonly progressFile?: string;
  /** Moves the host file or directory `source` to `target` inside the step. Before `start` only. */
  put(source: string, target: string): Promise<void>;
  /** Starts the command. Rejects with `CommandNotFoundError` when the executable cannot be found. */
  start(io: ContainerIO): Promise<RunningContainer>;
  /** After exit: a host path holding what the step left at `path`, or undefined if nothing is there. */
  read(path: string): Promise<string | undefined>;
  /** Releases what `prepare` made. Idempotent; the scratch directory itself is the emissary's. */
  dispose(): Promise<void>;
}

/** A directory relative to another (parents first), and its mode when not mkdir's default. */
export interface SkeletonDir {
  path: string;
  mode?: number;
}

export interface Runtime {
  readonly name: string;
  prepare(spec: ContainerSpec): Promise<PreparedContainer>;
  /**
   * Subdirectories of a container's scratch directory that `prepare` makes for most steps, with the mode
   * it gives them: the emissary makes them ahead of time, off the engine's thread, and keeps them between
   * steps (emptied).
   */
  scratchSkeleton?(): readonly SkeletonDir[];
  /** Releases what the runtime keeps between steps (a helper process); a later `prepare` may start anew. */
  close?(): Promise<void>;
}

/**
 * The step's executable does not exist where the step looks for it, or is not executable (Argo's emissary
 * exits 64; the texts are Go's exec.LookPath errors).
 */
export class CommandNotFoundError extends RuntimeError {
  readonly command: string;

  constructor(command: string, detail?: string, notExecutable = false) {
    super(
      notExecutable
        ? `failed to find name in PATH: exec: "${command}": permission denied`
        : command.includes('/')
          ? `failed to find name in PATH: exec: "${command}": stat ${command}: no such file or directory`
          : `failed to find name in PATH: exec: "${command}": executable file not found in $PATH`,
      { hint: detail ?? 'install the command on this machine, or run the step with the container runtime' },
    );
    this.command = command;
  }
}
