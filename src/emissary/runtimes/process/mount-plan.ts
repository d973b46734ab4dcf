/**
 * @module emissary/runtimes/process/mount-plan
 * The filesystem a sandboxed step sees, as a plan of bubblewrap mounts.
 *
 * The host's files are read-only in the step. Everything the emissary must find after the step exits lives
 * in per-task host directories, bound in where needed:
 * - `/tmp` is `tmp`: private to the task;
 * - where the step must be able to write inside a host directory (the parent of an output path, an input
 *   path, a mount point that does not exist on the host), that directory is *mirrored*: it becomes a real
 *   directory in `root`, writable, with its host children bound read-only into it one by one. Mirroring a
 *   directory mirrors its ancestors too, and a mirrored top-level directory is bound from `root`
 *   (`dirs` lists what must exist in `root` beforehand; most steps need no `root` at all).
 * `/dev` and `/proc` are fresh. Volume mounts and placed files are bound last, parents before children.
 *
 * The step's `/` itself is one of three, the cheapest that serves (each bind costs bubblewrap a mount and a
 * read of the mount table, about 0.1 ms, so binding the host's top-level entries one by one costs a few
 * milliseconds per step):
 * - **host**: the host's `/`, bound read-only in one go, when nothing must be created directly in `/`;
 * - **tmpfs**: bubblewrap's tmpfs with the host's top-level entries bound into it read-only (symlinks
 *   recreated as symlinks), when something new must appear in `/` (a mount point such as the script's
 *   `/argo/staging/script`, a writable place under a top-level directory the host lacks, which binds
 *   `root/<top>`). Other writes directly in `/` then land in the tmpfs and vanish with the step;
 * - **root**: `root` itself bound at `/`, when the step must write in `/` itself (an output `/x.txt`;
 *   slower to set up: every mount point is then created on disk).
 * Paths the emissary fills (`claimed`) are never covered by a host bind. An output path the emissary reads
 * after the exit is claimed the same way, unless the host has a directory there (`/etc`): that directory
 * is mirrored instead, so the step sees the host's entries (as a container sees its image's files) and can
 * add its own. (An output file the host has is claimed; the runtime seeds it with the host's copy.)
 *
 * Invariants:
 * - for every path `p` the step can write, `hostPathOf(p)` is where that content lives on the host: inside
 *   a mount's source or inside `root`; for read-only host content it is `p` itself;
 * - `viewOf(p)` is what the step saw at `p`: one host path when that is all of it (the host's own
 *   directory when the step added nothing to a mirrored one), else the entries of a mirrored directory,
 *   each with its own view.
 */

import { posix } from 'node:path';

export type EntryKind = 'dir' | 'file' | 'symlink' | 'other';

/** The host filesystem as the plan needs it; injected so the plan can be tested without a host. */
export interface HostProbe {
  kind(path: string): EntryKind | undefined;
  list(dir: string): string[];
  readlink(path: string): string;
}

export interface PlanMount {
  source: string;
  target: string;
  readOnly: boolean;
}

export interface MountPlanInput {
  /** The task's host directory that backs the step's writable places outside `/tmp` (made when needed). */
  root: string;
  /** The task's host directory that is the step's `/tmp`. */
  tmp: string;
  /** Directories the step must be able to write in (or create), e.g. its working directory. */
  writable: string[];
  mounts: PlanMount[];
  /**
   * Paths the emissary fills before the start or reads after the exit (inputs, outputs): never hidden by a
   * host bind, and their parents are writable.
   */
  claimed: string[];
  /**
   * Paths the emissary reads after the exit: left to the host (read-only) where the host has a directory,
   * claimed everywhere else.
   */
  outputs?: string[];
}

/** What the step saw at a path: one host path, or a mirrored directory's entries (name → view). */
export type PathView = { source: string } | { entries: [string, PathView][] };

/** What the step's `/` is (see the module comment). */
export type RootKind = 'host' | 'tmpfs' | 'root';

export interface MountPlan {
  root: RootKind;
  /** bubblewrap arguments that build the filesystem, in order. */
  args: string[];
  /** Directories (step paths) that must exist in `root` before bubblewrap runs, parents first. */
  dirs: string[];
  hostPathOf(path: string): string;
  /** After the exit: what the step left at `path`, read through the host probe (which sees `root`). */
  viewOf(path: string): PathView;
}

