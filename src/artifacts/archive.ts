/**
 * @module artifacts/archive
 * Packs an output path into the object that goes to the repository, and unpacks a loaded object at an
 * input path, byte-for-byte in Argo's layout (util/archive, workflow/executor):
 *
 * - `tar` (the default): a gzip'd tar whose single top entry is the base name of the path: a file `f`
 *   becomes entry `f`, a directory `d` becomes `d/`, `d/a`, ... Symlinks are stored as symlinks.
 * - `none`: the file itself, unchanged (a directory is stored as a directory tree by drivers that can).
 * - `zip`: entries `<base name>/<relative path>` for a directory, `<base name>` for a file.
 *
 * Unpacking mirrors Argo's `unpack`: the archive is extracted into `<dest>.tmpdir`; if that holds exactly
 * one entry, the entry is renamed to `<dest>` (so un-tarring at the input path recreates the file or
 * directory under the new name); otherwise the temporary directory itself becomes `<dest>`. Entries that
 * would land outside the destination, and symlinks pointing outside it, are refused.
 */

import { createReadStream } from 'node:fs';
import { chmod, lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import { create, extract } from 'tar';
import { ErrorCode, NotFoundError, NuncioError } from '../errors/index.ts';
import type { LocationKind } from './location.ts';
import { extractZip, writeZip } from './zip.ts';

export type ArchiveStrategy = 'tar' | 'none' | 'zip';

/**
 * How a loaded input is unpacked: as its artifact declares (`undefined`: auto-detect a tarball), except
 * that a `raw` artifact is its inline data and never an archive, whatever `archive` says.
 */
export function inputArchiveStrategy(
  kind: LocationKind | undefined,
  declared: ArchiveStrategy | undefined,
): ArchiveStrategy | undefined {
  return kind === 'raw' ? 'none' : declared;
}

/**
 * Packs `source` (a file or directory) into `destFile` as a tgz or a zip. `compressionLevel` is gzip's
 * (0 = stored, 9 = best; default 6, Go's and zlib's default).
 */
export async function packArchive(
  source: string,
  destFile: string,
  strategy: 'tar' | 'zip',
  compressionLevel?: number,
): Promise<void> {
  const info = await stat(source).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw new NotFoundError(`${source}: no such file or directory`, { cause: e });
    throw e;
  });
  if (!info.isFile() && !info.isDirectory()) {
    throw new NuncioError(ErrorCode.Io, `${source} is not a regular file or directory`);
  }
  await mkdir(dirname(destFile), { recursive: true });
  if (strategy === 'zip') return writeZip(source, destFile);
  const level = compressionLevel ?? 6;
  await create({ gzip: { level }, file: destFile, cwd: dirname(source), portable: true, follow: false }, [
    basename(source),
  ]);
}

/** True if `file` is a gzip'd tar with at least one valid header, as Argo's `isTarball` decides. */
export async function isTarball(file: string): Promise<boolean> {
  const first = await new Promise<Buffer | undefined>((ok) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const input = createReadStream(file);
    const gunzip = createGunzip();
    const done = (b: Buffer | undefined): void => {
      input.destroy();
      gunzip.destroy();
      ok(b);
    };
    gunzip.on('data', (c: Buffer) => {
      chunks.push(c);
      length += c.length;
      if (length >= 512) done(Buffer.concat(chunks).subarray(0, 512));
    });
    gunzip.on('end', () => done(length >= 512 ? Buffer.concat(chunks).subarray(0, 512) : undefined));
    gunzip.on('error', () => done(undefined));
    input.on('error', () => done(undefined));
    input.pipe(gunzip);
  });
  if (!first || first.every((b) => b === 0)) return false;
  const stored = Number.parseInt(first.subarray(148, 156).toString('latin1').replace(/[\0 ]/g, ''), 8);
  if (!Number.isFinite(stored)) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (first[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

function inside(root: string, target: string): boolean {
  return target === root || target.startsWith(root + sep);
}

async function untarInto(file: string, dir: string): Promise<void> {
  const root = resolve(dir);
  const problems: string[] = [];
  await extract({
    file,
    cwd: dir,
    preserveOwner: false,
    strict: true,
    filter: (path, entry) => {
      const target = resolve(root, path);
      if (!inside(root, target)) {
        problems.push(`illegal file path: ${path}`);
        return false;
      }
      if ('type' in entry && entry.type === 'SymbolicLink') {
        const link = String(entry.linkpath ?? '');
        const resolved = link.startsWith('/') ? resolve(link) : resolve(dirname(target), link);
        if (!inside(root, resolved) || resolved === root) {
          problems.push(`illegal symlink target: ${path} -> ${link}`);
          return false;
        }
      }
      return true;
    },
  });
  if (problems.length > 0) throw new NuncioError(ErrorCode.Io, `${file}: ${problems.join('; ')}`);
}

/** Moves `from` to `to`, replacing whatever is at `to`. */
async function replace(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(dirname(to), { recursive: true });
  await rename(from, to);
}

/**
 * Puts the loaded object `file` at `destPath`: unpacked for `tar`/`zip`, moved as is for `none`, and for
 * `undefined` (the artifact said nothing) unpacked only if it is a tarball, as Argo auto-detects. `file` is
 * consumed. `destPath` must be on the same filesystem as `file`'s directory (rename).
 */
export async function unpackArtifact(
  file: string,
  destPath: string,
  strategy: ArchiveStrategy | undefined,
): Promise<void> {
  const kind = strategy ?? ((await isTarball(file)) ? 'tar' : 'none');
  if (kind === 'none') {
    await replace(file, destPath);
    return;
  }
  const tmp = `${destPath}.tmpdir`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    if (kind === 'zip') await extractZip(file, tmp);
    else await untarInto(file, tmp);
    const entries = await readdir(tmp);
    if (entries.length === 1) {
      await replace(join(tmp, entries[0]!), destPath);
      await rm(tmp, { recursive: true, force: true });
    } else {
      await replace(tmp, destPath);
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    await rm(file, { force: true });
  }
}

/** Changes the mode of `path`, and with `recurse` of everything below it (Argo's `mode`/`recurseMode`). */
export async function chmodArtifact(path: string, mode: number, recurse: boolean): Promise<void> {
  await chmod(path, mode);
  if (!recurse) return;
  const info = await lstat(path);
  if (!info.isDirectory()) return;
  for (const name of await readdir(path)) {
    const child = join(path, name);
    const st = await lstat(child);
    if (st.isSymbolicLink()) continue;
    await chmodArtifact(child, mode, true);
  }
}
