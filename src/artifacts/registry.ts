/**
 * @module artifacts/registry
 * Looks an artifact driver up by the kind of a location. `main/` registers the drivers it configured; the
 * emissary asks for the one that serves each input and output location.
 */

import { ErrorCode, NuncioError } from '../errors/index.ts';
import type { ArtifactLocation } from '../spec/types.ts';
import type { ArtifactDriver } from './driver.ts';
import { describeLocation, locationKind } from './location.ts';

export class ArtifactDrivers {
  readonly #drivers = new Map<keyof ArtifactLocation, ArtifactDriver>();

  constructor(drivers: Iterable<ArtifactDriver> = []) {
    for (const d of drivers) this.register(d);
  }

  /** Adds a driver; a later driver for the same kind replaces the earlier one. */
  register(driver: ArtifactDriver): this {
    this.#drivers.set(driver.kind, driver);
    return this;
  }

  has(kind: keyof ArtifactLocation): boolean {
    return this.#drivers.has(kind);
  }

  /** The driver serving `location`; a NuncioError naming the location when there is none. */
  for(location: ArtifactLocation): ArtifactDriver {
    const kind = locationKind(location);
    if (kind === undefined) {
      throw new NuncioError(ErrorCode.BadRequest, 'artifact has no location', {
        hint: 'give the artifact a location (s3, http, raw, ...), a `from`, or configure an artifact repository',
      });
    }
    const driver = this.#drivers.get(kind);
    if (!driver) {
      throw new NuncioError(
        ErrorCode.BadRequest,
        `no artifact driver for ${kind} locations (${describeLocation(location)})`,
        { hint: `configured drivers: ${[...this.#drivers.keys()].join(', ') || 'none'}` },
      );
    }
    return driver;
  }
}
