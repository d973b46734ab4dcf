/**
 * @module emissary/runtimes/process/launcher/launcher.test
 * The launcher as the engine sees it: arguments, environment and working directory reach the step exactly
 * (whatever bytes they hold), output arrives while a step runs and all of it after, steps are reaped (no
 * zombies pile up) and leave no files, the shell's death ends the steps it ran with an error that says so
 * (and kills them), the next step starts a new shell, and neither the shell nor its steps outlive the
 * engine, even one killed with SIGKILL.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kill } from '../step-signals.ts';
import { Launcher, launcherBase, launcherTmpfsMinBytes, launcherTools } from './launcher.ts';
import { frame, parseEvent, shellQuote } from './shell-line.ts';

/** True while process `pid` exists. */
const alive = (pid: number): boolean => kill(pid, 0);

/** The parent of process `pid`, from /proc. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The state of process `pid` (`Z` for a zombie), from /proc. */
function stateOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
}

/** The children of process `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(' ').map(Number) : [];
}

async function eventually(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

function collect(): {
  out: Buffer[];
  err: Buffer[];
  io: { stdout: (c: Buffer) => void; stderr: (c: Buffer) => void };
} {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  return { out, err, io: { stdout: (c) => out.push(c), stderr: (c) => err.push(c) } };
}

const tools = launcherTools();
if (typeof tools === 'string') throw new Error(`the launcher cannot run here: ${tools}`);
const path = process.env.PATH ?? '/usr/bin:/bin';
const sh = (script: string) => ({ file: 'sh', args: ['-c', script], env: { PATH: path } });

/** Bytes a careless or hostile workflow may put in an argument or a value. */
const awkward = [
  '',
  ' ',
  "it's",
  "'",
  "''\\'",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion that must stay unexpanded
  '"$HOME" `id` $(id) ${x}',
  'a\nb\n',
  '\\',
  '; exit 9 #',
  '*',
  '-n',
  '--',
  'ünïcødé ✓',
  '\t\r',
];

describe('launcher shell lines', () => {
  it('quotes a word so that sh passes it through unchanged', async () => {
    for (const word of awkward) {
      const out = await new Promise<string>((ok) => {
        const p = spawn('/bin/sh', ['-c', `printf '%s' ${shellQuote(word)}`]);
        let s = '';
        p.stdout.on('data', (c: Buffer) => {
          s += c.toString('utf8');
        });
        p.on('close', () => ok(s));
      });
      assert.equal(out, word);
    }
  });

  it('says why it cannot run without bash', () => {
    assert.equal(launcherTools('/nonexistent/bash'), '/nonexistent/bash is missing');
  });

  it('reads the shell’s events and nothing else', () => {
    assert.deepEqual(parseEvent('S 3 4711'), { kind: 'S', id: 3, pid: 4711 });
    assert.deepEqual(parseEvent('E 3 143'), { kind: 'E', id: 3, status: 143 });
    assert.equal(parseEvent('W 3 4710'), undefined);
    assert.equal(parseEvent('sh: 1: syntax error'), undefined);
    assert.equal(parseEvent('E 3'), undefined);
    assert.deepEqual(parseEvent('X 2'), { kind: 'X', lane: 2 });
    assert.deepEqual(parseEvent('L 2 4712'), { kind: 'L', lane: 2, pid: 4712 });
  });

  it('frames code by its length in bytes', () => {
    assert.equal(frame(3, 'ünï\n'), '3 6\nünï\n');
    assert.equal(frame('-', ''), '- 0\n');
  });
});

