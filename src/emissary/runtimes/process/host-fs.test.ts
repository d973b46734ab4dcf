/** @module emissary/runtimes/process/host-fs.test — the host probe: the kept top-level layout, live depths. */

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { hostProbe, liveProbe } from './host-fs.ts';

const base = mkdtempSync(join(tmpdir(), 'nuncio-host-fs-'));
after(() => rmSync(base, { recursive: true, force: true }));

describe('hostProbe', () => {
  it('answers for / and its entries as the host does', () => {
    const probe = hostProbe();
    assert.deepEqual(probe.list('/').sort(), readdirSync('/').sort());
    for (const name of readdirSync('/')) {
      assert.equal(probe.kind(`/${name}`), liveProbe.kind(`/${name}`), `/${name}`);
      if (probe.kind(`/${name}`) === 'symlink')
        assert.equal(probe.readlink(`/${name}`), liveProbe.readlink(`/${name}`));
    }
    assert.equal(probe.kind('/nuncio-no-such-top-level-entry'), undefined);
  });

  it('reads deeper paths live, even after the probe was made', () => {
    const probe = hostProbe();
    const file = join(base, 'later.txt');
    assert.equal(probe.kind(file), undefined);
    writeFileSync(file, 'x');
    symlinkSync('later.txt', join(base, 'link'));
    assert.equal(probe.kind(file), 'file');
    assert.equal(probe.kind(join(base, 'link')), 'symlink');
    assert.equal(probe.readlink(join(base, 'link')), 'later.txt');
    assert.deepEqual(probe.list(base).sort(), ['later.txt', 'link']);
  });

  it('says nothing is there when a path runs through a file', () => {
    const file = join(base, 'plain');
    writeFileSync(file, 'x');
    assert.equal(hostProbe().kind(join(file, 'inside')), undefined);
  });
});
