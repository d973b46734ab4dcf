/**
 * @module bench/store-node-update
 * Shows that writing one node costs the same in a workflow of 10 nodes and of 100,000 (DESIGN.md,
 * "Persistence costs O(1) per event"). For each size it fills a fresh SQLite store, then times several
 * runs of single-node `upsertNodes` calls (each its own transaction, as the controller makes them) and
 * takes the median run, with two access patterns:
 * - `same 10`: the updates cycle over 10 nodes, in either workflow. Only the workflow's size differs, so
 *   this is the comparison that shows whether a write touches the rest of the workflow.
 * - `random`: each update hits a node picked at random across the whole workflow. In the large workflow
 *   this also spreads writes over 10,000 times as many distinct database pages (cache misses, more pages
 *   per WAL checkpoint): a working-set cost, not a per-node one, shown so it is not mistaken for one.
 *
 * Run after `npm run build`: `node dist/bench/store-node-update.js [opsPerRun] [runs]`. Prints one
 * markdown table row on stdout; the header with `--header`; the runs' figures go to stderr.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NodeStatus, Workflow } from '../src/spec/types.ts';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';

const sizes = [10, 100_000] as const;
const args = process.argv.slice(2).filter((a) => a !== '--header');
const opsPerRun = Number(args[0] ?? 2000);
const runs = Number(args[1] ?? 7);
const fillBatch = 10_000;

/** A node about the size of a real Pod node with one input and one output. */
function node(wf: string, i: number, phase: NodeStatus['phase']): NodeStatus {
  const id = `${wf}-${1_000_000_000 + i}`;
  return {
    id,
    name: `${wf}[${i % 100}].step-${i}(${i % 7}:item-${i})`,
    displayName: `step-${i}(${i % 7}:item-${i})`,
    type: 'Pod',
    templateName: 'process-item',
    templateScope: `local/${wf}`,
    phase,
    boundaryID: `${wf}-123456789`,
    startedAt: '2024-05-01T10:00:00Z',
    finishedAt: phase === 'Running' ? undefined : '2024-05-01T10:00:03Z',
    progress: '1/1',
    resourcesDuration: { cpu: 1, memory: 3 },
    inputs: { parameters: [{ name: 'item', value: `item-${i}` }] },
    outputs:
      phase === 'Running'
        ? undefined
        : { parameters: [{ name: 'result', value: `done-${i}` }], exitCode: '0' },
    hostNodeName: 'localhost',
  };
}

/** A small deterministic generator, so both sizes see the same access pattern from run to run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Figures {
  /** Median µs per single-node update, cycling over the same 10 nodes. */
  same10: number;
  /** Median µs per single-node update, on a node picked at random among all. */
  random: number;
}

async function measure(size: number): Promise<Figures> {
  const directory = mkdtempSync(join(tmpdir(), 'nuncio-bench-store-'));
  const store = new SqliteStore({ directory });
  try {
    const name = `bench-${size}`;
    const wf: Workflow = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name, namespace: 'bench' },
      spec: { entrypoint: 'main' },
      status: { phase: 'Running' },
    };
    const { uid } = await store.createWorkflow(wf);
    let t = process.hrtime.bigint();
    for (let from = 0; from < size; from += fillBatch) {
      const batch: NodeStatus[] = [];
      for (let i = from; i < Math.min(size, from + fillBatch); i++) batch.push(node(name, i, 'Running'));
      await store.upsertNodes(uid, batch);
    }
    const fillMs = Number(process.hrtime.bigint() - t) / 1e6;

    const pattern = async (label: string, pick: () => number): Promise<number> => {
      const update = () => store.upsertNodes(uid, [node(name, pick(), 'Succeeded')]);
      for (let i = 0; i < Math.min(500, opsPerRun); i++) await update();
      const perOpUs: number[] = [];
      for (let r = 0; r < runs; r++) {
        const start = process.hrtime.bigint();
        for (let i = 0; i < opsPerRun; i++) await update();
        perOpUs.push(Number(process.hrtime.bigint() - start) / 1e3 / opsPerRun);
      }
      process.stderr.write(`  ${label}: µs/op per run ${perOpUs.map((x) => x.toFixed(1)).join(', ')}\n`);
      return median(perOpUs);
    };
    process.stderr.write(`${size} nodes (filled in ${fillMs.toFixed(0)} ms)\n`);
    // The 10 nodes are spread over the workflow, so in the large one they sit on different pages.
    let k = 0;
    const same10 = await pattern('same 10', () => Math.floor(((k++ % 10) * size) / 10));
    const random = lcg(size);
    const randomUs = await pattern('random', () => Math.floor(random() * size));

    t = process.hrtime.bigint();
    const read = await store.getWorkflowByUid(uid);
    const readMs = Number(process.hrtime.bigint() - t) / 1e6;
    const count = Object.keys(read?.status?.nodes ?? {}).length;
    if (count !== size) throw new Error(`read back ${count} nodes, expected ${size}`);
    process.stderr.write(`  whole workflow read and assembled in ${readMs.toFixed(1)} ms\n`);
    return { same10, random: randomUs };
  } finally {
    store.closeSync();
    rmSync(directory, { recursive: true, force: true });
  }
}

const [small, large] = sizes;
const a = await measure(small);
const b = await measure(large);
const us = (x: number) => `${x.toFixed(1)} µs`;
if (process.argv.includes('--header')) {
  process.stdout.write(
    `| benchmark | ${small} nodes, same 10 | ${large} nodes, same 10 | ratio | ${small} nodes, random | ${large} nodes, random | ratio |\n` +
      '| --- | --- | --- | --- | --- | --- | --- |\n',
  );
}
process.stdout.write(
  `| store-node-update (sqlite, median of ${runs}×${opsPerRun} single-node upserts) | ${us(a.same10)} | ${us(b.same10)} | ${(b.same10 / a.same10).toFixed(2)} | ${us(a.random)} | ${us(b.random)} | ${(b.random / a.random).toFixed(2)} |\n`,
);
