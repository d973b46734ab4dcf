/**
 * @module bench/lib/context
 * What every benchmark gets: where the repository and its built CLI are, a scratch directory of its own,
 * how many runs to take, a progress log, and how to run `nuncio run` with a private `NUNCIO_HOME`. And
 * what every benchmark returns: figures with their targets, and details for results.md.
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { medianWall, type RunSpec, type Series } from './measure.ts';

export interface BenchContext {
  /** The repository root (bin/nuncio and dist/ are here). */
  root: string;
  /** A scratch directory for this benchmark, removed afterwards. */
  work: string;
  /** Whether bubblewrap works here (the process runtime's default isolation). */
  sandbox: boolean;
  /** How many measured runs each figure takes the median of, unless a benchmark says otherwise. */
  runs: number;
  log(line: string): void;
}

export interface Figure {
  /** What is measured, with the unit in the value. */
  name: string;
  value: string;
  target?: string;
  /** Undefined when the figure has no target (a baseline, a figure for context). */
  met?: boolean;
}

export interface Section {
  title: string;
  figures: Figure[];
  /** Markdown lines: how it was measured, the raw runs, what the figures mean. */
  details: string[];
}

/** A `nuncio run` of `file` with its own `NUNCIO_HOME`, exactly as a user types it (default output). */
export async function nuncioRun(
  ctx: BenchContext,
  file: string,
  options: { sandbox: boolean; home: string; rss?: boolean },
): Promise<RunSpec> {
  await mkdir(options.home, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NUNCIO_HOME: options.home };
  delete env.NUNCIO_SANDBOX;
  return {
    argv: [
      process.execPath,
      join(ctx.root, 'bin', 'nuncio'),
      'run',
      file,
      ...(options.sandbox ? [] : ['--no-sandbox']),
    ],
    env,
    ...(options.rss ? { rss: true } : {}),
  };
}

export const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0)} ms`;
export const seconds = (x: number): string => `${(x / 1000).toFixed(2)} s`;

/** A markdown table of each series' median and runs, as the benchmark sections show them. */
export function seriesTable(series: readonly Series[]): string[] {
  return [
    '| command | median | runs |',
    '| --- | --- | --- |',
    ...series.map(
      (s) =>
        `| \`${s.label}\` | ${seconds(medianWall(s))} | ${s.runs.map((r) => seconds(r.wallMs)).join(', ')} |`,
    ),
  ];
}
