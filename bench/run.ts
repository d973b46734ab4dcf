/**
 * @module bench/run
 * `npm run bench`: builds, then runs every benchmark one after another (they would distort each other if
 * run together) and writes `bench/results.md`. `node dist/bench/run.js [hello|chain|dag|fan-out|micro...]
 * [--runs N]` runs only some (N measured runs per figure instead of each benchmark's default) and then
 * writes `bench/out/results.md` instead, so a partial run never replaces the committed results.
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessRuntime } from '../src/emissary/runtimes/process/process-runtime.ts';
import { chainBench } from './chain.ts';
import { fanOutBench } from './fan-out.ts';
import { hello } from './hello.ts';
import type { BenchContext, Section } from './lib/context.ts';
import { describeMachine, loadAverage } from './lib/machine.ts';
import { canMeasureRss } from './lib/measure.ts';
import { renderReport } from './lib/report.ts';
import { microBench } from './micro.ts';
import { randomDagBench } from './random-dag.ts';

/** dist/bench/run.js → the repository root. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

const snakemake = onPath('snakemake');

/** Each benchmark with its default number of measured runs (the long ones take fewer). */
const benches: Record<string, { runs: number; run: (ctx: BenchContext) => Promise<Section> }> = {
  hello: { runs: 15, run: hello },
  chain: { runs: 3, run: chainBench },
  dag: { runs: 3, run: (ctx) => randomDagBench(ctx, snakemake) },
  'fan-out': { runs: 3, run: fanOutBench },
  micro: { runs: 1, run: microBench },
};

function parseArgs(argv: string[]): { names: string[]; runs: number | undefined } {
  const names: string[] = [];
  let runs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1)
        throw new Error(`--runs wants a positive integer, got ${argv[i]}`);
    } else if (a in benches) names.push(a);
    else throw new Error(`unknown benchmark "${a}"; known: ${Object.keys(benches).join(', ')}`);
  }
  return { names, runs };
}

const { names, runs } = parseArgs(process.argv.slice(2));
const partial = names.length > 0 || runs !== undefined;
const selected = names.length ? names : Object.keys(benches);
const started = Date.now();
const log = (line: string): void => {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}\n`);
};
if (!canMeasureRss()) throw new Error('GNU time (/usr/bin/time) is needed to measure peak RSS');
const sandbox = await new ProcessRuntime().sandboxAvailable();
if (!sandbox) log('bubblewrap is not usable here: only the --no-sandbox figures are measured');
if (!snakemake) log('snakemake is not installed: its comparison is left out');

const machine = describeMachine(root);
const loadBefore = loadAverage();
const sections: Section[] = [];
const failures: { title: string; error: string }[] = [];
const scratch = await mkdtemp(join(tmpdir(), 'nuncio-bench-'));
try {
  for (const name of selected) {
    const b = benches[name]!;
    const work = join(scratch, name);
    await mkdir(work);
    log(`${name}: start`);
    try {
      sections.push(
        await b.run({ root, work, sandbox, runs: runs ?? b.runs, log: (l) => log(`${name}: ${l}`) }),
      );
    } catch (e) {
      failures.push({ title: name, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      log(`${name}: failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const report = renderReport({
  machine,
  loadBefore,
  loadAfter: loadAverage(),
  durationMs: Date.now() - started,
  sections,
  failures,
});
const out = partial ? join(root, 'bench', 'out', 'results.md') : join(root, 'bench', 'results.md');
await mkdir(dirname(out), { recursive: true });
await writeFile(out, report);
// The repository's formatter owns markdown layout (table padding) too; results.md must pass `biome check`.
try {
  execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', out], { stdio: 'ignore' });
} catch {
  log(`could not format ${out} with biome; run: npx biome format --write ${out}`);
}
log(`wrote ${out}`);
process.exitCode = failures.length ? 1 : 0;
