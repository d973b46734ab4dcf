/**
 * @module emissary/runtimes/process/spawner/client.test
 * The spawner's life cycle as the engine sees it: steps run as its children once it is ready, its death
 * ends the steps it ran with an error that says so (and kills them), the next step starts a new one, it
 * ends with `close()`, and it never outlives the engine, even one killed with SIGKILL.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Spawner } from './client.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The parent of process `pid`, from /proc. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function eventually(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

function collect(): { out: string[]; io: { stdout: (c: Buffer) => void; stderr: (c: Buffer) => void } } {
  const out: string[] = [];
  return { out, io: { stdout: (c) => out.push(c.toString()), stderr: (c) => out.push(c.toString()) } };
}

const sh = (script: string) => ({ file: 'sh', args: ['-c', script], env: { PATH: process.env.PATH ?? '' } });

describe('step spawner', () => {
  it('runs steps as its own children once it is ready, and exits on close', async () => {
    const spawner = new Spawner();
    await spawner.ready();
    const pid = spawner.pid!;
    const { out, io } = collect();
    const step = await spawner.launch(sh('echo $PPID; printf "\\377\\000x" >&2; exit 3'), io);
    assert.deepEqual(await step.wait(), { exitCode: 3 });
    assert.equal(out[0]?.trim(), String(pid));
    await spawner.close();
    assert.equal(alive(pid), false);
  });

  it('forks steps from this process while it boots', async () => {
    const spawner = new Spawner();
    const { out, io } = collect();
    const step = await spawner.launch(sh('echo $PPID'), io);
    await step.wait();
    assert.equal(out.join('').trim(), String(process.pid));
    await spawner.close();
  });

  it('ends the steps of a spawner that died with an error, kills them, and starts a new one', async () => {
    const spawner = new Spawner();
    await spawner.ready();
    const first = spawner.pid!;
    const { out, io } = collect();
    const step = await spawner.launch(sh('echo $$; exec sleep 60'), io);
    await eventually('the step says its pid', () => out.join('').trim() !== '');
    const stepPid = Number(out.join('').trim());
    process.kill(first, 'SIGKILL');
    const status = await step.wait();
    assert.equal(status.exitCode, 137);
    assert.match(
      status.error ?? '',
      /the step spawner \(pid \d+\) exited unexpectedly \(killed by SIGKILL\); the step was killed/,
    );
    await eventually('the orphaned step is killed', () => !alive(stepPid));

    // The next step starts a new spawner (in-process until it is ready, then through it).
    await spawner.ready();
    assert.notEqual(spawner.pid, first);
    const again = collect();
    const next = await spawner.launch(sh('echo $PPID'), again.io);
    assert.equal((await next.wait()).exitCode, 0);
    assert.equal(again.out.join('').trim(), String(spawner.pid));
    await spawner.close();
  });

  it('reports a step that cannot be started as a rejection', async () => {
    const spawner = new Spawner();
    await spawner.ready();
    await assert.rejects(
      spawner.launch({ file: '/nonexistent/nuncio-cmd', args: [], env: {} }, collect().io),
      /ENOENT/,
    );
    await spawner.close();
  });

  it('never outlives the engine: a SIGKILLed engine takes the spawner and its steps with it', async () => {
    const client = fileURLToPath(new URL('./client.js', import.meta.url));
    const engine = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { Spawner } from ${JSON.stringify(client)};
         const s = new Spawner(); await s.ready();
         const step = await s.launch({ file: 'sh', args: ['-c', 'echo $$; exec sleep 60'], env: { PATH: process.env.PATH } },
           { stdout: (c) => console.log(s.pid + ' ' + c.toString().trim()), stderr: () => {} });
         await step.wait();`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let said = '';
    engine.stdout.on('data', (c: Buffer) => {
      said += c.toString();
    });
    await eventually('the engine reports the pids', () => said.includes('\n'), 10_000);
    const [spawnerPid, stepPid] = said.trim().split(' ').map(Number) as [number, number];
    assert.equal(parentOf(stepPid), spawnerPid);
    engine.kill('SIGKILL');
    await eventually('the spawner exits', () => !alive(spawnerPid));
    await eventually('its step is killed', () => !alive(stepPid));
  });
});
