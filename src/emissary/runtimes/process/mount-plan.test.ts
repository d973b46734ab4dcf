/** @module emissary/runtimes/process/mount-plan.test — the sandbox filesystem plan on a made-up host. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EntryKind, type HostProbe, planMounts } from './mount-plan.ts';

/** A host described as path → kind (symlinks as `->target`). */
function host(entries: Record<string, EntryKind | `->${string}`>): HostProbe {
  const kinds = new Map(Object.entries(entries));
  return {
    kind: (p) => {
      const k = kinds.get(p);
      if (k === undefined) return undefined;
      return k.startsWith('->') ? 'symlink' : (k as EntryKind);
    },
    list: (dir) =>
      [...kinds.keys()]
        .filter((p) => p !== dir && p.startsWith(dir === '/' ? '/' : `${dir}/`))
        .map((p) => p.slice(dir === '/' ? 1 : dir.length + 1))
        .filter((rest) => rest !== '' && !rest.includes('/')),
    readlink: (p) => (kinds.get(p) ?? '').slice(2),
  };
}

const machine = host({
  '/bin': '->usr/bin',
  '/usr': 'dir',
  '/usr/bin': 'dir',
  '/etc': 'dir',
  '/etc/hosts': 'file',
  '/mnt': 'dir',
  '/mnt/data': 'dir',
  '/tmp': 'dir',
  '/tmp/host-file': 'file',
  '/proc': 'dir',
  '/dev': 'dir',
});

function pairs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; ) {
    const op = args[i]!;
    const n = op === '--dev' || op === '--proc' ? 1 : 2;
    out.push([op, ...args.slice(i + 1, i + 1 + n)].join(' '));
    i += 1 + n;
  }
  return out;
}

