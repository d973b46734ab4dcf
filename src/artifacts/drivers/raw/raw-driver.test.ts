/** @module artifacts/drivers/raw/raw-driver.test */

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isNuncioError } from '../../../errors/index.ts';
import { RawDriver } from './raw-driver.ts';

describe('raw driver', () => {
  it('writes the inline data to the destination file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nuncio-raw-'));
    try {
      await new RawDriver().load(
        { raw: { data: 'this is\nthe raw file contents\n' } },
        join(dir, 'a', 'raw.data'),
      );
      assert.equal(await readFile(join(dir, 'a', 'raw.data'), 'utf8'), 'this is\nthe raw file contents\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('streams the data through openRead', async () => {
    let text = '';
    for await (const c of await new RawDriver().openRead({ raw: { data: 'abc' } })) text += String(c);
    assert.equal(text, 'abc');
  });

  it('refuses to save and says why', async () => {
    await assert.rejects(
      new RawDriver().save(),
      (e: unknown) => isNuncioError(e) && /only be inputs/.test(e.message),
    );
  });

  it('refuses a location that is not raw', async () => {
    await assert.rejects(new RawDriver().load({ local: { key: 'x' } }, '/nonexistent/x'), /not a raw/);
  });
});
