/**
 * @module emissary/testkit
 * Test support for the emissary's end-to-end tests: a real Emissary with the process runtime (sandboxed
 * when bubblewrap works here) and a local artifact repository in a fresh directory, tasks built from a
 * shell line, and waits on events (never on time).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDriver } from '../artifacts/drivers/local/local-driver.ts';
import { RawDriver } from '../artifacts/drivers/raw/raw-driver.ts';
import { ArtifactDrivers } from '../artifacts/registry.ts';
import type { Task, TaskContainer, TaskEvent, TaskResult } from '../controller/ports.ts';
import { Emissary } from './emissary.ts';
import { ProcessRuntime } from './runtimes/process/process-runtime.ts';

export interface Harness {
  emissary: Emissary;
  events: TaskEvent[];
  finished(nodeId: string): Promise<TaskResult>;
  /** Log lines of a task, optionally of one stream and one container. */
  logs(nodeId: string, stream?: 'stdout' | 'stderr', container?: string): string[];
}

export interface TestEnv {
  base: string;
  repo: LocalDriver;
  runtime: ProcessRuntime;
  sandboxHere: boolean;
  harness(options?: {
    concurrency?: number;
    onEvent?: (e: TaskEvent) => void;
    workDir?: string;
    progressTickMs?: number;
  }): Harness;
  close(): Promise<void>;
}

export async function testEnv(prefix: string): Promise<TestEnv> {
  const base = await mkdtemp(join(tmpdir(), prefix));
  const repo = new LocalDriver(join(base, 'repo'));
  const runtime = new ProcessRuntime();
  const sandboxHere = await runtime.sandboxAvailable();
  const emissaries: Emissary[] = [];
  return {
    base,
    repo,
    runtime,
    sandboxHere,
    harness(options = {}) {
      const events: TaskEvent[] = [];
      const waiters = new Map<string, (r: TaskResult) => void>();
      const emissary = new Emissary({
        runtimes: { process: runtime },
        defaultRuntime: 'process',
        artifacts: new ArtifactDrivers([repo, new RawDriver()]),
        workDir: options.workDir ?? join(base, 'work'),
        dataDir: join(base, 'data'),
        concurrency: options.concurrency,
        ...(options.progressTickMs === undefined ? {} : { progressTickMs: options.progressTickMs }),
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'finished') waiters.get(e.result.nodeId)?.(e.result);
          options.onEvent?.(e);
        },
      });
      emissaries.push(emissary);
      return {
        emissary,
        events,
        finished(nodeId) {
          const done = events.find((e) => e.type === 'finished' && e.result.nodeId === nodeId);
          if (done?.type === 'finished') return Promise.resolve(done.result);
          return new Promise((ok) => waiters.set(nodeId, ok));
        },
        logs(nodeId, stream, container) {
          return events.flatMap((e) =>
            e.type === 'log' &&
            e.nodeId === nodeId &&
            (!stream || e.stream === stream) &&
            (!container || e.container === container)
              ? [e.line]
              : [],
          );
        },
      };
    },
    async close() {
      await Promise.all(emissaries.map((e) => e.close()));
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** A container running `sh -c <shell>` (the image's default command when `shell` is undefined). */
export function container(
  name: string,
  shell: string | undefined,
  more: Partial<TaskContainer> = {},
): TaskContainer {
  return {
    name,
    image: 'busybox',
    command: shell === undefined ? [] : ['sh', '-c'],
    args: shell === undefined ? [] : [shell],
    env: [],
    volumeMounts: [],
    ...more,
  };
}

let counter = 0;

/** A container task running `sh -c <shell>` in `main`, with `overrides` applied. */
export function task(shell: string | undefined, overrides: Partial<Task> = {}): Task {
  const id = `wf-${++counter}`;
  return {
    workflow: { uid: 'uid-1', name: 'wf', namespace: 'default' },
    nodeId: id,
    nodeName: `wf.step-${counter}`,
    podName: `wf-step-${counter}`,
    templateName: 'main',
    kind: 'container',
    main: container('main', shell),
    volumes: [],
    inputs: { parameters: [], artifacts: [] },
    outputs: { parameters: [], artifacts: [], result: false },
    terminationGracePeriodMs: 300,
    executor: {},
    ...overrides,
  };
}

/** Starts `t` and waits for its result. */
export async function run(t: Task, h: Harness): Promise<{ result: TaskResult; h: Harness }> {
  h.emissary.start(t);
  return { result: await h.finished(t.nodeId), h };
}

/** Resolves when the task has logged `line`. */
export function logged(h: Harness, nodeId: string, line: string): Promise<void> {
  return new Promise<void>((ok) => {
    const poll = setInterval(() => {
      if (h.logs(nodeId).includes(line)) {
        clearInterval(poll);
        ok();
      }
    }, 10);
  });
}
