/** @module artifacts/registry.test */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawDriver } from './drivers/raw/raw-driver.ts';
import { ArtifactDrivers } from './registry.ts';

describe('ArtifactDrivers', () => {
  it('returns the driver for the location kind', () => {
    const raw = new RawDriver();
    const drivers = new ArtifactDrivers([raw]);
    assert.equal(drivers.for({ raw: { data: '' } }), raw);
    assert.equal(drivers.has('raw'), true);
  });
  it('names the missing kind and the configured ones', () => {
    const drivers = new ArtifactDrivers([new RawDriver()]);
    assert.throws(
      () => drivers.for({ s3: { key: 'k' } }),
      (e: Error & { hint?: string }) => {
        assert.match(e.message, /no artifact driver for s3 locations \(s3:k\)/);
        assert.equal(e.hint, 'configured drivers: raw');
        return true;
      },
    );
    assert.throws(() => drivers.for({}), /artifact has no location/);
  });
});
