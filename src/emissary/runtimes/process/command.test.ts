/** @module emissary/runtimes/process/command.test — argv resolution against a real directory tree. */

import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CommandNotFoundError } from '../../runtime.ts';
import { argvOf, resolveCommand } from './command.ts';
import { imageDefaults, repositoryOf, tagOf } from './images.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'nuncio-cmd-'));
  await mkdir(join(root, 'bin'));
  for (const name of ['python3', 'sh', 'not-exec']) await writeFile(join(root, 'bin', name), '#!/bin/sh\n');
  await chmod(join(root, 'bin', 'python3'), 0o755);
  await chmod(join(root, 'bin', 'sh'), 0o755);
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const lookup = () => ({ hostPathOf: (p: string) => join(root, p), path: '/bin', workingDir: '/' });

describe('images', () => {
  it('normalises image references', () => {
    assert.equal(repositoryOf('docker.io/library/busybox:1.36'), 'busybox');
    assert.equal(repositoryOf('localhost:5000/team/tool@sha256:abc'), 'team/tool');
    assert.equal(repositoryOf('argoproj/argosay:v2'), 'argoproj/argosay');
    assert.equal(tagOf('argoproj/argosay:v1'), 'v1');
    assert.equal(tagOf('localhost:5000/x'), 'latest');
    assert.deepEqual(imageDefaults('argoproj/argosay:v1')?.cmd, ['cowsay']);
    assert.deepEqual(imageDefaults('argoproj/argosay:v2')?.entrypoint, ['/argosay']);
    assert.equal(imageDefaults('example.com/unknown:1'), undefined);
  });
});

describe('argvOf', () => {
  it('uses command + args, else entrypoint + (args or CMD)', () => {
    assert.deepEqual(argvOf('busybox', ['echo'], ['a']).argv, ['echo', 'a']);
    assert.deepEqual(argvOf('busybox', [], []).argv, ['sh']);
    assert.deepEqual(argvOf('busybox', [], ['ls', '-l']).argv, ['ls', '-l']);
    assert.deepEqual(argvOf('argoproj/argosay:v2', [], ['echo', 'x']).argv, ['/argosay', 'echo', 'x']);
  });
  it('runs an unknown image’s args with a note, and refuses when there is nothing to run', () => {
    const r = argvOf('acme/tool:1', [], ['run']);
    assert.deepEqual(r.argv, ['run']);
    assert.match(r.notes[0] ?? '', /image 'acme\/tool:1' is not known here/);
    assert.throws(
      () => argvOf('acme/tool:1', [], []),
      /failed to look-up entrypoint\/cmd for image "acme\/tool:1"/,
    );
  });
});

describe('resolveCommand', () => {
  it('finds bare names in the PATH and absolute paths as given', () => {
    assert.deepEqual(resolveCommand('busybox', ['sh', '-c'], ['x'], lookup()).argv, ['sh', '-c', 'x']);
    assert.deepEqual(resolveCommand('busybox', ['/bin/sh'], [], lookup()).argv, ['/bin/sh']);
  });
  it('runs python as python3 and says so', () => {
    const r = resolveCommand('python:3', ['python', '-c'], ['print(1)'], lookup());
    assert.deepEqual(r.argv, ['python3', '-c', 'print(1)']);
    assert.deepEqual(r.notes, ["'python' is not installed on this machine; running 'python3' instead"]);
  });
  it('refuses missing and non-executable commands the way Argo words it', () => {
    assert.throws(
      () => resolveCommand('busybox', ['not-exec'], [], lookup()),
      (e: unknown) =>
        e instanceof CommandNotFoundError &&
        e.message === 'failed to find name in PATH: exec: "not-exec": executable file not found in $PATH',
    );
    assert.throws(
      () => resolveCommand('busybox', ['/bin/nope'], [], lookup()),
      /exec: "\/bin\/nope": stat \/bin\/nope: no such file or directory/,
    );
  });
});
