/**
 * @module emissary/runtimes/process/process-runtime
 * The embedded runtime: the step's command runs on this machine (`image` is recorded, not pulled). On
 * Linux with bubblewrap each step is sandboxed (`sandboxed.ts`); without it, or with
 * `executor.emissary.sandbox: false`, or with `NUNCIO_SANDBOX=off` in the emissary's environment, steps are
 * plain processes (`plain.ts`) and the runtime says once, through its logger, that isolation is off.
 *
 * Steps are started by the runtime's launcher (`launcher/`), a shell started on first use and ended by
 * `close()`: forking the engine itself would copy its whole address space for every step. Where bash is
 * missing, steps are forked from this process.
 *
 * Resources (`resources.limits`) are recorded, not enforced: bubblewrap has no cgroup support and rlimits
 * are a poor stand-in for memory limits (virtual address space breaks Go and JVM programs).
 */

import { spawn } from 'node:child_process';
import type { ContainerSpec, PreparedContainer, Runtime, SkeletonDir } from '../../runtime.ts';
import { Child, type Launch } from './child.ts';
import { Launcher, launcherTools } from './launcher/launcher.ts';
import { preparePlain } from './plain.ts';
import { prepareSandboxed, tmpMode } from './sandboxed.ts';
import { shimFiles } from './shim-files.ts';

/** What a plain step gets in its scratch directory (`$HOME` and the working directory). */
const plainSkeleton: readonly SkeletonDir[] = [{ path: 'home' }, { path: 'work' }];
/** What a sandboxed step gets: its private `/tmp`. */
const sandboxSkeleton: readonly SkeletonDir[] = [{ path: 'tmp', mode: tmpMode }];

export interface ProcessRuntimeOptions {
  /** `auto` (default): sandbox when bubblewrap works here; `off`: never. */
  sandbox?: 'auto' | 'off';
  /** The bubblewrap binary (default `bwrap` from PATH). */
  bwrap?: string;
  /** Where the runtime's own warnings go (once each). */
  logger?: (message: string) => void;
  /** `false`: fork steps from this process instead of the launcher's shell (default `true`). */
  launcher?: boolean;
}

/** Runs `bwrap` once the way steps will run, to learn whether it works on this machine. */
function probe(bwrap: string): Promise<string | undefined> {
  return new Promise((ok) => {
    const args = ['--die-with-parent', '--unshare-pid', '--new-session', '--ro-bind', '/', '/'];
    const p = spawn(bwrap, [...args, '--dev', '/dev', '--proc', '/proc', '--', 'true'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    p.on('error', (e) => ok(`${bwrap}: ${e.message}`));
    p.on('close', (code) => ok(code === 0 ? undefined : err.trim() || `${bwrap} exited with code ${code}`));
  });
}

export class ProcessRuntime implements Runtime {
  readonly name = 'process';
  readonly #options: ProcessRuntimeOptions;
  #probe: Promise<string | undefined> | undefined;
  #warned = false;
  /** Whether bubblewrap works here, once probed. */
  #available: boolean | undefined;
  readonly #launcher: Launcher | undefined;
  readonly #launch: Launch;

  constructor(options: ProcessRuntimeOptions = {}) {
    this.#options = options;
    const tools = options.launcher === false ? undefined : launcherTools();
    if (typeof tools === 'string')
      options.logger?.(`process runtime: steps are forked from the engine (${tools})`);
    const launcher = typeof tools === 'object' ? new Launcher(tools) : undefined;
    this.#launcher = launcher;
    this.#launch = launcher ? (o, io) => launcher.launch(o, io) : (o, io) => Child.spawn(o, io);
  }

  /** `tmp` under the sandbox, `home` and `work` for plain processes; all three until bubblewrap is probed. */
  scratchSkeleton(): readonly SkeletonDir[] {
    if (this.#sandboxOff() || this.#available === false) return plainSkeleton;
    return this.#available === true ? sandboxSkeleton : [...plainSkeleton, ...sandboxSkeleton];
  }

  /** Ends the launcher's shell; a later step starts a new one. */
  async close(): Promise<void> {
    await this.#launcher?.close();
  }

  /** Whether steps that allow it run sandboxed here (probes bubblewrap on first use). */
  async sandboxAvailable(): Promise<boolean> {
    if (this.#sandboxOff()) return false;
    this.#probe ??= probe(this.#options.bwrap ?? 'bwrap');
    this.#available = (await this.#probe) === undefined;
    return this.#available;
  }

  /** The sandbox is turned off by configuration or by the environment. */
  #sandboxOff(): boolean {
    return this.#options.sandbox === 'off' || process.env.NUNCIO_SANDBOX === 'off';
  }

  async prepare(spec: ContainerSpec): Promise<PreparedContainer> {
    const shims = shimFiles(spec.image, spec.scratchDir);
    if (spec.options.sandbox !== false && (await this.sandboxAvailable())) {
      return prepareSandboxed(spec, this.#options.bwrap ?? 'bwrap', shims, this.#launch);
    }
    if (!this.#warned) {
      this.#warned = true;
      const why = await this.#whyOff(spec);
      this.#options.logger?.(
        `process runtime: isolation is off (${why}): steps run as plain processes and share absolute paths such as /tmp`,
      );
    }
    return preparePlain(spec, shims, this.#launch);
  }

  async #whyOff(spec: ContainerSpec): Promise<string> {
    if (spec.options.sandbox === false) return 'the workflow sets executor.emissary.sandbox: false';
    if (this.#options.sandbox === 'off') return 'sandbox is off in the configuration';
    if (process.env.NUNCIO_SANDBOX === 'off') return 'NUNCIO_SANDBOX=off';
    return `bubblewrap is not usable: ${(await this.#probe) ?? 'unknown'}`;
  }
}
