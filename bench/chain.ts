/**
 * @module bench/chain
 * Figure 2: a chain of 1,000 steps of `true`, written as a DAG template whose task `t<i>` depends on
 * `t<i-1>`. Engine overhead per step = (nuncio's wall time − the same 1,000 `true` run one after another by
 * a shell loop under the same isolation) / 1,000, with the sandbox on (the loop runs each `true` under the
 * runtime's bubblewrap call) and off (the loop runs `/usr/bin/true`).
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bwrapArgs, hostTrue, shellWord } from './lib/bwrap-call.ts';
import { type BenchContext, ms, nuncioRun, type Section, seconds, seriesTable } from './lib/context.ts';
import { chain } from './lib/graphs.ts';
import { interleaved, medianWall, type RunSpec } from './lib/measure.ts';
import { dagWorkflow } from './lib/workflows.ts';

const steps = 1000;
const targetMs = 5;

export async function chainBench(ctx: BenchContext): Promise<Section> {
  const file = join(ctx.work, 'chain.yaml');
  await writeFile(file, dagWorkflow('bench-chain', chain(steps)));
  const home = join(ctx.work, 'home');
  const root = join(ctx.work, 'bwrap-root');
  await mkdir(join(root, 'tmp'), { recursive: true, mode: 0o1777 });
  const truePath = hostTrue();
  const loop = (body: string): RunSpec => ({
    argv: ['sh', '-c', `i=0; while [ $i -lt ${steps} ]; do ${body}; i=$((i+1)); done`],
  });
  const modes = ctx.sandbox ? [true, false] : [false];
  const specs: { label: string; spec: RunSpec }[] = [];
  for (const sandbox of modes) {
    specs.push({
      label: sandbox ? 'shell loop of bwrap … true' : `shell loop of ${truePath}`,
      spec: sandbox
        ? loop(`bwrap ${bwrapArgs(root, 'chain', [truePath]).map(shellWord).join(' ')} 3>/dev/null || exit 1`)
        : loop(`${truePath} || exit 1`),
    });
    specs.push({
      label: sandbox ? 'nuncio run' : 'nuncio run --no-sandbox',
      spec: await nuncioRun(ctx, file, { sandbox, home }),
    });
  }
  const series = await interleaved(specs, ctx.runs, 1, ctx.log);
  const figures = [];
  const details = [
    `A DAG template of ${steps} tasks, \`t<i>\` depending on \`t<i-1>\`, each a container template running`,
    `\`true\`. Median of ${ctx.runs} runs after one warm-up round, taken round-robin. The shell loop runs`,
    `\`${truePath}\` (not the shell's builtin) ${steps} times; sandboxed, each under the runtime's bubblewrap call.`,
    '',
    ...seriesTable(series),
  ];
  for (let i = 0; i < series.length; i += 2) {
    const base = series[i]!;
    const run = series[i + 1]!;
    const perStep = (medianWall(run) - medianWall(base)) / steps;
    figures.push({
      name: `engine overhead per step, chain of ${steps} (\`${run.label}\` − \`${base.label}\`) / ${steps}`,
      value: ms(perStep),
      target: `≤ ${targetMs} ms`,
      met: perStep <= targetMs,
    });
  }
  for (const s of series)
    figures.push({ name: `chain of ${steps}: \`${s.label}\``, value: seconds(medianWall(s)) });
  return { title: `chain of ${steps} steps`, figures, details };
}
