/**
 * @module artifacts/driver.contract
 * The contract every `ArtifactDriver` passes. A driver's test file calls `runDriverContract` with a
 * factory for a fresh, empty store; tests it cannot pass are listed in `skip` with the reason.
 */

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isNuncioError, NotFoundError } from '../errors/index.ts';
import type { ArtifactLocation } from '../spec/types.ts';
import type { ArtifactDriver } from './driver.ts';

export interface DriverFixture {
  driver: ArtifactDriver;
  /** A location for `key` in this fixture's (initially empty) store. */
  location(key: string): ArtifactLocation;
  /** Removes whatever the fixture created. */
  cleanup(): Promise<void>;
}

export interface ContractSkip {
  reason: string;
  tests: string[];
}

async function hashOf(stream: NodeJS.ReadableStream): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of stream) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function textOf(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function rejectsNotFound(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isNuncioError(e), `expected a NuncioError, got ${String(e)}`);
    assert.ok(e instanceof NotFoundError, `expected NotFoundError, got ${e.name}: ${e.message}`);
    return true;
  });
}

export function runDriverContract(
  name: string,
  make: () => Promise<DriverFixture>,
  skip: ContractSkip[] = [],
): void {
  const skipped = new Map<string, string>();
  for (const s of skip) for (const t of s.tests) skipped.set(t, s.reason);

  describe(`artifact driver contract: ${name}`, () => {
    let fx: DriverFixture;
    let scratch: string;
    before(async () => {
      fx = await make();
      scratch = await mkdtemp(join(tmpdir(), 'nuncio-driver-'));
    });
    after(async () => {
      await fx.cleanup();
      await rm(scratch, { recursive: true, force: true });
    });

    const test = (title: string, fn: () => Promise<void>): void => {
      const reason = skipped.get(title);
      if (reason) it(title, { skip: reason }, fn);
      else it(title, fn);
    };

    test('save then load round-trips the bytes', async () => {
      const src = join(scratch, 'rt-src');
      const body = Buffer.concat([Buffer.from('hello\n'), randomBytes(1000), Buffer.from([0, 255, 10])]);
      await writeFile(src, body);
      const loc = fx.location('wf/pod/round-trip.tgz');
      await fx.driver.save(src, loc);
      const dest = join(scratch, 'nested', 'dir', 'rt-dest');
      await fx.driver.load(loc, dest);
      assert.deepEqual(await readFile(dest), body);
    });

    test('save overwrites an existing object', async () => {
      const loc = fx.location('wf/pod/overwrite.txt');
      const a = join(scratch, 'ow-a');
      const b = join(scratch, 'ow-b');
      await writeFile(a, 'first version, longer than the second');
      await writeFile(b, 'second');
      await fx.driver.save(a, loc);
      await fx.driver.save(b, loc);
      const dest = join(scratch, 'ow-dest');
      await fx.driver.load(loc, dest);
      assert.equal(await readFile(dest, 'utf8'), 'second');
    });

    test('exists tells a saved object from a missing one', async () => {
      const loc = fx.location('wf/pod/exists.txt');
      assert.equal(await fx.driver.exists(loc), false);
      const src = join(scratch, 'ex');
      await writeFile(src, 'x');
      await fx.driver.save(src, loc);
      assert.equal(await fx.driver.exists(loc), true);
    });

    test('delete removes the object and is idempotent', async () => {
      const loc = fx.location('wf/pod/delete.txt');
      const src = join(scratch, 'del');
      await writeFile(src, 'x');
      await fx.driver.save(src, loc);
      await fx.driver.delete(loc);
      assert.equal(await fx.driver.exists(loc), false);
      await fx.driver.delete(loc);
      await rejectsNotFound(fx.driver.load(loc, join(scratch, 'del-dest')));
    });

    test('a missing object is a NotFoundError for load and openRead', async () => {
      const loc = fx.location('wf/pod/never-saved.tgz');
      await rejectsNotFound(fx.driver.load(loc, join(scratch, 'missing-dest')));
      await rejectsNotFound(fx.driver.openRead(loc));
    });

    test('openRead streams the saved object', async () => {
      const loc = fx.location('wf/pod/open-read.txt');
      const src = join(scratch, 'or');
      await writeFile(src, 'streamed content\n');
      await fx.driver.save(src, loc);
      assert.equal(await textOf(await fx.driver.openRead(loc)), 'streamed content\n');
    });

    test('a large object streams through save and load intact', async () => {
      const src = join(scratch, 'large');
      const out = createWriteStream(src);
      const block = randomBytes(1 << 20);
      for (let i = 0; i < 24; i++) {
        block[0] = i;
        if (!out.write(Buffer.from(block))) await new Promise<void>((ok) => out.once('drain', () => ok()));
      }
      await new Promise<void>((ok) => out.end(ok));
      const expected = await hashOf(createReadStream(src));
      const loc = fx.location('wf/pod/large.bin');
      await fx.driver.save(src, loc);
      const dest = join(scratch, 'large-dest');
      await fx.driver.load(loc, dest);
      assert.equal(await hashOf(createReadStream(dest)), expected);
      assert.equal(await hashOf(await fx.driver.openRead(loc)), expected);
    });
  });
}
