/**
 * @module emissary/runtimes/process/sandboxed
 * A step under bubblewrap: its own mount, PID, IPC, UTS and cgroup namespaces, a fresh /dev and /proc, the
 * host's directories read-only, and a per-task root (see `mount-plan.ts`) that holds everything the step
 * writes outside its volumes: its private /tmp, its inputs, its outputs. The network is shared (steps call
 * services). `--die-with-parent` ties the sandbox's life to the emissary's.
 */

import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { RuntimeError } from '../../../errors/index.ts';
import type { ContainerIO, ContainerSpec, PreparedContainer, RunningContainer } from '../../runtime.ts';
import type { Launch } from './child.ts';
import { resolveCommand } from './command.ts';
import { hostProbe, moveInto, present } from './host-fs.ts';
import { type PathView, planMounts } from './mount-plan.ts';
import type { ShimFiles } from './shim-files.ts';
import { hostnameOf, stepEnv } from './step-env.ts';

/** A sandbox's private `/tmp`, as on any Linux host: everyone may write, only owners delete. */
export const tmpMode = 0o1777;

/** The namespace and session flags every sandboxed step gets (the benchmarks reuse them). */
export const namespaceFlags = [
  '--die-with-parent',
  '--unshare-pid',
  '--unshare-ipc',
  '--unshare-uts',
  '--unshare-cgroup-try',
  '--new-session',
  '--json-status-fd',
  '3',
];

/**
 * The step's `ARGO_PROGRESS_FILE` inside the sandbox. Argo's is `/var/run/argo/progress`, on a volume of
 * the pod; here it is in the task's private `/tmp`, which costs no mount (a mount point under the host's
 * `/run` would cost one for every entry there, on every step). Nothing is made until the step writes it.
 */
export const progressPath = '/tmp/argo-progress';

/** True when something (even a dangling symlink) is at `path`. */
function existsOrLink(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/** Copies what a view shows into `dest` (symlinks as symlinks). */
async function materialize(view: PathView, dest: string): Promise<void> {
  if ('source' in view) {
    await cp(view.source, dest, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    return;
  }
  await mkdir(dest, { recursive: true });
  for (const [name, child] of view.entries) await materialize(child, posix.join(dest, name));
}

const absolutePath = /(?:^|[\s'"=:;(&|>,])\/([A-Za-z0-9._-]+)/g;

/** Top-level places (`/work`) that `words` name and the host does not have. */
export function newTopLevelPlaces(words: readonly string[], host: { kind(path: string): unknown }): string[] {
  const out = new Set<string>();
  for (const w of words) {
    for (const m of w.matchAll(absolutePath)) {
      const top = `/${m[1]}`;
      if (top !== '/.' && top !== '/..' && host.kind(top) === undefined) out.add(top);
    }
  }
  return [...out];
}

export async function prepareSandboxed(
  spec: ContainerSpec,
  bwrap: string,
  shims: ShimFiles,
  launch: Launch,
): Promise<PreparedContainer> {
  // Synchronous metadata calls: microseconds each, where a trip through the thread pool costs far more
  // on a busy machine, and every step waits for them. A directory made here that is not in the
  // emissary's skeleton is also one to remove after the step: `root` is made only when the plan binds it.
  const root = posix.join(spec.scratchDir, 'root');
  const tmp = posix.join(spec.scratchDir, 'tmp');
  const made = lstatSync(tmp, { throwIfNoEntry: false });
  if (!made?.isDirectory()) mkdirSync(tmp, { recursive: true });
  // The emissary's skeleton has it so already; a change of mode is a journal write.
  if (((made?.mode ?? 0) & 0o7777) !== tmpMode) chmodSync(tmp, tmpMode);
  const workingDir = spec.workingDir ? posix.normalize(spec.workingDir) : '/';
  const host = hostProbe();
  const writable = workingDir === '/' ? [] : [workingDir];
  // A container's own root is writable: a command line that names a top-level place the host lacks
  // (`mkdir -p /work`) gets it as a new writable directory, as it would in an image.
  writable.push(...newTopLevelPlaces([...spec.command, ...spec.args], host));
  const bin = shims.binDir ? [{ ...shims.binDir, readOnly: true }] : [];
  const mounts = [...spec.mounts, ...shims.mounts, ...bin].map((m) => ({
    ...m,
    readOnly: m.readOnly === true,
  }));
  let views = 0;
  const plan = planMounts({ root, tmp, writable, mounts, claimed: spec.inputs, outputs: spec.outputs }, host);
  if (plan.root === 'root') mkdirSync(root, { recursive: true });
  for (const dir of plan.dirs) mkdirSync(posix.join(root, dir), { recursive: true });
  const sources = [root, tmp, ...mounts.map((m) => m.source)];
  const ours = (hostPath: string): boolean =>
    sources.some((s) => hostPath === s || hostPath.startsWith(`${s}/`));
  if (workingDir !== '/') {
    const wd = plan.hostPathOf(workingDir);
    if (ours(wd) && !existsOrLink(wd)) mkdirSync(wd, { recursive: true });
  }
  // An output file the host has is the image's file in a container: the step starts with the host's copy.
  for (const out of spec.outputs) {
    const path = posix.normalize(out).replace(/(.)\/+$/, '$1');
    const kind = host.kind(path);
    const dest = plan.hostPathOf(path);
    if ((kind === 'file' || kind === 'symlink') && dest !== path && ours(dest) && !existsOrLink(dest)) {
      await mkdir(posix.dirname(dest), { recursive: true });
      await cp(path, dest, { verbatimSymlinks: true, preserveTimestamps: true });
    }
  }

  return {
    ...(spec.progressFile ? { progressFile: posix.join(tmp, posix.basename(progressPath)) } : {}),

    async put(source: string, target: string): Promise<void> {
      const dest = plan.hostPathOf(target);
      if (!ours(dest)) throw new RuntimeError(`cannot place ${target}: it is read-only host content`);
      await moveInto(source, dest);
    },

    async start(io: ContainerIO): Promise<RunningContainer> {
      const hostname = hostnameOf(spec.hostname);
      const env = stepEnv(spec.env, {
        home: '/tmp',
        pathSuffix: shims.binDir?.target,
        hostname,
        ...(spec.progressFile ? { progressFile: progressPath } : {}),
      });
      const { argv, notes } = resolveCommand(spec.image, spec.command, spec.args, {
        hostPathOf: plan.hostPathOf,
        path: env.PATH ?? '',
        workingDir,
      });
      for (const n of notes) io.note(n);
      const args = [...namespaceFlags, ...plan.args, '--chdir', workingDir, '--clearenv'];
      for (const [k, v] of Object.entries(env)) args.push('--setenv', k, v);
      if (hostname) args.push('--hostname', hostname);
      args.push('--', ...argv);
      return launch({ file: bwrap, args, env: {}, bwrapStatus: true }, io);
    },

    async read(path: string): Promise<string | undefined> {
      const view = plan.viewOf(path);
      if ('source' in view) return (await present(view.source)) ? view.source : undefined;
      // A host directory the step added to: what it saw is a merge of the host's entries and its own.
      const merged = posix.join(spec.scratchDir, 'views', String(views++));
      await materialize(view, merged);
      return merged;
    },

    async dispose(): Promise<void> {},
  };
}
