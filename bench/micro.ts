/**
 * @module bench/micro
 * The micro benchmarks that live beside the code, run from the same entry as child processes (each is a
 * script that measures on start): the store's single-node update at 10 and 100,000 nodes, and the
 * emissary's per-step overhead with the process runtime. Their output goes into results.md as printed.
 */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, Section } from './lib/context.ts';

async function capture(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((ok, fail) => {
    const p = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    p.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    p.on('error', fail);
    p.on('exit', (code) =>
      code === 0 ? ok(out) : fail(new Error(`${argv.join(' ')} exited with ${code}\n${err.slice(-2000)}`)),
    );
  });
}

export async function microBench(ctx: BenchContext): Promise<Section> {
  const details: string[] = [];
  const dist = join(ctx.root, 'dist');
  const env = { ...process.env, TMPDIR: ctx.work };
  const store = join(dist, 'bench', 'store-node-update.js');
  if (existsSync(store)) {
    ctx.log('store-node-update');
    details.push(
      '`node dist/bench/store-node-update.js --header` (µs per single-node upsert):',
      '',
      (await capture([process.execPath, store, '--header'], env)).trimEnd(),
      '',
    );
  }
  const overhead = join(dist, 'src', 'emissary', 'overhead.bench.js');
  if (existsSync(overhead)) {
    ctx.log('emissary overhead');
    const out = await capture([process.execPath, overhead, '100'], env);
    details.push(
      '`node dist/src/emissary/overhead.bench.js 100` (emissary start → finished for a `true` step):',
      '',
      '```',
      out.trimEnd(),
      '```',
    );
  }
  return { title: 'micro benchmarks', figures: [], details };
}
