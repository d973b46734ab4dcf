/**
 * @module emissary/runtimes/process/sandboxed
 * A step under bubblewrap: its own mount, PID, IPC, UTS and cgroup namespaces, a fresh /dev and /proc, the
 * host's directories read-only, and a per-task root (see `mount-plan.ts`) that holds everything the step
 * writes outside its volumes: its private /tmp, its inputs, its outputs. The network is shared (steps call
 * services). `--die-with-parent` ties the sandbox's life to the emissary's.
 */

import { chmod, mkdir } from 'node:fs/promises';
import { posix } from 'node:path';
import { RuntimeError } from '../../../errors/index.ts';
import type { ContainerIO, ContainerSpec, PreparedContainer, RunningContainer } from '../../runtime.ts';
import { Child } from './child.ts';
import { resolveCommand } from './command.ts';
import { hostProbe, moveInto, present } from './host-fs.ts';
import { planMounts } from './mount-plan.ts';
import type { ShimFiles } from './shim-files.ts';
import { stepEnv } from './step-env.ts';

const namespaces = [
  '--die-with-parent',
  '--unshare-pid',
  '--unshare-ipc',
  '--unshare-uts',
  '--unshare-cgroup-try',
  '--new-session',
  '--json-status-fd',
  '3',
];

export async function prepareSandboxed(
  spec: ContainerSpec,
  bwrap: string,
  shims: ShimFiles,
): Promise<PreparedContainer> {
  const root = posix.join(spec.scratchDir, 'root');
  await mkdir(posix.join(root, 'tmp'), { recursive: true });
  await chmod(posix.join(root, 'tmp'), 0o1777);
  const workingDir = spec.workingDir ? posix.normalize(spec.workingDir) : '/';
  const writable = workingDir === '/' ? [] : [workingDir];
  const bin = shims.binDir ? [{ ...shims.binDir, readOnly: true }] : [];
  const mounts = [...spec.mounts, ...shims.mounts, ...bin].map((m) => ({
    ...m,
    readOnly: m.readOnly === true,
  }));
  const plan = planMounts({ root, writable, mounts, claimed: spec.inputs, outputs: spec.outputs }, hostProbe);
  for (const dir of plan.dirs) await mkdir(posix.join(root, dir), { recursive: true });
  const sources = [root, ...mounts.map((m) => m.source)];
  const ours = (hostPath: string): boolean =>
    sources.some((s) => hostPath === s || hostPath.startsWith(`${s}/`));
  if (workingDir !== '/') {
    const wd = plan.hostPathOf(workingDir);
    if (ours(wd) && !(await present(wd))) await mkdir(wd, { recursive: true });
  }

  return {
    async put(source: string, target: string): Promise<void> {
      const dest = plan.hostPathOf(target);
      if (!ours(dest)) throw new RuntimeError(`cannot place ${target}: it is read-only host content`);
      await moveInto(source, dest);
    },

    async start(io: ContainerIO): Promise<RunningContainer> {
      const env = stepEnv(spec.env, { home: '/tmp', pathSuffix: shims.binDir?.target });
      const { argv, notes } = resolveCommand(spec.image, spec.command, spec.args, {
        hostPathOf: plan.hostPathOf,
        path: env.PATH ?? '',
        workingDir,
      });
      for (const n of notes) io.note(n);
      const args = [...namespaces, ...plan.args, '--chdir', workingDir, '--clearenv'];
      for (const [k, v] of Object.entries(env)) args.push('--setenv', k, v);
      // A kernel hostname is at most 64 bytes; pod names may be longer.
      const hostname = spec.hostname?.slice(0, 63).replace(/[-.]+$/, '');
      if (hostname) args.push('--hostname', hostname);
      args.push('--', ...argv);
      return Child.spawn({ file: bwrap, args, env: {}, bwrapStatus: true }, io);
    },

    async read(path: string): Promise<string | undefined> {
      const p = plan.hostPathOf(path);
      return (await present(p)) ? p : undefined;
    },

    async dispose(): Promise<void> {},
  };
}
