/**
 * @module emissary/runtimes/process/host-fs
 * Host filesystem helpers of the process runtime: the probe the mount plan reads the host through, and a
 * move that works across filesystems (staged inputs may live on another device than a volume).
 */

import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { cp, lstat, mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EntryKind, HostProbe } from './mount-plan.ts';

export const hostProbe: HostProbe = {
  kind(path: string): EntryKind | undefined {
    try {
      const st = lstatSync(path);
      if (st.isSymbolicLink()) return 'symlink';
      if (st.isDirectory()) return 'dir';
      if (st.isFile()) return 'file';
      return 'other';
    } catch {
      return undefined;
    }
  },
  list(dir: string): string[] {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
  readlink(path: string): string {
    return readlinkSync(path);
  },
};

/** Moves `source` to `dest`, replacing what is there and creating parents; copies across devices. */
export async function moveInto(source: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  await rm(dest, { recursive: true, force: true });
  try {
    await rename(source, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await cp(source, dest, { recursive: true, verbatimSymlinks: true });
    await rm(source, { recursive: true, force: true });
  }
}

/** True when something (even a dangling symlink) is at `path`. */
export async function present(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
