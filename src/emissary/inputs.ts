/**
 * @module emissary/inputs
 * Stages a task's input artifacts before its entrypoint starts, as Argo's init container does: each one is
 * loaded from its location (narrowed by `subPath`), unpacked (tar/zip, or auto-detected when the artifact
 * says nothing; a `raw` artifact is never unpacked), given its `mode`, and put at its path inside the step. An optional artifact that has no
 * location or is not found is skipped; anything else that fails stops the task.
 */

import { join } from 'node:path';
import { chmodArtifact, inputArchiveStrategy, unpackArtifact } from '../artifacts/archive.ts';
import { locationKind, withSubPath } from '../artifacts/location.ts';
import type { ArtifactDrivers } from '../artifacts/registry.ts';
import type { Task } from '../controller/ports.ts';
import { NotFoundError } from '../errors/index.ts';
import type { PreparedContainer } from './runtime.ts';

/** An input artifact could not be staged; `message` is Argo's init-container text. */
export class InputStagingError extends Error {}

export async function stageInputs(
  task: Task,
  prepared: PreparedContainer,
  drivers: ArtifactDrivers,
  stagingDir: string,
  cancelled: () => boolean,
): Promise<void> {
  for (const [i, art] of task.inputs.artifacts.entries()) {
    if (cancelled()) return;
    if (locationKind(art.location) === undefined) {
      if (art.optional) continue;
      throw new InputStagingError(`required artifact '${art.name}' not supplied`);
    }
    const loaded = join(stagingDir, `${i}.load`);
    try {
      const location = withSubPath(art.location, art.subPath);
      await drivers.for(location).load(location, loaded);
    } catch (e) {
      if (art.optional && e instanceof NotFoundError) continue;
      throw new InputStagingError(`artifact ${art.name} failed to load: ${(e as Error).message}`, {
        cause: e,
      });
    }
    const unpacked = join(stagingDir, String(i));
    try {
      await unpackArtifact(loaded, unpacked, inputArchiveStrategy(locationKind(art.location), art.archive));
      if (art.mode !== undefined) await chmodArtifact(unpacked, art.mode, art.recurseMode === true);
      await prepared.put(unpacked, art.path);
    } catch (e) {
      throw new InputStagingError(`artifact ${art.name} failed to load: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
}
