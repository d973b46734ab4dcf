/** @module artifacts/archive.test — Argo's archive layout and unpack rules, on real files. */

import assert from 'node:assert/strict';
import { createReadStream, createWriteStream } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { createGzip } from 'node:zlib';
import { create, list } from 'tar';
import { chmodArtifact, inputArchiveStrategy, isTarball, packArchive, unpackArtifact } from './archive.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nuncio-archive-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function entries(tgz: string): Promise<string[]> {
  const names: string[] = [];
  await list({ file: tgz, onReadEntry: (e) => names.push(e.path) });
  return names;
}

async function fresh(name: string): Promise<string> {
  const p = join(dir, name);
  await mkdir(p, { recursive: true });
  return p;
}

describe('packArchive (tar)', () => {
  it('archives a file as one entry named after its base name', async () => {
    const d = await fresh('pack-file');
    await writeFile(join(d, 'hello_world.txt'), 'hello world\n');
    await packArchive(join(d, 'hello_world.txt'), join(d, 'out.tgz'), 'tar');
    assert.deepEqual(await entries(join(d, 'out.tgz')), ['hello_world.txt']);
  });

  it('archives a directory under its base name, with its tree and symlinks', async () => {
    const d = await fresh('pack-dir');
    await mkdir(join(d, 'out', 'sub'), { recursive: true });
    await writeFile(join(d, 'out', 'a.txt'), 'A');
    await writeFile(join(d, 'out', 'sub', 'b.txt'), 'B');
    await symlink('a.txt', join(d, 'out', 'link'));
    await packArchive(join(d, 'out'), join(d, 'out.tgz'), 'tar');
    assert.deepEqual((await entries(join(d, 'out.tgz'))).sort(), [
      'out/',
      'out/a.txt',
      'out/link',
      'out/sub/',
      'out/sub/b.txt',
    ]);
  });

  it('honours the compression level', async () => {
    const d = await fresh('pack-level');
    await writeFile(join(d, 'big.txt'), 'abcdefgh'.repeat(50_000));
    await packArchive(join(d, 'big.txt'), join(d, 'stored.tgz'), 'tar', 0);
    await packArchive(join(d, 'big.txt'), join(d, 'best.tgz'), 'tar', 9);
    assert.ok((await stat(join(d, 'stored.tgz'))).size > 400_000);
    assert.ok((await stat(join(d, 'best.tgz'))).size < 10_000);
    assert.equal(await isTarball(join(d, 'stored.tgz')), true);
  });

  it('reports a missing source as not found', async () => {
    await assert.rejects(
      packArchive(join(dir, 'nope'), join(dir, 'nope.tgz'), 'tar'),
      /no such file or directory/,
    );
  });
});

