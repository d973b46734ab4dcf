/**
 * @module bench/random-dag
 * Figure 3: a random DAG of 1,000 tasks of `true` (fixed seed, about 3 dependencies per task) at
 * `spec.parallelism: 2`, against GNU make `-j2` running the same graph (each recipe wrapped in the
 * runtime's bubblewrap call when the sandbox is on, plain `true` when off) and snakemake `-j2` (one rule
 * per task, each touching its output).
 */

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makefile, snakefile } from './lib/build-files.ts';
import { bwrapArgs, hostTrue, shellWord } from './lib/bwrap-call.ts';
import {
  type BenchContext,
  type Figure,
  nuncioRun,
  type Section,
  seconds,
  seriesTable,
} from './lib/context.ts';
import { depth, edgeCount, randomDag, taskName } from './lib/graphs.ts';
import { interleaved, medianWall, type RunSpec, type Series } from './lib/measure.ts';
import { dagWorkflow } from './lib/workflows.ts';

const tasks = 1000;
const perTask = 3;
const seed = 20240501;
const parallelism = 2;

/**
 * The floor under any Node engine: a bare Node process that only starts the 1,000 steps' processes with
 * `child_process.spawn`, two at a time, as the process runtime does (detached, stdout and stderr and
 * bwrap's status on pipes, waiting for each to close). It ignores the dependencies, which can only make
 * it faster.
 */
const spawnFloor = `
const { spawn } = require('node:child_process');
const [file, ...args] = process.argv.slice(1);
let started = 0;
let failed = 0;
const next = () => {
  if (started >= ${tasks}) return;
  started++;
  const p = spawn(file, args, { env: {}, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  for (const s of p.stdio) s?.resume();
  p.on('exit', (code) => { if (code !== 0) failed++; });
  p.on('close', next);
};
for (let i = 0; i < ${parallelism}; i++) next();
process.on('exit', () => { if (failed) process.exitCode = 1; });
`;

interface Run {
  label: string;
  spec: RunSpec;
  before?: () => Promise<void>;
}

export async function randomDagBench(ctx: BenchContext, snakemake: string | undefined): Promise<Section> {
  const graph = randomDag(tasks, perTask, seed);
  const file = join(ctx.work, 'dag.yaml');
  await writeFile(file, dagWorkflow('bench-dag', graph, parallelism));
  const home = join(ctx.work, 'home');
  const truePath = hostTrue();

  const plainMake = join(ctx.work, 'plain.mk');
  await writeFile(
    plainMake,
    makefile(graph, () => truePath),
  );
  const runs: Run[] = [
    { label: 'make -j2', spec: { argv: ['make', '-s', '-j2', '-f', plainMake, 'all'] } },
    {
      label: 'nuncio run --no-sandbox',
      spec: await nuncioRun(ctx, file, { sandbox: false, home }),
    },
    {
      label: 'Node spawn floor, plain',
      spec: { argv: [process.execPath, '-e', spawnFloor, truePath] },
    },
  ];
  if (ctx.sandbox) {
    // Each task gets its own root, as the runtime gives each task one; made here, outside the timing.
    const roots = join(ctx.work, 'roots');
    for (let i = 0; i < tasks; i++)
      await mkdir(join(roots, taskName(i), 'tmp'), { recursive: true, mode: 0o1777 });
    const sentinel = '/BENCH-ROOT';
    const line = ['bwrap', ...bwrapArgs(sentinel, 'BENCH-HOSTNAME', [truePath])]
      .map((w) => shellWord(w).replace(/\$/g, '$$$$'))
      .join(' ')
      .replaceAll(sentinel, `${roots}/$@`)
      .replaceAll('BENCH-HOSTNAME', 'bench-dag-$@');
    const boxedMake = join(ctx.work, 'bwrap.mk');
    // bwrap reports on fd 3, as it does to the runtime: the recipe's shell opens it and execs bwrap.
    await writeFile(
      boxedMake,
      makefile(graph, () => `exec ${line} 3>/dev/null`),
    );
    runs.push(
      {
        label: 'make -j2, recipes under bwrap',
        spec: { argv: ['make', '-s', '-j2', '-f', boxedMake, 'all'] },
      },
      { label: 'nuncio run', spec: await nuncioRun(ctx, file, { sandbox: true, home }) },
      {
        label: 'Node spawn floor, bwrap',
        spec: {
          argv: [
            process.execPath,
            '-e',
            spawnFloor,
            'bwrap',
            ...bwrapArgs(join(roots, taskName(0)), 'bench-dag-floor', [truePath]),
          ],
        },
      },
    );
  }
  if (snakemake) {
    const snakeFile = join(ctx.work, 'Snakefile');
    await writeFile(snakeFile, snakefile(graph));
    const dir = join(ctx.work, 'snake');
    runs.push({
      label: 'snakemake -j2',
      spec: { argv: [snakemake, '-j2', '--quiet', '--snakefile', snakeFile, '--directory', dir] },
      // A fresh directory each time: no output exists, no metadata from the previous run.
      before: async () => {
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir);
      },
    });
  }
  const series = await interleaved(runs, ctx.runs, 1, ctx.log);
  const by = (label: string): Series | undefined => series.find((s) => s.label === label);
  const figures: Figure[] = [];
  const ratio = (a: Series, b: Series): number => medianWall(a) / medianWall(b);
  const pairs: [string, string, number][] = [['nuncio run --no-sandbox', 'make -j2', 4]];
  if (ctx.sandbox) pairs.unshift(['nuncio run', 'make -j2, recipes under bwrap', 2]);
  for (const [n, m, limit] of pairs) {
    const r = ratio(by(n)!, by(m)!);
    figures.push({
      name: `random DAG: \`${n}\` / \`${m}\``,
      value: `${r.toFixed(2)}×`,
      target: `≤ ${limit}×`,
      met: r <= limit,
    });
  }
  const snake = by('snakemake -j2');
  for (const [n] of pairs) {
    if (!snake) {
      figures.push({
        name: `random DAG: \`snakemake -j2\` / \`${n}\``,
        value: 'snakemake not installed',
        target: '≥ 5×',
      });
      continue;
    }
    const r = ratio(snake, by(n)!);
    figures.push({
      name: `random DAG: \`snakemake -j2\` / \`${n}\``,
      value: `${r.toFixed(2)}×`,
      target: '≥ 5×',
      met: r >= 5,
    });
  }
  for (const s of series) figures.push({ name: `random DAG: \`${s.label}\``, value: seconds(medianWall(s)) });
  const details = [
    `${tasks} tasks, ${edgeCount(graph)} dependencies (task i depends on min(i, ${perTask}) distinct earlier tasks drawn`,
    `uniformly with seed ${seed}), ${depth(graph)} tasks on the longest path; \`spec.parallelism: ${parallelism}\`.`,
    `make targets are phony (every recipe runs each time) with the recipe \`${truePath}\`, or under bubblewrap`,
    '`exec bwrap <the runtime’s arguments, a root per task made beforehand> 3>/dev/null` (bwrap writes its',
    'status to fd 3, so a shell opens it). snakemake runs in a fresh directory each time (made outside the',
    'timing). The two Node spawn floors are a bare Node process that only starts the 1,000 processes',
    '(`true`, or the same bwrap line) with `child_process.spawn`, two at a time, as the process runtime',
    'does, ignoring the dependencies: no engine built on Node can run the graph faster.',
    `Median of ${ctx.runs} runs after one warm-up round, taken round-robin.`,
    '',
    ...seriesTable(series),
  ];
  return { title: `random DAG of ${tasks} tasks at parallelism ${parallelism}`, figures, details };
}