describe('launcher', () => {
  it('starts a plain step as the leader of a process group of its own', async () => {
    const launcher = new Launcher(tools);
    const { out, io } = collect();
    // Field 5 of /proc/PID/stat is the process group; the shell is the step's own process (exec).
    const step = await launcher.launch(sh("echo $$ $(cut -d' ' -f5 /proc/$$/stat)"), io);
    assert.deepEqual(await step.wait(), { exitCode: 0 });
    const [pid, group] = Buffer.concat(out).toString('utf8').trim().split(' ').map(Number);
    assert.ok(pid !== undefined && pid > 1);
    assert.equal(group, pid);
    await launcher.close();
  });

  it('passes arguments, environment and working directory through exactly', async () => {
    const launcher = new Launcher(tools);
    const cwd = mkdtempSync(join(tmpdir(), "nuncio launcher 'cwd' "));
    try {
      const { out, io } = collect();
      const script = 'printf "%s\\0" "$@"; pwd';
      const step = await launcher.launch(
        { file: 'sh', args: ['-c', script, 'sh', ...awkward], env: { PATH: path }, cwd },
        io,
      );
      assert.deepEqual(await step.wait(), { exitCode: 0 });
      const args = Buffer.concat(out).toString('utf8').split('\0');
      assert.deepEqual(args.slice(0, awkward.length), awkward);
      assert.equal(args.at(-1), `${cwd}\n`);

      // Nothing of the launcher's leaks in: the step has stdin, stdout and stderr, and not the launcher's
      // event pipe (fd 9) or a status file (fd 3). (A descriptor this test process inherited from whoever
      // started it without close-on-exec would show too; that one is not the launcher's.)
      const fds = collect();
      const lister = await launcher.launch(sh('ls /proc/$$/fd'), fds.io);
      assert.deepEqual(await lister.wait(), { exitCode: 0 });
      const open = Buffer.concat(fds.out).toString().split('\n').filter(Boolean);
      assert.deepEqual(open.slice(0, 3), ['0', '1', '2']);
      assert.equal(open.includes('9') || open.includes('3'), false, `open: ${open.join(' ')}`);

      // Exactly the environment asked for, names a shell cannot export included.
      const env = {
        PATH: path,
        PLAIN: 'x',
        ODD: "it's $HOME\n",
        'dotted.name': 'v',
        'A-B': 'w',
        EMPTY: '',
      };
      const printed = collect();
      const printer = await launcher.launch({ file: 'env', args: ['-0'], env, cwd }, printed.io);
      assert.deepEqual(await printer.wait(), { exitCode: 0 });
      const seen = Buffer.concat(printed.out)
        .toString('utf8')
        .split('\0')
        .filter((l) => l);
      assert.deepEqual(
        seen.sort(),
        Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .sort(),
      );
    } finally {
      await launcher.close();
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('looks a command up on the step’s own PATH, as spawn does', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'nuncio-launcher-bin-'));
    try {
      writeFileSync(join(bin, 'only-here'), '#!/bin/sh\necho found "$@"\n', { mode: 0o755 });
      const launcher = new Launcher(tools);
      const { out, io } = collect();
      const step = await launcher.launch(
        { file: 'only-here', args: ['x'], env: { PATH: `${bin}:${path}` } },
        io,
      );
      assert.deepEqual(await step.wait(), { exitCode: 0 });
      assert.equal(Buffer.concat(out).toString('utf8'), 'found x\n');
      // The engine's PATH has `sh`; a step whose PATH does not, does not get it.
      await assert.rejects(
        launcher.launch({ file: 'sh', args: [], env: { PATH: bin } }, io),
        /spawn sh ENOENT/,
      );
      await launcher.close();
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('gives a step its command’s name as argv[0], as spawn and a container do', async () => {
    const launcher = new Launcher(tools);
    const { out, io } = collect();
    const step = await launcher.launch(sh('printf %s "$0"'), io);
    assert.deepEqual(await step.wait(), { exitCode: 0 });
    assert.equal(Buffer.concat(out).toString('utf8'), 'sh');
    // With an environment name the shell cannot export, `env` starts the step, by its path (env 9.1 cannot
    // set argv[0]): a rare name (`a.b`) costs the step its short argv[0].
    const odd = collect();
    const viaEnv = await launcher.launch(
      { file: 'sh', args: ['-c', 'printf %s "$0"'], env: { PATH: path, 'a.b': '1' } },
      odd.io,
    );
    assert.deepEqual(await viaEnv.wait(), { exitCode: 0 });
    assert.match(Buffer.concat(odd.out).toString('utf8'), /^\/.*\/sh$/);
    await launcher.close();
  });

  it('reports exit codes and every byte of output, and leaves no files behind', async () => {
    const launcher = new Launcher(tools);
    const { out, err, io } = collect();
    const step = await launcher.launch(sh('head -c 3000000 /dev/zero; printf "\\377\\000x" >&2; exit 3'), io);
    assert.deepEqual(await step.wait(), { exitCode: 3 });
    assert.equal(Buffer.concat(out).length, 3_000_000);
    assert.deepEqual(Buffer.concat(err), Buffer.from([0xff, 0, 0x78]));
    const killed = await launcher.launch(sh('kill -9 $$'), collect().io);
    assert.deepEqual(await killed.wait(), { exitCode: 137 });
    const where = collect();
    const last = await launcher.launch(sh('readlink /proc/$$/fd/1'), where.io);
    assert.deepEqual(await last.wait(), { exitCode: 0 });
    const dir = dirname(Buffer.concat(where.out).toString().trim());
    assert.match(dir, /nuncio-steps-/);
    assert.deepEqual(readdirSync(dir), [], 'no step files are left');
    await launcher.close();
    assert.equal(existsSync(dir), false, 'the launcher’s directory goes with it');
  });

  it('delivers output while the step runs', async () => {
    const launcher = new Launcher(tools);
    const { out, io } = collect();
    const step = await launcher.launch(sh('echo early; exec sleep 30'), io);
    await eventually('the first line arrives', () => Buffer.concat(out).toString() === 'early\n');
    step.signal('SIGTERM');
    assert.equal((await step.wait()).exitCode, 143);
    await launcher.close();
  });

  it('keeps up with a step that writes faster than one slice a poll', async () => {
    const launcher = new Launcher(tools);
    let bytes = 0;
    const io = {
      stdout: (c: Buffer) => {
        bytes += c.length;
      },
      stderr: () => {},
    };
    const step = await launcher.launch(sh('head -c 30000000 /dev/zero; exec sleep 30'), io);
    // 30 MB at one 1 MiB slice per 100 ms poll would take three seconds.
    await eventually('all of it arrives while the step runs', () => bytes === 30_000_000, 1500);
    step.signal('SIGTERM');
    assert.equal((await step.wait()).exitCode, 143);
    assert.equal(bytes, 30_000_000);
    await launcher.close();
  });

  it('frees what it read of a running step’s output, and loses none of it', async () => {
    assert.ok(tools.fallocate, 'fallocate (util-linux) is installed');
    const launcher = new Launcher(tools, 1 << 20);
    const { out, err, io } = collect();
    // 6 MB of `y`, then the step lives on with its file open.
    const script =
      "f=$(readlink /proc/$$/fd/1); echo $f >&2; head -c 6000000 /dev/zero | tr '\\0' y; exec sleep 30";
    const step = await launcher.launch(sh(script), io);
    await eventually('all of it arrives while the step runs', () => Buffer.concat(out).length === 6_000_000);
    const file = Buffer.concat(err).toString().trim();
    assert.match(file, /nuncio-steps-.*\.o$/);
    assert.equal(statSync(file).size, 6_000_000, 'the file keeps its size');
    // At most one step's worth (1 MiB) is still held, once the launcher's shell has punched the hole.
    await eventually('what was read is freed', () => statSync(file).blocks * 512 <= 1 << 20);
    step.signal('SIGTERM');
    assert.equal((await step.wait()).exitCode, 143);
    const bytes = Buffer.concat(out);
    assert.equal(bytes.length, 6_000_000);
    assert.equal(bytes.indexOf(0), -1, 'no byte of a freed hole is delivered');
    await launcher.close();
  });

  it('keeps step files on a tmpfs when the machine has one', () => {
    const onTmpfs = (dir: string) => statfsSync(dir).type === 0x01021994;
    assert.equal(launcherBase(['/nonexistent']), tmpdir());
    if (!onTmpfs(tmpdir())) assert.equal(launcherBase([tmpdir()]), tmpdir());
    const roomy = (dir: string) => statfsSync(dir).bavail * statfsSync(dir).bsize >= launcherTmpfsMinBytes;
    const shm = existsSync('/dev/shm') && onTmpfs('/dev/shm') && roomy('/dev/shm');
    assert.equal(launcherBase(['/nonexistent', '/dev/shm']), shm ? '/dev/shm' : tmpdir());
    // A tmpfs too small for a few steps' output (a container's 64 MB /dev/shm) is passed over.
    assert.equal(launcherBase(['/dev/shm'], Number.MAX_SAFE_INTEGER), tmpdir());
  });

  it('reaps its steps: a long run piles up no zombies', async () => {
    const launcher = new Launcher(tools);
    for (let i = 0; i < 40; i++) {
      const steps = await Promise.all([1, 2].map(() => launcher.launch(sh('exit 0'), collect().io)));
      for (const s of steps) assert.equal((await s.wait()).exitCode, 0);
    }
    const shell = launcher.pid!;
    const lanes = childrenOf(shell);
    assert.equal(lanes.length, 2, 'one lane for each step that ran at once');
    const below = () => lanes.flatMap((lane) => childrenOf(lane));
    await eventually('no step is left unreaped', () => below().every((pid) => stateOf(pid) !== 'Z'));
    assert.ok(lanes.every((lane) => stateOf(lane) !== 'Z'));
    await launcher.close();
    assert.equal(alive(shell), false);
  });

  // A timeout: without the `X` handling, the step never starts.
  it('hands a step for a lane that is gone to another', { timeout: 10_000 }, async () => {
    const launcher = new Launcher(tools);
    const first = await launcher.launch(sh('exit 0'), collect().io);
    assert.equal((await first.wait()).exitCode, 0);
    const [lane] = childrenOf(launcher.pid!);
    assert.ok(lane !== undefined);
    process.kill(lane, 'SIGKILL');
    await eventually('the lane is gone', () => !childrenOf(launcher.pid!).includes(lane));
    const { out, io } = collect();
    const next = await launcher.launch(sh('echo ok'), io);
    assert.deepEqual(await next.wait(), { exitCode: 0 });
    assert.equal(Buffer.concat(out).toString(), 'ok\n');
    assert.equal(childrenOf(launcher.pid!).length, 1, 'a new lane in its place');
    await launcher.close();
  });

  // A timeout: without the check, the step never ends.
  it('ends a step whose lane was killed with an error, and kills it', { timeout: 10_000 }, async () => {
    const launcher = new Launcher(tools);
    const { out, io } = collect();
    const step = await launcher.launch(sh('echo $$; exec sleep 60'), io);
    await eventually('the step says its pid', () => Buffer.concat(out).toString().endsWith('\n'));
    const stepPid = Number(Buffer.concat(out).toString().trim());
    process.kill(parentOf(stepPid), 'SIGKILL');
    const status = await step.wait();
    assert.equal(status.exitCode, 137);
    assert.match(status.error ?? '', /the step launcher's lane \(pid \d+\) is gone; the step was killed/);
    await eventually('the step is killed', () => !alive(stepPid));
    const next = await launcher.launch(sh('exit 0'), collect().io);
    assert.deepEqual(await next.wait(), { exitCode: 0 }, 'the launcher goes on');
    await launcher.close();
  });

  it('ends the steps of a shell that died with an error, kills them, and starts a new one', async () => {
    const launcher = new Launcher(tools);
    const { out, io } = collect();
    const step = await launcher.launch(sh('echo $$; exec sleep 60'), io);
    const first = launcher.pid!;
    await eventually('the step says its pid', () => Buffer.concat(out).toString().endsWith('\n'));
    const stepPid = Number(Buffer.concat(out).toString().trim());
    process.kill(first, 'SIGKILL');
    const status = await step.wait();
    assert.equal(status.exitCode, 137);
    assert.match(
      status.error ?? '',
      /the step launcher \(pid \d+\) exited unexpectedly \(killed by SIGKILL\); the step was killed/,
    );
    await eventually('the orphaned step is killed', () => !alive(stepPid));

    const again = collect();
    const next = await launcher.launch(sh('echo ok'), again.io);
    assert.notEqual(launcher.pid, first);
    assert.equal((await next.wait()).exitCode, 0);
    assert.equal(Buffer.concat(again.out).toString(), 'ok\n');
    await launcher.close();
  });

  it('rejects a step whose executable cannot be found', async () => {
    const launcher = new Launcher(tools);
    await assert.rejects(
      launcher.launch({ file: 'nuncio-no-such-cmd', args: [], env: {} }, collect().io),
      /ENOENT/,
    );
    await launcher.close();
  });

  it('never outlives the engine: a SIGKILLed engine takes the shell and its steps with it', async () => {
    const module = fileURLToPath(new URL('./launcher.js', import.meta.url));
    const engine = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { Launcher, launcherTools } from ${JSON.stringify(module)};
       const l = new Launcher(launcherTools());
       const script = 'echo $$ "$(readlink /proc/$$/fd/1)"; exec sleep 60';
       const step = await l.launch({ file: 'sh', args: ['-c', script], env: { PATH: process.env.PATH } },
         { stdout: (c) => console.log(l.pid + ' ' + c.toString().trim()), stderr: () => {} });
       await step.wait();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let said = '';
    engine.stdout.on('data', (c: Buffer) => {
      said += c.toString();
    });
    await eventually('the engine reports the pids', () => said.includes('\n'), 10_000);
    const [shellPid, stepPid, stdoutFile] = said.trim().split(' ') as [string, string, string];
    assert.equal(
      parentOf(parentOf(Number(stepPid))),
      Number(shellPid),
      'the shell’s grandchild (by its lane)',
    );
    const dir = dirname(stdoutFile);
    assert.match(dir, /nuncio-steps-/);
    engine.kill('SIGKILL');
    await eventually('the shell exits', () => !alive(Number(shellPid)));
    await eventually('its step is killed', () => !alive(Number(stepPid)));
    await eventually('its directory is removed', () => !existsSync(dir));
  });
});