describe('unpackArtifact', () => {
  it('puts a tarred file at the input path under the new name', async () => {
    const d = await fresh('unpack-file');
    await writeFile(join(d, 'message'), 'hi\n');
    await packArchive(join(d, 'message'), join(d, 'a.tgz'), 'tar');
    await unpackArtifact(join(d, 'a.tgz'), join(d, 'in', 'renamed.txt'), 'tar');
    assert.equal(await readFile(join(d, 'in', 'renamed.txt'), 'utf8'), 'hi\n');
    assert.equal((await readdir(join(d, 'in'))).length, 1, 'no temporary directory is left');
    await assert.rejects(stat(join(d, 'a.tgz')), 'the loaded object is consumed');
  });

  it('recreates a tarred directory at the input path', async () => {
    const d = await fresh('unpack-dir');
    await mkdir(join(d, 'src', 'sub'), { recursive: true });
    await writeFile(join(d, 'src', 'sub', 'b.txt'), 'B');
    await packArchive(join(d, 'src'), join(d, 'a.tgz'), 'tar');
    await unpackArtifact(join(d, 'a.tgz'), join(d, 'dest'), 'tar');
    assert.equal(await readFile(join(d, 'dest', 'sub', 'b.txt'), 'utf8'), 'B');
  });

  it('makes the destination a directory when the tar has several top entries', async () => {
    const d = await fresh('unpack-multi');
    await writeFile(join(d, 'x'), 'X');
    await writeFile(join(d, 'y'), 'Y');
    await create({ gzip: true, file: join(d, 'm.tgz'), cwd: d }, ['x', 'y']);
    await unpackArtifact(join(d, 'm.tgz'), join(d, 'dest'), 'tar');
    assert.deepEqual((await readdir(join(d, 'dest'))).sort(), ['x', 'y']);
  });

  it('moves a none artifact as is, and auto-detects only real tarballs', async () => {
    const d = await fresh('unpack-none');
    await writeFile(join(d, 'plain'), 'not an archive');
    await unpackArtifact(join(d, 'plain'), join(d, 'dest-plain'), undefined);
    assert.equal(await readFile(join(d, 'dest-plain'), 'utf8'), 'not an archive');

    await writeFile(join(d, 'f'), 'inside');
    await packArchive(join(d, 'f'), join(d, 'f.tgz'), 'tar');
    await unpackArtifact(join(d, 'f.tgz'), join(d, 'dest-auto'), undefined);
    assert.equal(await readFile(join(d, 'dest-auto'), 'utf8'), 'inside');

    await pipeline(createReadStream(join(d, 'dest-auto')), createGzip(), createWriteStream(join(d, 'g.gz')));
    assert.equal(await isTarball(join(d, 'g.gz')), false, 'gzip of a non-tar is not a tarball');
    await packArchive(join(d, 'dest-auto'), join(d, 'kept.tgz'), 'tar');
    await unpackArtifact(join(d, 'kept.tgz'), join(d, 'dest-kept.tgz'), 'none');
    assert.equal(await isTarball(join(d, 'dest-kept.tgz')), true, 'none keeps a tarball packed');
  });

  it('refuses a symlink pointing outside the destination', async () => {
    const d = await fresh('unpack-evil');
    await mkdir(join(d, 'evil'));
    await symlink('/etc/passwd', join(d, 'evil', 'passwd'));
    await create({ gzip: true, file: join(d, 'evil.tgz'), cwd: d }, ['evil']);
    await assert.rejects(
      unpackArtifact(join(d, 'evil.tgz'), join(d, 'dest'), 'tar'),
      /illegal symlink target/,
    );
    await assert.rejects(lstat(join(d, 'dest')));
  });

  it('keeps symlinks that stay inside', async () => {
    const d = await fresh('unpack-link');
    await mkdir(join(d, 'ok'));
    await writeFile(join(d, 'ok', 'a'), 'A');
    await symlink('a', join(d, 'ok', 'b'));
    await packArchive(join(d, 'ok'), join(d, 'ok.tgz'), 'tar');
    await unpackArtifact(join(d, 'ok.tgz'), join(d, 'dest'), 'tar');
    assert.equal(await readlink(join(d, 'dest', 'b')), 'a');
  });
});

describe('inputArchiveStrategy', () => {
  it('keeps what the artifact declares, but a raw artifact is never an archive', () => {
    assert.equal(inputArchiveStrategy('local', 'tar'), 'tar');
    assert.equal(inputArchiveStrategy('http', undefined), undefined);
    assert.equal(inputArchiveStrategy('s3', 'none'), 'none');
    assert.equal(inputArchiveStrategy('raw', 'tar'), 'none');
    assert.equal(inputArchiveStrategy('raw', 'zip'), 'none');
    assert.equal(inputArchiveStrategy('raw', undefined), 'none');
  });
});

describe('zip', () => {
  it('round-trips a directory and a file', async () => {
    const d = await fresh('zip');
    await mkdir(join(d, 'tree', 'sub'), { recursive: true });
    await writeFile(join(d, 'tree', 'a.txt'), 'A'.repeat(10_000));
    await writeFile(join(d, 'tree', 'sub', 'empty'), '');
    await packArchive(join(d, 'tree'), join(d, 't.zip'), 'zip');
    await unpackArtifact(join(d, 't.zip'), join(d, 'tree-copy'), 'zip');
    assert.equal(await readFile(join(d, 'tree-copy', 'a.txt'), 'utf8'), 'A'.repeat(10_000));
    assert.equal(await readFile(join(d, 'tree-copy', 'sub', 'empty'), 'utf8'), '');

    await packArchive(join(d, 'tree', 'a.txt'), join(d, 'f.zip'), 'zip');
    await unpackArtifact(join(d, 'f.zip'), join(d, 'f-copy'), 'zip');
    assert.equal((await readFile(join(d, 'f-copy'))).length, 10_000);
  });

  it('rejects a file that is not a zip', async () => {
    const d = await fresh('zip-bad');
    await writeFile(join(d, 'bad.zip'), 'nope');
    await assert.rejects(unpackArtifact(join(d, 'bad.zip'), join(d, 'out'), 'zip'), /not a valid zip/);
  });
});

describe('chmodArtifact', () => {
  it('sets the mode, recursively when asked', async () => {
    const d = await fresh('chmod');
    await mkdir(join(d, 't', 's'), { recursive: true });
    await writeFile(join(d, 't', 's', 'f'), 'x');
    await chmodArtifact(join(d, 't'), 0o750, true);
    assert.equal((await stat(join(d, 't', 's', 'f'))).mode & 0o777, 0o750);
    await chmodArtifact(join(d, 't'), 0o700, false);
    assert.equal((await stat(join(d, 't'))).mode & 0o777, 0o700);
    assert.equal((await stat(join(d, 't', 's'))).mode & 0o777, 0o750);
  });
});
