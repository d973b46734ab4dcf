/** @module artifacts/drivers/local/local-driver.test — the local driver against the contract, plus its own rules. */

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isNuncioError } from '../../../errors/index.ts';
import { runDriverContract } from '../../driver.contract.ts';
import { LocalDriver } from './local-driver.ts';

runDriverContract('local', async () => {
  const root = await mkdtemp(join(tmpdir(), 'nuncio-local-repo-'));
  return {
    driver: new LocalDriver(root),
    location: (key) => ({ local: { key } }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describe('local driver', () => {
  it('refuses keys that leave the repository', async () => {
    const root = await mkdtemp(join(tmpdir(), 'nuncio-local-repo-'));
    try {
      const d = new LocalDriver(root);
      for (const key of ['../outside', '/etc/passwd', 'a/../../b']) {
        await assert.rejects(d.exists({ local: { key } }), (e: unknown) => {
          assert.ok(isNuncioError(e));
          assert.match(e.message, new RegExp(`'${key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' leaves`));
          return true;
        });
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('stores a directory object and loads it back whole', async () => {
    const root = await mkdtemp(join(tmpdir(), 'nuncio-local-repo-'));
    try {
      const d = new LocalDriver(root);
      const src = join(root, '..', `${root.split('/').pop()}-src`);
      await mkdir(join(src, 'sub'), { recursive: true });
      await writeFile(join(src, 'a.txt'), 'A');
      await writeFile(join(src, 'sub', 'b.txt'), 'B');
      await d.save(src, { local: { key: 'wf/pod/dir' } });
      const dest = join(root, 'loaded');
      await d.load({ local: { key: 'wf/pod/dir' } }, dest);
      assert.equal(await readFile(join(dest, 'sub', 'b.txt'), 'utf8'), 'B');
      await writeFile(join(src, 'a.txt'), 'A2');
      await d.save(src, { local: { key: 'wf/pod/dir' } });
      assert.equal(await readFile(join(root, 'wf/pod/dir/a.txt'), 'utf8'), 'A2');
      await rm(src, { recursive: true, force: true });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('leaves no temporary files behind after saves', async () => {
    const root = await mkdtemp(join(tmpdir(), 'nuncio-local-repo-'));
    try {
      const d = new LocalDriver(root);
      const src = join(root, 'src.txt');
      await writeFile(src, 'x');
      await d.save(src, { local: { key: 'k/obj' } });
      await d.save(src, { local: { key: 'k/obj' } });
      assert.deepEqual(await readdir(join(root, 'k')), ['obj']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
