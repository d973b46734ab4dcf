/**
 * @module artifacts/drivers/raw/raw-driver
 * `raw: {data}` artifacts carry their content inline in the spec: loading writes it to a file. They are
 * inputs only; Argo has no way to save one, so `save` refuses.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { ErrorCode, NuncioError } from '../../../errors/index.ts';
import type { ArtifactLocation } from '../../../spec/types.ts';
import type { ArtifactDriver } from '../../driver.ts';

function dataOf(location: ArtifactLocation): string {
  if (location.raw === undefined) {
    throw new NuncioError(ErrorCode.BadRequest, 'not a raw artifact location');
  }
  return location.raw.data ?? '';
}

export class RawDriver implements ArtifactDriver {
  readonly kind = 'raw' as const;

  async load(location: ArtifactLocation, destFile: string): Promise<void> {
    const data = dataOf(location);
    await mkdir(dirname(destFile), { recursive: true });
    await writeFile(destFile, data);
  }

  async save(): Promise<void> {
    throw new NuncioError(ErrorCode.BadRequest, 'raw artifacts can only be inputs; they cannot be saved', {
      hint: 'give the output artifact a repository location (or none, to use the default repository)',
    });
  }

  async exists(location: ArtifactLocation): Promise<boolean> {
    return location.raw !== undefined;
  }

  /** Nothing is stored anywhere, so there is nothing to delete. */
  async delete(): Promise<void> {}

  async openRead(location: ArtifactLocation): Promise<NodeJS.ReadableStream> {
    return Readable.from([Buffer.from(dataOf(location))]);
  }
}
