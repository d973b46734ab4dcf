/**
 * Compares a finished run with the catalog's expected phase and, where golden.jsonl has an entry, with
 * the exact multiset of Pod nodes, the other nodes that must exist, output values, workflow outputs and
 * log substrings. Returns the list of differences (empty: the example passes).
 */
import type { NodeStatus, Workflow } from '../../src/spec/types.ts';
import type { Golden } from './catalog.ts';

export function phaseMatches(expected: string, wf: Workflow): boolean {
  const phase = wf.status?.phase ?? '';
  if (expected === 'Running(suspended)') {
    const nodes = Object.values(wf.status?.nodes ?? {});
    return phase === 'Running' && nodes.some((n) => n.type === 'Suspend' && n.phase === 'Running');
  }
  return expected.split('|').includes(phase);
}

function sub(text: string, wf: Workflow): string {
  return text.replaceAll('{{workflow.name}}', wf.metadata.name ?? '');
}

export function checkGolden(g: Golden, wf: Workflow, logs: Map<string, string[]>): string[] {
  const problems: string[] = [];
  const nodes = Object.values(wf.status?.nodes ?? {});
  const byDisplay = (d: string): NodeStatus[] => nodes.filter((n) => n.displayName === sub(d, wf));
  if (g.pods) {
    const want = g.pods.map(([d, p]) => `${sub(d, wf)} ${p}`).sort();
    const got = nodes
      .filter((n) => n.type === 'Pod')
      .map((n) => `${n.displayName} ${n.phase}`)
      .sort();
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      const missing = want.filter((w) => !got.includes(w));
      const extra = got.filter((x) => !want.includes(x));
      problems.push(`pods differ: missing [${missing.join('; ')}] unexpected [${extra.join('; ')}]`);
    }
  }
  for (const [d, type, phase] of g.other_nodes ?? []) {
    if (!byDisplay(d).some((n) => n.type === type && n.phase === phase)) {
      const seen = byDisplay(d).map((n) => `${n.type}/${n.phase}`);
      problems.push(`no ${type} node '${sub(d, wf)}' in phase ${phase} (found ${seen.join(', ') || 'none'})`);
    }
  }
  for (const [d, what, value] of g.outputs ?? []) {
    const candidates = byDisplay(d);
    const values = candidates.map((n) => {
      if (what === 'result') return n.outputs?.result;
      const name = what.replace(/^parameters\./, '');
      return n.outputs?.parameters?.find((p) => p.name === name)?.value;
    });
    if (!values.includes(value)) {
      problems.push(
        `output ${what} of '${sub(d, wf)}' is ${JSON.stringify(values)}, expected ${JSON.stringify(value)}`,
      );
    }
  }
  for (const [name, value] of g.wf_outputs ?? []) {
    const got = wf.status?.outputs?.parameters?.find((p) => p.name === name)?.value;
    if (got !== value)
      problems.push(`workflow output ${name} is ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
  }
  for (const [d, text] of g.logs ?? []) {
    const pods = byDisplay(d).filter((n) => n.type === 'Pod');
    const ok = pods.some((n) => (logs.get(n.id) ?? []).join('\n').includes(text));
    if (!ok) problems.push(`log of '${sub(d, wf)}' lacks ${JSON.stringify(text)}`);
  }
  return problems;
}
