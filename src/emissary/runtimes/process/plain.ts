/**
 * @module emissary/runtimes/process/plain
 * A step as a plain host process, when bubblewrap is missing or turned off. It runs in its own process
 * group with a per-task working directory and HOME, but **absolute paths are shared with the host and
 * with every other step**: inputs are written to their absolute paths, outputs are read from theirs, and
 * two parallel steps writing `/tmp/x` see each other's file. Placed files (the script, shims) live in the
 * task's scratch directory and arguments naming them are rewritten to their host paths. A volume mount is
 * a symlink at its mount path (created only where nothing else is; removed on dispose).
 */

import { lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { readlink, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import { RuntimeError } from '../../../errors/index.ts';
import type {
  ContainerIO,
  ContainerSpec,
  PreparedContainer,
  RunningContainer,
  RuntimeMount,
} from '../../runtime.ts';
import type { Launch } from './child.ts';
import { resolveCommand } from './command.ts';
import { ensureDirSync, moveInto, present } from './host-fs.ts';
import type { ShimFiles } from './shim-files.ts';
import { hostnameOf, stepEnv } from './step-env.ts';

/** Synchronous: a handful of metadata calls that every step waits for (see task-run.ts). */
export function preparePlain(spec: ContainerSpec, shims: ShimFiles, launch: Launch): PreparedContainer {
  const files = new Map<string, string>();
  const links: RuntimeMount[] = [];
  for (const m of [...spec.mounts, ...shims.mounts]) {
    const target = posix.normalize(m.target);
    if (lstatSync(m.source).isDirectory()) links.push({ ...m, target });
    else files.set(target, m.source);
  }
  const hostPathOf = (p: string): string => files.get(posix.normalize(p)) ?? posix.normalize(p);

  const made: RuntimeMount[] = [];
  for (const l of links) {
    const existing = lstatSync(l.target, { throwIfNoEntry: false });
    if (existing && !existing.isSymbolicLink()) {
      throw new RuntimeError(`cannot mount ${l.source} at ${l.target}: the path exists on this machine`, {
        hint: 'without the sandbox, volumes are symlinks at their mount paths; install bubblewrap to isolate steps',
      });
    }
    if (existing) rmSync(l.target, { force: true });
    mkdirSync(posix.dirname(l.target), { recursive: true });
    symlinkSync(l.source, l.target);
    made.push(l);
  }

  const home = posix.join(spec.scratchDir, 'home');
  const work = posix.join(spec.scratchDir, 'work');
  ensureDirSync(home);
  const cwd = spec.workingDir ? posix.normalize(spec.workingDir) : work;
  ensureDirSync(cwd);
  // Absolute paths are shared with the host: the file is the task's own, by its host path.
  const progressFile = spec.progressFile ? posix.join(spec.scratchDir, 'progress') : undefined;

  return {
    ...(progressFile ? { progressFile } : {}),

    async put(source: string, target: string): Promise<void> {
      await moveInto(source, hostPathOf(target));
    },

    async start(io: ContainerIO): Promise<RunningContainer> {
      const env = stepEnv(spec.env, {
        home,
        pathSuffix: shims.binDir?.source,
        hostname: hostnameOf(spec.hostname),
        ...(progressFile ? { progressFile } : {}),
      });
      const { argv, notes } = resolveCommand(spec.image, spec.command, spec.args, {
        hostPathOf,
        path: env.PATH ?? '',
        workingDir: cwd,
      });
      for (const n of notes) io.note(n);
      const real = argv.map((a) => files.get(a) ?? a);
      return launch({ file: real[0]!, args: real.slice(1), env, cwd }, io);
    },

    async read(path: string): Promise<string | undefined> {
      const p = hostPathOf(path);
      return (await present(p)) ? p : undefined;
    },

    async dispose(): Promise<void> {
      for (const l of made.splice(0)) {
        const to = await readlink(l.target).catch(() => undefined);
        if (to === l.source) await rm(l.target, { force: true });
      }
    },
  };
}
