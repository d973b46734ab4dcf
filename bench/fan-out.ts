/**
 * @module bench/fan-out
 * Figure 4: one step fanned out over `withSequence: {count: N}` items of `true`, N = 10,000 and 100,000:
 * the 100,000 run must complete with the nuncio process' peak RSS ≤ 1 GiB and take at most 12× the
 * 10,000 run. Steps run without the sandbox: this figure is about how the engine scales with the number
 * of nodes (memory, per-node cost); the sandbox adds a constant cost per step, measured by the chain.
 */

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BenchContext, type Figure, nuncioRun, type Section, seconds } from './lib/context.ts';
import { interleaved, maxRss, medianWall } from './lib/measure.ts';
import { collidingRandomNames } from './lib/node-ids.ts';
import { fanOutWorkflow } from './lib/workflows.ts';

const sizes = [10_000, 100_000] as const;
const rssLimitKiB = 1024 * 1024;
const timeRatioLimit = 12;
/** Random workflow names whose 100,000 node IDs are checked for a collision. */
const randomNames = 20;

export async function fanOutBench(ctx: BenchContext): Promise<Section> {
  const specs = [];
  const names: string[] = [];
  const colliding = collidingRandomNames('bench-fan-out-', sizes[1], randomNames, 1);
  for (const n of sizes) {
    const file = join(ctx.work, `fan-out-${n}.yaml`);
    const name = `bench-fan-out-${n}`;
    names.push(name);
    await writeFile(file, fanOutWorkflow(name, n));
    const home = join(ctx.work, `home-${n}`);
    specs.push({
      label: `${n.toLocaleString('en')} items`,
      spec: await nuncioRun(ctx, file, { sandbox: false, home, rss: true }),
      // each run starts from an empty home, so that runs measure the same work
      before: async () => {
        await rm(home, { recursive: true, force: true });
        await mkdir(home, { recursive: true });
      },
    });
  }
  // No warm-up round: a 100,000-item run is long enough that start-up effects do not matter.
  const [small, large] = await interleaved(specs, ctx.runs, 0, ctx.log);
  const ratio = medianWall(large!) / medianWall(small!);
  const rss = maxRss(large!);
  const gib = (kib: number): string => `${(kib / 2 ** 20).toFixed(2)} GiB`;
  const figures: Figure[] = [
    {
      name: `fan-out of ${sizes[1].toLocaleString('en')}: peak RSS of the nuncio process (largest of ${ctx.runs} runs)`,
      value: gib(rss),
      target: '≤ 1 GiB',
      met: rss <= rssLimitKiB,
    },
    {
      name: `fan-out: time of ${sizes[1].toLocaleString('en')} / time of ${sizes[0].toLocaleString('en')}`,
      value: `${ratio.toFixed(2)}×`,
      target: `≤ ${timeRatioLimit}×`,
      met: ratio <= timeRatioLimit,
    },
  ];
  figures.push({
    name: `fan-out of ${sizes[1].toLocaleString('en')}: random \`generateName\` names with a node-ID collision (the second name gets \`<id>-1\`)`,
    value: `${colliding} of ${randomNames}`,
  });
  for (const s of [small!, large!]) {
    figures.push({
      name: `fan-out of ${s.label}: \`nuncio run --no-sandbox\``,
      value: seconds(medianWall(s)),
    });
  }
  const details = [
    `Node IDs are a 32-bit hash of the node name; of ${randomNames} names drawn as \`generateName\` draws them,`,
    `${colliding} have a collision among ${sizes[1].toLocaleString('en')} items. The controller gives the second name of a pair`,
    `the ID \`<id>-1\`, so such runs complete; the runs here use random names (${names.map((n) => `\`${n}-…\``).join(', ')}).`,
    '',
    'A steps template with one step, `withSequence: {count: "N"}`, over a container template running `true`;',
    '`nuncio run --no-sandbox` with an empty `NUNCIO_HOME` for each run, the emissary at its default concurrency.',
    `Peak RSS is GNU time's \`%M\` (ru_maxrss). Median of ${ctx.runs} runs, taken alternately.`,
    '',
    '| items | median | runs | peak RSS per run |',
    '| --- | --- | --- | --- |',
    ...[small!, large!].map(
      (s) =>
        `| ${s.label} | ${seconds(medianWall(s))} | ${s.runs.map((r) => seconds(r.wallMs)).join(', ')} | ${s.runs.map((r) => gib(r.peakRssKiB ?? 0)).join(', ')} |`,
    ),
  ];
  return { title: 'fan-out of 10,000 and 100,000 items', figures, details };
}
