/**
 * @module artifacts/drivers/local/local-driver
 * nuncio's default artifact repository: a directory on this machine, objects at `<root>/<key>`.
 *
 * Invariants:
 * - A key is relative and stays inside the root: absolute keys and `..` escapes are refused.
 * - Writes are atomic for files: the object is copied to a temporary sibling and renamed into place, so a
 *   reader never sees half an object and a failed save leaves the old object intact.
 * - An object may also be a directory (an `archive: none` artifact of a directory); it is copied whole,
 *   and replaces the old one by remove-then-rename.
 */

import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { ErrorCode, NotFoundError, NuncioError } from '../../../errors/index.ts';
import type { ArtifactLocation } from '../../../spec/types.ts';
import type { ArtifactDriver } from '../../driver.ts';

export class LocalDriver implements ArtifactDriver {
  readonly kind = 'local' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Host path of the object at `location`. */
  pathOf(location: ArtifactLocation): string {
    const key = location.local?.key;
    if (key === undefined || key === '') {
      throw new NuncioError(ErrorCode.BadRequest, 'local artifact location has no key');
    }
    const path = resolve(this.root, key);
    if (isAbsolute(key) || !path.startsWith(this.root + sep)) {
      throw new NuncioError(ErrorCode.BadRequest, `local artifact key '${key}' leaves the repository`, {
        hint: 'keys are relative paths inside the repository, without `..`',
      });
    }
    return path;
  }

  async #statOrMissing(location: ArtifactLocation): Promise<{ path: string; dir: boolean }> {
    const path = this.pathOf(location);
    try {
      const info = await stat(path);
      return { path, dir: info.isDirectory() };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError(`artifact 'local:${location.local?.key}' not found`, { cause: e });
      }
      throw e;
    }
  }

  async load(location: ArtifactLocation, destFile: string): Promise<void> {
    const { path, dir } = await this.#statOrMissing(location);
    await mkdir(dirname(destFile), { recursive: true });
    if (dir) await cp(path, destFile, { recursive: true, verbatimSymlinks: true });
    else await copyFile(path, destFile);
  }

  async save(srcFile: string, location: ArtifactLocation): Promise<void> {
    const path = this.pathOf(location);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const info = await stat(srcFile);
      if (info.isDirectory()) {
        await cp(srcFile, tmp, { recursive: true, verbatimSymlinks: true });
        await rm(path, { recursive: true, force: true });
      } else {
        await copyFile(srcFile, tmp);
        const old = await stat(path).catch(() => undefined);
        if (old?.isDirectory()) await rm(path, { recursive: true, force: true });
      }
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }

  async exists(location: ArtifactLocation): Promise<boolean> {
    try {
      await stat(this.pathOf(location));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async delete(location: ArtifactLocation): Promise<void> {
    await rm(this.pathOf(location), { recursive: true, force: true });
  }

  async openRead(location: ArtifactLocation): Promise<NodeJS.ReadableStream> {
    const { path, dir } = await this.#statOrMissing(location);
    if (dir) {
      throw new NuncioError(ErrorCode.BadRequest, `artifact 'local:${location.local?.key}' is a directory`);
    }
    return createReadStream(path);
  }
}
