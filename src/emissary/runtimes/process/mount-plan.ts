/**
 * @module emissary/runtimes/process/mount-plan
 * The filesystem a sandboxed step sees, as a plan of bubblewrap mounts.
 *
 * The step's root is a per-task host directory (`root`) bound at `/`, so whatever the step writes outside
 * the host's own directories lands in `root` and can be read after it exits. Into that root the host's
 * top-level entries are bound read-only. Where the step must be able to write inside a host directory (the
 * parent of an output path, an input path, a mount point that does not exist on the host), that directory
 * is *mirrored* instead of bound: it becomes a real directory in `root`, writable, and its host children
 * are bound read-only into it one by one. Mirroring a directory mirrors its ancestors too, so the rule is
 * uniform: mirrored directories are real directories in `root`; every other host entry that is a child of
 * a mirrored directory is a read-only bind (or a symlink, recreated as one).
 *
 * `/tmp` is never bound: it is the private `root/tmp`. `/dev` and `/proc` are fresh. Volume mounts and
 * placed files are bound last, parents before children. Paths the emissary fills or reads (`claimed`) are
 * never covered by a host bind.
 *
 * Invariant: for every path `p`, `hostPathOf(p)` is where the content the step sees at `p` lives on the
 * host: inside a mount's source, inside `root`, or (for read-only host content) `p` itself.
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
  /** Host directory that becomes the step's `/`. */
  root: string;
  /** Directories the step must be able to write in (or create). */
  writable: string[];
  mounts: PlanMount[];
  /** Paths the emissary fills or reads: never hidden by a host bind. */
  claimed: string[];
}

export interface MountPlan {
  /** bubblewrap arguments that build the filesystem, in order. */
  args: string[];
  /** Directories (step paths) that are real directories in `root`, parents first. */
  mirrored: string[];
  hostPathOf(path: string): string;
}

/** Top-level entries that are never bound from the host. */
const replaced = new Set(['/proc', '/dev', '/tmp']);

function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

function depth(p: string): number {
  return p === '/' ? 0 : p.split('/').length - 1;
}

export function planMounts(input: MountPlanInput, host: HostProbe): MountPlan {
  const mounts = [...input.mounts]
    .map((m) => ({ ...m, target: posix.normalize(m.target) }))
    .sort((a, b) => depth(a.target) - depth(b.target));
  const mountTargets = new Set(mounts.map((m) => m.target));
  const claimed = new Set(input.claimed.map((p) => posix.normalize(p)));
  const mirrored = new Set<string>(['/']);

  const underMount = (p: string): boolean => mounts.some((m) => isUnder(p, m.target));
  const underReplaced = (p: string): boolean => [...replaced].some((r) => isUnder(p, r));

  const mirror = (dir: string): void => {
    for (let d = dir; !mirrored.has(d); d = posix.dirname(d)) mirrored.add(d);
  };
  /** Makes `dir` writable (creatable) in the step by mirroring its nearest existing host ancestor. */
  const makeWritable = (dir: string): void => {
    if (underMount(dir) || underReplaced(dir)) return;
    let existing = dir;
    while (existing !== '/' && host.kind(existing) === undefined) existing = posix.dirname(existing);
    if (existing !== '/' && host.kind(existing) === 'dir') mirror(existing);
  };

  for (const w of input.writable) makeWritable(posix.normalize(w));
  for (const m of mounts) {
    const parent = posix.dirname(m.target);
    // A mount nested in another mount gets its mount point inside that mount's (writable) source.
    if (mounts.some((o) => o !== m && isUnder(m.target, o.target) && o.target !== m.target)) continue;
    if (host.kind(m.target) === undefined || host.kind(parent) === undefined) makeWritable(parent);
  }

  const args: string[] = ['--bind', input.root, '/'];
  const ordered: string[] = [];
  const walk = (dir: string): void => {
    ordered.push(dir);
    for (const name of host.list(dir).sort()) {
      const p = posix.join(dir, name);
      if (dir === '/' && replaced.has(p)) continue;
      if (mirrored.has(p)) {
        walk(p);
        continue;
      }
      if (claimed.has(p) || mountTargets.has(p)) continue;
      const kind = host.kind(p);
      if (kind === 'symlink') args.push('--symlink', host.readlink(p), p);
      else if (kind !== undefined) args.push('--ro-bind-try', p, p);
    }
  };
  walk('/');
  args.push('--dev', '/dev', '--proc', '/proc');
  for (const m of mounts) args.push(m.readOnly ? '--ro-bind' : '--bind', m.source, m.target);

  const hostPathOf = (path: string): string => {
    const p = posix.normalize(path);
    let best: PlanMount | undefined;
    for (const m of mounts) if (isUnder(p, m.target)) best = m;
    if (best) return p === best.target ? best.source : posix.join(best.source, p.slice(best.target.length));
    if (underReplaced(p) && !isUnder(p, '/tmp')) return p;
    let cur = '/';
    for (const part of p.split('/').filter(Boolean)) {
      const next = posix.join(cur, part);
      if (mirrored.has(next)) {
        cur = next;
        continue;
      }
      if (next === '/tmp' || claimed.has(next)) break;
      if (host.kind(next) !== undefined) return p;
      break;
    }
    return posix.join(input.root, p);
  };

  return { args, mirrored: ordered, hostPathOf };
}