/** Top-level entries that are never bound from the host. */
const replaced = new Set(['/proc', '/dev', '/tmp']);

function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

function depth(p: string): number {
  return p === '/' ? 0 : p.split('/').length - 1;
}

function topOf(p: string): string {
  return `/${p.split('/')[1] ?? ''}`;
}

export function planMounts(input: MountPlanInput, host: HostProbe): MountPlan {
  const mounts = [...input.mounts]
    .map((m) => ({ ...m, target: posix.normalize(m.target) }))
    .sort((a, b) => depth(a.target) - depth(b.target));
  const mountTargets = new Set(mounts.map((m) => m.target));
  const clean = (p: string): string => posix.normalize(p).replace(/(.)\/+$/, '$1');
  const underMount = (p: string): boolean => mounts.some((m) => isUnder(p, m.target));
  const underReplaced = (p: string): boolean => [...replaced].some((r) => isUnder(p, r));
  const hostDir = (p: string): boolean => !underMount(p) && !underReplaced(p) && host.kind(p) === 'dir';
  const outputs = (input.outputs ?? []).map(clean);
  const claimed = new Set([...input.claimed.map(clean), ...outputs.filter((p) => !hostDir(p))]);
  const writable = [
    ...input.writable.map(clean),
    ...outputs.filter(hostDir),
    ...[...claimed].filter((p) => !underMount(p) && !underReplaced(p)).map((p) => posix.dirname(p)),
  ];
  /** `root` is the step's `/` only when the step must write in `/` itself. */
  const rootIsSlash = writable.includes('/');
  const mirrored = new Set<string>(['/']);
  /** Top-level directories the host lacks that must be host-backed (tmpfs root only). */
  const freshTops = new Set<string>();

  const mirror = (dir: string): void => {
    for (let d = dir; !mirrored.has(d); d = posix.dirname(d)) mirrored.add(d);
  };
  /** Makes `dir` writable (creatable) in the step, backed by `root`. */
  const makeWritable = (dir: string): void => {
    if (dir === '/' || underMount(dir) || underReplaced(dir)) return;
    let existing = dir;
    while (existing !== '/' && host.kind(existing) === undefined) existing = posix.dirname(existing);
    if (existing === '/') {
      if (!rootIsSlash) freshTops.add(topOf(dir));
    } else if (host.kind(existing) === 'dir') mirror(existing);
  };
  /** Whether something new must be created directly in `/` (only a tmpfs or `root` at `/` allows it). */
  let newInSlash = false;
  /** Makes sure bubblewrap can create `target` as a mount point. */
  const makeMountPoint = (target: string): void => {
    // A mount nested in another mount gets its mount point inside that mount's (writable) source.
    if (mounts.some((o) => o.target !== target && isUnder(target, o.target))) return;
    // /tmp, /dev and /proc are fresh in the step, never the host's: nothing of theirs is mirrored.
    if (underReplaced(target)) return;
    const parent = posix.dirname(target);
    if (host.kind(target) !== undefined && (parent === '/' || host.kind(parent) !== undefined)) return;
    let existing = parent;
    while (existing !== '/' && host.kind(existing) === undefined) existing = posix.dirname(existing);
    if (existing === '/') newInSlash = true;
    else if (host.kind(existing) === 'dir') mirror(existing);
  };

  for (const w of writable) makeWritable(w);
  for (const m of mounts) makeMountPoint(m.target);

  /**
   * The host's `/` serves when nothing is new in it and every top-level place the plan binds over is a
   * real directory there (a top-level symlink would redirect the bind to its target).
   */
  const hostRootServes = (): boolean => {
    if (rootIsSlash || newInSlash || freshTops.size > 0) return false;
    if ([...replaced].some((r) => host.kind(r) !== 'dir')) return false;
    for (const d of mirrored) if (depth(d) === 1 && host.kind(d) !== 'dir') return false;
    return mounts.every((m) => depth(m.target) !== 1 || fitsHostEntry(m));
  };
  /** A top-level mount lands on a host entry of its own kind (bubblewrap cannot bind a file on a directory). */
  const fitsHostEntry = (m: PlanMount): boolean => {
    const there = host.kind(m.target);
    const source = host.kind(m.source);
    return there !== 'symlink' && there === (source === 'dir' ? 'dir' : 'file');
  };
  const kind: RootKind = rootIsSlash ? 'root' : hostRootServes() ? 'host' : 'tmpfs';

  const args: string[] = [];
  if (kind === 'root') args.push('--bind', input.root, '/');
  else if (kind === 'host') args.push('--ro-bind', '/', '/');
  args.push('--bind', input.tmp, '/tmp');
  const dirs: string[] = [];
  /** Binds what `dir` (mirrored) holds on the host, except what the step writes or a mount covers. */
  const walk = (dir: string): void => {
    if (dir !== '/') dirs.push(dir);
    for (const name of host.list(dir).sort()) {
      const p = posix.join(dir, name);
      if (dir === '/' && replaced.has(p)) continue;
      if (mirrored.has(p)) {
        if (dir === '/' && kind !== 'root') args.push('--bind', posix.join(input.root, p), p);
        walk(p);
        continue;
      }
      if (claimed.has(p) || mountTargets.has(p) || freshTops.has(p)) continue;
      const entry = host.kind(p);
      if (entry === 'symlink') args.push('--symlink', host.readlink(p), p);
      else if (entry !== undefined) args.push('--ro-bind-try', p, p);
    }
  };
  if (kind === 'host') {
    // The host's top-level entries are all there already; only mirrored ones are replaced.
    for (const top of [...mirrored].filter((d) => depth(d) === 1).sort()) {
      args.push('--bind', posix.join(input.root, top), top);
      walk(top);
    }
  } else walk('/');
  for (const top of [...freshTops].sort()) {
    dirs.push(top);
    args.push('--bind', posix.join(input.root, top), top);
  }
  args.push('--dev', '/dev', '--proc', '/proc');
  for (const m of mounts) args.push(m.readOnly ? '--ro-bind' : '--bind', m.source, m.target);

  const hostPathOf = (path: string): string => {
    const p = posix.normalize(path);
    let best: PlanMount | undefined;
    for (const m of mounts) if (isUnder(p, m.target)) best = m;
    if (best) return p === best.target ? best.source : posix.join(best.source, p.slice(best.target.length));
    if (isUnder(p, '/tmp')) return p === '/tmp' ? input.tmp : posix.join(input.tmp, p.slice('/tmp/'.length));
    if (underReplaced(p)) return p;
    let cur = '/';
    for (const part of p.split('/').filter(Boolean)) {
      const next = posix.join(cur, part);
      if (mirrored.has(next)) {
        cur = next;
        continue;
      }
      if (claimed.has(next) || freshTops.has(next)) break;
      if (host.kind(next) !== undefined) return p;
      break;
    }
    return posix.join(input.root, p);
  };

  /** An entry of a mirrored directory that is the host's, bound read-only (its placeholder in `root` is not the step's). */
  const boundFromHost = (p: string): boolean =>
    !replaced.has(p) &&
    !mirrored.has(p) &&
    !claimed.has(p) &&
    !mountTargets.has(p) &&
    !freshTops.has(p) &&
    host.kind(p) !== undefined;

  const viewOf = (path: string): PathView => {
    const p = clean(path);
    if (underMount(p) || !mirrored.has(p)) return { source: hostPathOf(p) };
    const hostNames = host.list(p).filter((n) => p !== '/' || !replaced.has(`/${n}`));
    const names = new Set([...hostNames, ...host.list(posix.join(input.root, p))]);
    if (p === '/') names.add('tmp');
    const entries: [string, PathView][] = [];
    for (const name of [...names].sort()) {
      const child = posix.join(p, name);
      if (p === '/' && replaced.has(child) && child !== '/tmp') continue;
      if (boundFromHost(child)) {
        entries.push([name, { source: child }]);
        continue;
      }
      const view = viewOf(child);
      if ('source' in view && host.kind(view.source) === undefined) continue;
      entries.push([name, view]);
    }
    const asOnHost =
      entries.length === hostNames.length &&
      entries.every(([name, v]) => 'source' in v && v.source === posix.join(p, name));
    return asOnHost ? { source: p } : { entries };
  };

  return { root: kind, args, dirs, hostPathOf, viewOf };
}
