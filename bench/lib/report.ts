/**
 * @module bench/lib/report
 * results.md: the machine, the commit, the date, the load average, one table of every figure with its
 * target, then each benchmark's details.
 */

import type { Section } from './context.ts';
import type { Machine } from './machine.ts';

export interface ReportInput {
  machine: Machine;
  loadBefore: string;
  loadAfter: string;
  durationMs: number;
  sections: Section[];
  /** Benchmarks that failed to run, with why. */
  failures: { title: string; error: string }[];
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderReport(r: ReportInput): string {
  const m = r.machine;
  const lines = [
    '# nuncio benchmarks',
    '',
    'Written by `npm run bench` (`bench/run.ts`); `bench/README.md` says how each figure is measured and',
    'where the time goes when a target is missed.',
    '',
    '| machine | |',
    '| --- | --- |',
    `| CPU | ${cell(m.cpu)} |`,
    `| cores | ${m.cores} |`,
    `| RAM | ${m.ramGiB.toFixed(1)} GiB |`,
    `| kernel | ${cell(m.kernel)} |`,
    `| Node | ${m.node} |`,
    `| commit | ${cell(m.commit)} |`,
    `| date | ${m.date} |`,
    `| load average (1, 5, 15 min) before | ${r.loadBefore} |`,
    `| load average (1, 5, 15 min) after | ${r.loadAfter} |`,
    `| duration of the whole run | ${(r.durationMs / 60_000).toFixed(1)} min |`,
    '',
    'The machine is shared: other work may have run at the same time (see the load average).',
    '',
    '## Figures',
    '',
    '| figure | value | target | met |',
    '| --- | --- | --- | --- |',
  ];
  for (const s of r.sections) {
    for (const f of s.figures) {
      const met = f.met === undefined ? '' : f.met ? 'yes' : '**no**';
      lines.push(`| ${cell(f.name)} | ${cell(f.value)} | ${cell(f.target ?? '')} | ${met} |`);
    }
  }
  for (const f of r.failures) lines.push(`| ${cell(f.title)} | **did not run** | | **no** |`);
  for (const s of r.sections) lines.push('', `## ${s.title}`, '', ...s.details);
  for (const f of r.failures) lines.push('', `## ${f.title}: failed`, '', '```', f.error.trimEnd(), '```');
  return lines.join('\n') + '\n';
}
