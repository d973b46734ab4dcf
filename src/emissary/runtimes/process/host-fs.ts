/**
 * @module emissary/runtimes/process/host-fs
 * Host filesystem helpers of the process runtime: the probe the mount plan reads the host through, and a
 * move that works across filesystems (staged inputs may live on another device than a volume).
 *
 * The host's top-level layout (what `/` holds) is the same for nearly every step, and a sandbox with a
 * tmpfs `/` binds all of it: `hostProbe()` keeps it between steps and reads it again only when `/` has
 * changed (its inode, mtime or ctime; an entry added, removed or renamed changes them). Deeper paths are
 * always read live: outputs and mirrored directories change from step to step.
 */

import { lstatSync, mkdirSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { cp, lstat, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import type { EntryKind, HostProbe } from './mount-plan.ts';

/** The host as it is now, every call a system call. */
export const liveProbe: HostProbe = {
  kind(path: string): EntryKind | undefined {
    try {
      // A missing entry is common (most PATH-like lookups miss): no exception for it.
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (st === undefined) return undefined;
      if (st.isSymbolicLink()) return 'symlink';
      if (st.isDirectory()) return 'dir';
      if (st.isFile()) return 'file';
      return 'other';
    } catch {
      // Not a directory on the way, no permission: nothing the step could see either.
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

interface TopLevel {
  /** What identifies this state of `/`. */
  stamp: string;
  names: string[];
  present: Set<string>;
  kinds: Map<string, EntryKind | undefined>;
  links: Map<string, string>;
}

let topLevel: TopLevel | undefined;

function stampOfRoot(): string {
  const st = statSync('/', { bigint: true });
  return `${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
}

function currentTopLevel(): TopLevel {
  const stamp = stampOfRoot();
  if (topLevel?.stamp !== stamp) {
    const names = liveProbe.list('/');
    topLevel = { stamp, names, present: new Set(names), kinds: new Map(), links: new Map() };
  }
  return topLevel;
}

/** `/x` (one level below the root), else undefined. */
function topName(path: string): string | undefined {
  const p = posix.normalize(path);
  return p.length > 1 && p.lastIndexOf('/') === 0 ? p.slice(1) : undefined;
}

/** A probe for one step: the top-level layout from the kept copy (checked against `/` once), the rest live. */
export function hostProbe(): HostProbe {
  const top = currentTopLevel();
  return {
    kind(path: string): EntryKind | undefined {
      const name = topName(path);
      if (name === undefined) return liveProbe.kind(path);
      if (!top.present.has(name)) return undefined;
      if (!top.kinds.has(name)) top.kinds.set(name, liveProbe.kind(`/${name}`));
      return top.kinds.get(name);
    },
    list(dir: string): string[] {
      return posix.normalize(dir) === '/' ? [...top.names] : liveProbe.list(dir);
    },
    readlink(path: string): string {
      const name = topName(path);
      if (name === undefined || !top.present.has(name)) return liveProbe.readlink(path);
      let target = top.links.get(name);
      if (target === undefined) {
        target = liveProbe.readlink(`/${name}`);
        top.links.set(name, target);
      }
      return target;
    },
  };
}

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

/**
 * Makes directory `path` (and its parents) unless it is one already (or a symlink to one): a task's
 * directories are made ahead (see `task-dirs.ts`), where `mkdirSync(…, {recursive})` would fail with
 * EEXIST and then stat, two system calls instead of one.
 */
export function ensureDirSync(path: string): void {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) mkdirSync(path, { recursive: true });
}
