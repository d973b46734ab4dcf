/**
 * @module bench/lib/machine
 * What the figures were measured on: CPU model, cores, RAM, kernel, Node version, the commit (and whether
 * the work tree had changes), the date and the load average, so that results.md can be read on its own.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  kernel: string;
  node: string;
  commit: string;
  date: string;
}

function git(root: string, args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) return m[1].trim();
  } catch {
    // not Linux: fall back to what Node says
  }
  return cpus()[0]?.model ?? 'unknown';
}

export function describeMachine(root: string, now = new Date()): Machine {
  const head = git(root, ['rev-parse', '--short=12', 'HEAD']) || 'unknown';
  const dirty = git(root, ['status', '--porcelain', '--', 'src', 'bin', 'package.json']) !== '';
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    ramGiB: totalmem() / 2 ** 30,
    kernel: release(),
    node: process.version,
    commit: dirty ? `${head} (with uncommitted changes in src/)` : head,
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** The 1, 5 and 15 minute load averages, formatted. */
export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
}
