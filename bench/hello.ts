/**
 * @module bench/hello
 * Figure 1: `nuncio run` of a one-step workflow running `sh -c 'echo hello'`, wall time of the whole
 * command (process start to exit), sandbox on (the default). Beside it, in the same rounds, what that time
 * is made of: `node -e 0` (a Node process), `nuncio version` (Node plus the CLI's start-up),
 * `sh -c 'echo hello'` (the step itself), the step under the runtime's bubblewrap call, and `nuncio run
 * --no-sandbox`.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bwrapArgs } from './lib/bwrap-call.ts';
import { type BenchContext, ms, nuncioRun, type Section } from './lib/context.ts';
import { interleaved, medianWall, type RunSpec } from './lib/measure.ts';
import { singleStep } from './lib/workflows.ts';

const targetMs = 300;

export async function hello(ctx: BenchContext): Promise<Section> {
  const runs = Math.max(10, ctx.runs);
  const file = join(ctx.work, 'hello.yaml');
  await writeFile(file, singleStep(['sh', '-c', 'echo hello']));
  const home = join(ctx.work, 'home');
  const root = join(ctx.work, 'bwrap-root');
  await mkdir(join(root, 'tmp'), { recursive: true, mode: 0o1777 });
  const env = { ...process.env, NUNCIO_HOME: home };
  const specs: { label: string; spec: RunSpec }[] = [
    { label: 'node -e 0', spec: { argv: [process.execPath, '-e', '0'] } },
    {
      label: 'nuncio version',
      spec: { argv: [process.execPath, join(ctx.root, 'bin', 'nuncio'), 'version'], env },
    },
    { label: "sh -c 'echo hello'", spec: { argv: ['sh', '-c', 'echo hello'] } },
  ];
  if (ctx.sandbox) {
    // bwrap reports on fd 3, as it does to the runtime; a shell opens it and execs bwrap.
    const line = ['bwrap', ...bwrapArgs(root, 'hello', ['sh', '-c', 'echo hello'])];
    specs.push({
      label: "bwrap … sh -c 'echo hello'",
      spec: { argv: ['sh', '-c', 'exec "$@" 3>/dev/null', 'sh', ...line] },
    });
  }
  specs.push({
    label: 'nuncio run --no-sandbox',
    spec: await nuncioRun(ctx, file, { sandbox: false, home }),
  });
  if (ctx.sandbox)
    specs.push({ label: 'nuncio run', spec: await nuncioRun(ctx, file, { sandbox: true, home }) });
  // The first round is a warm-up: it creates the database and fills the page cache.
  const series = await interleaved(specs, runs, 1, ctx.log);
  const main = series[series.length - 1]!;
  const value = medianWall(main);
  const details = [
    `Median of ${runs} runs each, taken round-robin after one warm-up round; wall time from spawn to exit,`,
    `measured by the benchmark's own Node process (output to /dev/null). \`nuncio\` is \`node bin/nuncio\`;`,
    'the database already exists (the warm-up created it), as on a machine where nuncio has run before.',
    '',
    '| command | median | min | max |',
    '| --- | --- | --- | --- |',
    ...series.map((s) => {
      const w = s.runs.map((r) => r.wallMs);
      return `| \`${s.label}\` | ${ms(medianWall(s))} | ${ms(Math.min(...w))} | ${ms(Math.max(...w))} |`;
    }),
  ];
  return {
    title: 'hello world end to end',
    figures: [
      {
        name: `\`${main.label}\` of a one-step \`sh -c 'echo hello'\` workflow`,
        value: ms(value),
        target: `≤ ${targetMs} ms`,
        met: value <= targetMs,
      },
      ...series.slice(0, -1).map((s) => ({ name: `baseline: \`${s.label}\``, value: ms(medianWall(s)) })),
    ],
    details,
  };
}
