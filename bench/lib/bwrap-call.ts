/**
 * @module bench/lib/bwrap-call
 * The bubblewrap command line the process runtime builds for a step of `image: busybox, command: [X]`
 * with no volumes, inputs or outputs, so that make and a shell loop can run their steps under the very
 * same isolation. The mount plan comes from the runtime's own `planMounts` over this host; the flags
 * around it follow `src/emissary/runtimes/process/sandboxed.ts`, and `bwrap-call.test.ts` checks the
 * whole line against what the runtime really executes.
 */

import { hostProbe } from '../../src/emissary/runtimes/process/host-fs.ts';
import { planMounts } from '../../src/emissary/runtimes/process/mount-plan.ts';
import { namespaceFlags } from '../../src/emissary/runtimes/process/sandboxed.ts';
import { defaultPath } from '../../src/emissary/runtimes/process/step-env.ts';

/**
 * Arguments after `bwrap` for a step whose per-task directory is `dir` (its `tmp/` must exist, mode 1777,
 * as the runtime makes it) and whose hostname is `hostname`.
 */
export function bwrapArgs(dir: string, hostname: string, argv: readonly string[]): string[] {
  const plan = planMounts(
    { root: `${dir}/root`, tmp: `${dir}/tmp`, writable: [], mounts: [], claimed: [] },
    hostProbe(),
  );
  return [
    ...namespaceFlags,
    ...plan.args,
    '--chdir',
    '/',
    '--clearenv',
    '--setenv',
    'PATH',
    defaultPath,
    '--setenv',
    'HOME',
    '/tmp',
    '--setenv',
    'HOSTNAME',
    hostname,
    '--hostname',
    hostname,
    '--',
    ...argv,
  ];
}

/** Quotes one word for /bin/sh (and for a make recipe, where `$` must also be doubled). */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./=:,@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The `true` a step's PATH finds first (a shell's own `true` is a builtin, which would spawn nothing). */
export function hostTrue(): string {
  for (const dir of defaultPath.split(':')) {
    const p = `${dir}/true`;
    if (hostProbe().kind(p) === 'file') return p;
  }
  throw new Error(`no true executable in ${defaultPath}`);
}
