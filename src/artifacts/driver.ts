/**
 * @module artifacts/driver
 * One interface for every artifact repository. A driver moves whole objects between a local file and a
 * location; archiving (tar+gzip, none, zip) is done around it by `archive.ts`, not by drivers.
 * Every driver passes `driver.contract.ts`.
 */

import type { ArtifactLocation } from '../spec/types.ts';

export interface ArtifactDriver {
  /** Which location field this driver serves (`local`, `s3`, `raw`, `http`, ...). */
  readonly kind: keyof ArtifactLocation;
  /** Copies the object at `location` to the file `destFile` (parents created). NotFoundError if absent. */
  load(location: ArtifactLocation, destFile: string): Promise<void>;
  /**
   * Stores the file `srcFile` at `location`, replacing what was there. Drivers that can store trees (local)
   * also accept a directory, for `archive: none` artifacts of directories.
   */
  save(srcFile: string, location: ArtifactLocation): Promise<void>;
  exists(location: ArtifactLocation): Promise<boolean>;
  delete(location: ArtifactLocation): Promise<void>;
  /** Opens the object for reading (API downloads). */
  openRead(location: ArtifactLocation): Promise<NodeJS.ReadableStream>;
}
