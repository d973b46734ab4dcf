/**
 * @module controller/testing/harness
 * A driver for controller tests: it holds a WorkflowRun and a clock, records the actions of each
 * reconcile, and lets a test answer started tasks with results, as the emissary would — no process runs.
 */

import { parse } from 'yaml';
import type { NodePhase, NodeStatus, Workflow } from '../../spec/types.ts';
import type { RunOptions } from '../options.ts';
import type { Action, Observation, Task, TaskResult } from '../ports.ts';
import { type ReconcileResult, WorkflowRun } from '../run.ts';
import { formatTime } from '../time.ts';

export const t0 = Date.parse('2026-01-02T03:04:05Z');

export interface Outcome {
  phase?: TaskResult['phase'];
  exitCode?: number;
  message?: string;
  parameters?: Record<string, string>;
  result?: string;
  /** Seconds the task ran. */
  seconds?: number;
}

export class Harness {
  readonly run: WorkflowRun;
  now = t0;
  /** Tasks started and not finished, by node ID. */
  readonly running = new Map<string, Task>();
  /** Every start-task action, in order. */
  readonly startedTasks: Task[] = [];
  readonly cancelled: { nodeId: string; reason: string }[] = [];
  last: ReconcileResult | undefined;
  wakeAt: number | undefined;

  constructor(yamlOrWorkflow: string | Workflow, opts: RunOptions = {}) {
    const wf: Workflow =
      typeof yamlOrWorkflow === 'string'
        ? (parse(yamlOrWorkflow) as Workflow)
        : structuredClone(yamlOrWorkflow);
    wf.metadata.name ??= `${(wf.metadata.generateName ?? 'wf-').replace(/-$/, '')}-abcde`;
    wf.metadata.namespace ??= 'default';
    wf.metadata.uid ??= '00000000-0000-0000-0000-000000000001';
    wf.metadata.creationTimestamp ??= formatTime(t0);
    this.run = new WorkflowRun(wf, opts);
  }

  get wf(): Workflow {
    return this.run.workflow;
  }

  get nodes(): NodeStatus[] {
    return Object.values(this.wf.status?.nodes ?? {});
  }

  /** The node with this display name (or name); fails the test when there is none or several. */
  node(displayName: string): NodeStatus {
    const found = this.nodes.filter((n) => n.displayName === displayName || n.name === displayName);
    if (found.length !== 1) {
      throw new Error(
        `expected one node '${displayName}', found ${found.length}: ${this.nodes.map((n) => n.displayName).join(', ')}`,
      );
    }
    return found[0]!;
  }

  reconcile(observations: Observation[] = []): Action[] {
    const r = this.run.reconcile(observations, this.now);
    this.last = r;
    this.wakeAt = undefined;
    for (const a of r.actions) {
      if (a.type === 'start-task') {
        this.running.set(a.task.nodeId, a.task);
        this.startedTasks.push(a.task);
      } else if (a.type === 'cancel-task') this.cancelled.push({ nodeId: a.nodeId, reason: a.reason });
      else if (a.type === 'wake-at') this.wakeAt = a.at;
    }
    return r.actions;
  }

  /** Display names of the tasks started by the last reconcile. */
  startedNow(): string[] {
    return (this.last?.actions ?? [])
      .filter((a): a is Extract<Action, { type: 'start-task' }> => a.type === 'start-task')
      .map((a) => this.wf.status!.nodes![a.task.nodeId]!.displayName);
  }

  result(task: Task, o: Outcome = {}): TaskResult {
    const phase = o.phase ?? (o.exitCode && o.exitCode !== 0 ? 'Failed' : 'Succeeded');
    const exitCode = o.exitCode ?? (phase === 'Succeeded' ? 0 : phase === 'Failed' ? 1 : undefined);
    const r: TaskResult = {
      nodeId: task.nodeId,
      phase,
      startedAt: formatTime(this.now),
      finishedAt: formatTime(this.now + (o.seconds ?? 0) * 1000),
    };
    if (exitCode !== undefined) r.exitCode = exitCode;
    const message = o.message ?? (phase === 'Failed' ? `main: Error (exit code ${exitCode})` : undefined);
    if (message) r.message = message;
    const outputs: NonNullable<TaskResult['outputs']> = {};
    if (o.parameters)
      outputs.parameters = Object.entries(o.parameters).map(([name, value]) => ({ name, value }));
    if (o.result !== undefined) outputs.result = o.result;
    if (Object.keys(outputs).length) r.outputs = outputs;
    return r;
  }

  /** Finishes the running task of the node with this display name. */
  finish(displayName: string, o: Outcome = {}): Action[] {
    const node = this.node(displayName);
    const task = this.running.get(node.id);
    if (!task) throw new Error(`node '${displayName}' has no running task`);
    this.running.delete(node.id);
    this.now += (o.seconds ?? 0) * 1000;
    return this.reconcile([{ type: 'task-finished', result: this.result(task, o) }]);
  }

  /**
   * Runs to completion: every started task is answered by `decide` (default: success), one at a time in
   * start order; wake-ups advance the clock. Returns the workflow phase.
   */
  runToEnd(decide: (task: Task, node: NodeStatus) => Outcome = () => ({}), maxSteps = 10_000): string {
    if (!this.last) this.reconcile();
    for (let i = 0; i < maxSteps; i++) {
      const phase = this.wf.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') return phase;
      const next = this.running.values().next();
      if (!next.done) {
        const task = next.value;
        this.running.delete(task.nodeId);
        const node = this.wf.status!.nodes![task.nodeId]!;
        const o = decide(task, node);
        this.now += (o.seconds ?? 0) * 1000;
        this.reconcile([{ type: 'task-finished', result: this.result(task, o) }]);
        continue;
      }
      if (this.wakeAt !== undefined) {
        this.now = Math.max(this.now, this.wakeAt);
        this.reconcile();
        continue;
      }
      return phase ?? '';
    }
    throw new Error('workflow did not finish');
  }

  phases(): Record<string, NodePhase> {
    const out: Record<string, NodePhase> = {};
    for (const n of this.nodes) out[n.displayName] = n.phase;
    return out;
  }
}
