/**
 * @module bench/lib/measure
 * Runs a command and measures it from the outside: wall time from just before the spawn to the exit
 * (process start to exit, as a user waiting at a prompt sees it), and optionally the peak resident set of
 * the process (GNU time's `%M`, the kernel's ru_maxrss, which for a process tree is the largest single
 * process, here the nuncio process itself: its steps are tiny). A run that exits non-zero throws, so that
 * a failing workflow can never pass for a fast one.
 */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunSpec {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Measure the peak RSS too (through GNU time, whose own fork and exec add about a millisecond). */
  rss?: boolean;
}

export interface RunResult {
  wallMs: number;
  /** Peak resident set in KiB, when asked for. */
  peakRssKiB?: number;
}

const gnuTime = '/usr/bin/time';

export function canMeasureRss(): boolean {
  return existsSync(gnuTime);
}

export async function runOnce(spec: RunSpec): Promise<RunResult> {
  const dir = spec.rss ? await mkdtemp(join(tmpdir(), 'nuncio-bench-rss-')) : undefined;
  const rssFile = dir ? join(dir, 'rss') : undefined;
  const argv = rssFile ? [gnuTime, '-f', '%M', '-o', rssFile, ...spec.argv] : spec.argv;
  let stderr = '';
  const start = process.hrtime.bigint();
  const code = await new Promise<number | string>((ok, fail) => {
    const p = spawn(argv[0]!, argv.slice(1), {
      env: spec.env ?? process.env,
      cwd: spec.cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    p.stderr.on('data', (c: Buffer) => {
      // Keep the end: that is where an error says what went wrong.
      stderr = (stderr + c.toString()).slice(-4000);
    });
    p.on('error', fail);
    p.on('exit', (c, signal) => ok(c ?? signal ?? 'unknown'));
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  try {
    if (code !== 0) throw new Error(`${spec.argv.join(' ')} exited with ${code}\n${stderr}`);
    if (!rssFile) return { wallMs };
    const text = await readFile(rssFile, 'utf8');
    const kib = Number(text.trim().split('\n').pop());
    if (!Number.isFinite(kib)) throw new Error(`cannot read the peak RSS from GNU time: ${text}`);
    return { wallMs, peakRssKiB: kib };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Series {
  label: string;
  runs: RunResult[];
}

/**
 * Runs each spec `runs` times, round-robin (a, b, c, a, b, c, ...), after `warmUp` unmeasured rounds, so
 * that a burst of load from elsewhere on the machine spreads over all of them instead of hitting one.
 * `before` runs ahead of each run, outside the timing (e.g. to remove the previous run's outputs).
 */
export async function interleaved(
  specs: { label: string; spec: RunSpec; before?: () => Promise<void> }[],
  runs: number,
  warmUp = 1,
  progress: (line: string) => void = () => {},
): Promise<Series[]> {
  const out: Series[] = specs.map((s) => ({ label: s.label, runs: [] }));
  for (let round = -warmUp; round < runs; round++) {
    for (const [i, s] of specs.entries()) {
      await s.before?.();
      const r = await runOnce(s.spec);
      if (round >= 0) out[i]!.runs.push(r);
      progress(`${s.label}: ${round < 0 ? 'warm-up ' : ''}${r.wallMs.toFixed(0)} ms`);
    }
  }
  return out;
}

export function medianWall(s: Series): number {
  return median(s.runs.map((r) => r.wallMs));
}

export function maxRss(s: Series): number {
  return Math.max(...s.runs.map((r) => r.peakRssKiB ?? 0));
}