describe('planMounts', () => {
  it('binds the host’s / read-only in one go, with fresh /dev, /proc and a private /tmp', () => {
    const plan = planMounts({ root: '/r', tmp: '/t', writable: [], mounts: [], claimed: [] }, machine);
    assert.equal(plan.root, 'host');
    assert.deepEqual(pairs(plan.args), ['--ro-bind / /', '--bind /t /tmp', '--dev /dev', '--proc /proc']);
    assert.deepEqual(plan.dirs, []);
    assert.equal(plan.hostPathOf('/tmp/host-file'), '/t/host-file', '/tmp is private');
    assert.equal(plan.hostPathOf('/etc/hosts'), '/etc/hosts', 'host content is read from the host');
  });

  it('binds the host’s top-level entries into a tmpfs root when a mount point is new in /', () => {
    const plan = planMounts(
      {
        root: '/r',
        tmp: '/t',
        writable: [],
        mounts: [{ source: '/s/script', target: '/argo/staging/script', readOnly: true }],
        claimed: [],
      },
      machine,
    );
    assert.equal(plan.root, 'tmpfs');
    assert.deepEqual(pairs(plan.args), [
      '--bind /t /tmp',
      '--symlink usr/bin /bin',
      '--ro-bind-try /etc /etc',
      '--ro-bind-try /mnt /mnt',
      '--ro-bind-try /usr /usr',
      '--dev /dev',
      '--proc /proc',
      '--ro-bind /s/script /argo/staging/script',
    ]);
    assert.deepEqual(plan.dirs, []);
    assert.equal(plan.hostPathOf('/argo/staging/script'), '/s/script');
  });

  it('binds a top-level mount over the host’s / only onto an entry of its own kind', () => {
    const withSources = host({
      '/usr': 'dir',
      '/etc': 'dir',
      '/srv': 'dir',
      '/motd': 'file',
      '/lib': '->usr/lib',
      '/tmp': 'dir',
      '/proc': 'dir',
      '/dev': 'dir',
      '/vol': 'dir',
      '/s/file': 'file',
    });
    const on = (source: string, target: string) =>
      planMounts(
        { root: '/r', tmp: '/t', writable: [], mounts: [{ source, target, readOnly: false }], claimed: [] },
        withSources,
      ).root;
    assert.equal(on('/vol', '/srv'), 'host', 'a directory on a directory');
    assert.equal(on('/s/file', '/motd'), 'host', 'a file on a file');
    assert.equal(on('/s/file', '/srv'), 'tmpfs', 'a file cannot cover a directory');
    assert.equal(on('/vol', '/lib'), 'tmpfs', 'a bind on a symlink would land on its target');
    assert.equal(on('/vol', '/new'), 'tmpfs', 'a new top-level entry needs a tmpfs /');
  });

  it('never mirrors the host’s /tmp for a mount point in it', () => {
    const plan = planMounts(
      {
        root: '/r',
        tmp: '/t',
        writable: [],
        mounts: [{ source: '/v', target: '/tmp/vol', readOnly: false }],
        claimed: [],
      },
      machine,
    );
    assert.equal(plan.root, 'host');
    assert.deepEqual(pairs(plan.args), [
      '--ro-bind / /',
      '--bind /t /tmp',
      '--dev /dev',
      '--proc /proc',
      '--bind /v /tmp/vol',
    ]);
    assert.deepEqual(plan.dirs, []);
    assert.equal(plan.hostPathOf('/tmp/host-file'), '/t/host-file', 'the step’s /tmp, not the host’s');
    assert.equal(plan.hostPathOf('/tmp/vol/f'), '/v/f');
  });

  it('does not mirror a top-level symlink into the host’s /', () => {
    // lstat follows a symlink in the middle of a path: the host says /lib/x is a directory.
    const linked = host({
      '/lib': '->usr/lib',
      '/lib/x': 'dir',
      '/usr': 'dir',
      '/tmp': 'dir',
      '/proc': 'dir',
      '/dev': 'dir',
    });
    const plan = planMounts({ root: '/r', tmp: '/t', writable: ['/lib/x'], mounts: [], claimed: [] }, linked);
    assert.equal(plan.root, 'tmpfs');
  });

  it('keeps a tmpfs root on a host without a /tmp directory', () => {
    const noTmp = host({ '/usr': 'dir', '/tmp': '->private/tmp', '/proc': 'dir', '/dev': 'dir' });
    const plan = planMounts({ root: '/r', tmp: '/t', writable: [], mounts: [], claimed: [] }, noTmp);
    assert.equal(plan.root, 'tmpfs');
    assert.equal(pairs(plan.args)[0], '--bind /t /tmp');
  });

  it('backs a new top-level directory with the task root', () => {
    const plan = planMounts(
      { root: '/r', tmp: '/t', writable: ['/out/deep'], mounts: [], claimed: ['/out/deep/x'] },
      machine,
    );
    assert.ok(pairs(plan.args).includes('--bind /r/out /out'));
    assert.deepEqual(plan.dirs, ['/out']);
    assert.equal(plan.hostPathOf('/out/deep/x'), '/r/out/deep/x');
  });

  it('binds the task root at / when the step must write in / itself', () => {
    const plan = planMounts(
      { root: '/r', tmp: '/t', writable: [], mounts: [], claimed: ['/result.txt'] },
      machine,
    );
    assert.equal(plan.root, 'root');
    assert.deepEqual(pairs(plan.args).slice(0, 2), ['--bind /r /', '--bind /t /tmp'], '/tmp over the root');
    assert.equal(plan.hostPathOf('/result.txt'), '/r/result.txt');
    assert.equal(plan.hostPathOf('/tmp/x'), '/t/x');
  });

  it('needs nothing for outputs in /tmp, even /tmp itself', () => {
    const plan = planMounts(
      { root: '/r', tmp: '/t', writable: [], mounts: [], claimed: ['/tmp', '/tmp/', '/tmp/a/b'] },
      machine,
    );
    assert.equal(plan.root, 'host');
    assert.ok(pairs(plan.args).includes('--bind /t /tmp'));
    assert.deepEqual(plan.dirs, []);
    assert.equal(plan.hostPathOf('/tmp/'), '/t');
  });

  it('makes a working directory writable, in a new top-level directory or a mirrored one', () => {
    const plan = planMounts(
      { root: '/r', tmp: '/t', writable: ['/src', '/etc/app'], mounts: [], claimed: [] },
      machine,
    );
    assert.equal(plan.root, 'tmpfs', '/src is new in /');
    assert.deepEqual(plan.dirs, ['/etc', '/src']);
  });

  it('mirrors an existing host directory that must be writable, binding its children read-only', () => {
    const plan = planMounts(
      { root: '/r', tmp: '/t', writable: ['/mnt/out'], mounts: [], claimed: ['/mnt/out/x'] },
      machine,
    );
    const ops = pairs(plan.args);
    assert.equal(plan.root, 'host');
    assert.ok(!ops.includes('--ro-bind-try /mnt /mnt'));
    assert.ok(ops.indexOf('--ro-bind / /') < ops.indexOf('--bind /r/mnt /mnt'), 'over the host’s /mnt');
    assert.ok(ops.indexOf('--bind /r/mnt /mnt') < ops.indexOf('--ro-bind-try /mnt/data /mnt/data'));
    assert.deepEqual(plan.dirs, ['/mnt']);
    assert.equal(plan.hostPathOf('/mnt/out/x'), '/r/mnt/out/x');
    assert.equal(plan.hostPathOf('/mnt/data'), '/mnt/data');
  });

  it('never hides a claimed path behind a host bind', () => {
    const plan = planMounts(
      { root: '/r', tmp: '/t', writable: [], mounts: [], claimed: ['/etc/hosts'] },
      machine,
    );
    assert.ok(!pairs(plan.args).includes('--ro-bind-try /etc/hosts /etc/hosts'));
    assert.equal(plan.hostPathOf('/etc/hosts'), '/r/etc/hosts');
  });

  it('mirrors an output directory the host has, and claims output paths the host lacks', () => {
    const plan = planMounts(
      {
        root: '/r',
        tmp: '/t',
        writable: [],
        mounts: [{ source: '/v', target: '/mnt/data', readOnly: false }],
        claimed: [],
        outputs: ['/etc', '/result.txt', '/tmp/host-file', '/mnt/data/x'],
      },
      machine,
    );
    const ops = pairs(plan.args);
    assert.ok(ops.includes('--ro-bind-try /etc/hosts /etc/hosts'), 'the step sees the host’s /etc entries');
    assert.ok(!ops.includes('--ro-bind-try /etc /etc'), 'and can add its own');
    assert.deepEqual(plan.viewOf('/etc'), { source: '/etc' }, 'nothing added: the host’s /etc itself');
    // /result.txt is new: the step must write in / itself.
    assert.equal(ops[0], '--bind /r /');
    assert.equal(plan.hostPathOf('/result.txt'), '/r/result.txt');
    // /tmp is private and volumes are the step's: neither is the host's, whatever the host has there.
    assert.equal(plan.hostPathOf('/tmp/host-file'), '/t/host-file');
    assert.deepEqual(plan.viewOf('/mnt/data/x'), { source: '/v/x' });
  });

  it('claims an output file the host has, so that the step can write it', () => {
    const plan = planMounts(
      { root: '/r', tmp: '/t', writable: [], mounts: [], claimed: [], outputs: ['/etc/hosts'] },
      machine,
    );
    assert.ok(!pairs(plan.args).includes('--ro-bind-try /etc/hosts /etc/hosts'));
    assert.equal(plan.hostPathOf('/etc/hosts'), '/r/etc/hosts');
  });

  it('views a host directory the step added to as the merge of both', () => {
    const after = host({
      '/etc': 'dir',
      '/etc/hosts': 'file',
      '/etc/motd': '->hosts',
      '/etc/sub': 'dir',
      '/etc/sub/keep': 'file',
      '/r': 'dir',
      '/r/etc': 'dir',
      // placeholders bubblewrap made for the host's entries, and what the step wrote
      '/r/etc/hosts': 'file',
      '/r/etc/sub': 'dir',
      '/r/etc/new.conf': 'file',
      '/r/etc/newdir': 'dir',
    });
    const plan = planMounts(
      { root: '/r', tmp: '/t', writable: [], mounts: [], claimed: [], outputs: ['/etc/'] },
      after,
    );
    assert.deepEqual(plan.viewOf('/etc'), {
      entries: [
        ['hosts', { source: '/etc/hosts' }],
        ['motd', { source: '/etc/motd' }],
        ['new.conf', { source: '/r/etc/new.conf' }],
        ['newdir', { source: '/r/etc/newdir' }],
        ['sub', { source: '/etc/sub' }],
      ],
    });
  });

  it('an output directory the host has does not make its parent writable', () => {
    const plan = planMounts(
      { root: '/r', tmp: '/t', writable: [], mounts: [], claimed: [], outputs: ['/etc'] },
      machine,
    );
    assert.equal(plan.root, 'host', 'no root bound at /');
    assert.deepEqual(plan.dirs, ['/etc']);
  });

  it('binds mounts last, parents first, and maps paths inside them to their sources', () => {
    const plan = planMounts(
      {
        root: '/r',
        tmp: '/t',
        writable: [],
        mounts: [
          { source: '/vol/b', target: '/mnt/data/inner', readOnly: false },
          { source: '/vol/a', target: '/mnt/data', readOnly: false },
          { source: '/s/script', target: '/argo/staging/script', readOnly: true },
        ],
        claimed: [],
      },
      machine,
    );
    const ops = pairs(plan.args);
    const at = (op: string): number => ops.indexOf(op);
    assert.ok(at('--proc /proc') < at('--bind /vol/a /mnt/data'), 'mounts come after the host binds');
    assert.ok(at('--bind /vol/a /mnt/data') < at('--bind /vol/b /mnt/data/inner'), 'parents before children');
    assert.ok(at('--ro-bind /s/script /argo/staging/script') > at('--proc /proc'));
    assert.equal(plan.hostPathOf('/mnt/data/inner/f'), '/vol/b/f');
    assert.equal(plan.hostPathOf('/mnt/data/g'), '/vol/a/g');
    assert.equal(plan.hostPathOf('/argo/staging/script'), '/s/script');
    assert.deepEqual(plan.dirs, [], 'mount points that exist or are new at the top need no mirror');
  });

  it('mirrors the parent of a mount point that does not exist inside a host directory', () => {
    const plan = planMounts(
      {
        root: '/r',
        tmp: '/t',
        writable: [],
        mounts: [{ source: '/v', target: '/usr/games', readOnly: true }],
        claimed: [],
      },
      machine,
    );
    assert.deepEqual(plan.dirs, ['/usr']);
    assert.ok(pairs(plan.args).includes('--ro-bind-try /usr/bin /usr/bin'));
  });
});
