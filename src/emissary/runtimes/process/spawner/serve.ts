/**
 * @module emissary/runtimes/process/spawner/serve
 * The spawner's side of the protocol (see `protocol.ts`): it starts each requested step as a `Child`,
 * forwards the step's output chunks and its exit status, and relays signals to it.
 *
 * Back-pressure: when the engine reads more slowly than the steps write (the output stream's buffer is
 * full), every step's output is paused until the buffer drains, so a flooding step blocks on its own full
 * pipe instead of growing the spawner's memory.
 *
 * When the requests end (the engine closed the pipe, or died and the kernel closed it) or the events can
 * no longer be written, every step's process group is killed and `onEnd` runs: a step never outlives the
 * engine that asked for it.
 */

import type { Readable, Writable } from 'node:stream';
import { Child } from '../child.ts';
import {
  encodeFrame,
  FrameReader,
  FrameType,
  type SpawnRequest,
  type Started,
  signalCodes,
} from './protocol.ts';

export interface Serving {
  /** Kills every running step's process group and stops serving. Idempotent. */
  shutdown(): void;
}

export function serve(input: Readable, output: Writable, onEnd: () => void): Serving {
  const children = new Map<number, Child>();
  const reader = new FrameReader();
  let paused = false;
  let ended = false;

  const send = (type: FrameType, id: number, payload?: Buffer | string): void => {
    if (ended) return;
    if (!output.write(encodeFrame(type, id, payload)) && !paused) {
      paused = true;
      for (const c of children.values()) c.pauseOutput();
    }
  };
  output.on('drain', () => {
    if (!paused) return;
    paused = false;
    for (const c of children.values()) c.resumeOutput();
  });

  const start = async (id: number, request: SpawnRequest): Promise<void> => {
    let child: Child;
    try {
      child = await Child.spawn(request, {
        stdout: (c) => send(FrameType.stdout, id, c),
        stderr: (c) => send(FrameType.stderr, id, c),
      });
    } catch (e) {
      send(FrameType.failed, id, e instanceof Error ? e.message : String(e));
      return;
    }
    if (ended) {
      child.signal('SIGKILL');
      return;
    }
    children.set(id, child);
    if (paused) child.pauseOutput();
    const started: Started = { pid: child.pid };
    send(FrameType.started, id, JSON.stringify(started));
    const status = await child.wait();
    children.delete(id);
    send(FrameType.exit, id, JSON.stringify(status));
  };

  const onFrame = (type: number, id: number, payload: Buffer): void => {
    if (type === FrameType.spawn) {
      void start(id, JSON.parse(payload.toString('utf8')) as SpawnRequest);
    } else if (type === FrameType.signal) {
      const signal = signalCodes[payload[0] ?? -1];
      if (signal) children.get(id)?.signal(signal);
    }
  };

  const shutdown = (): void => {
    if (ended) return;
    ended = true;
    for (const c of children.values()) c.signal('SIGKILL');
    children.clear();
    onEnd();
  };

  input.on('data', (chunk: Buffer) => reader.push(chunk, onFrame));
  send(FrameType.ready, 0);
  input.on('end', shutdown);
  input.on('close', shutdown);
  input.on('error', shutdown);
  output.on('error', shutdown);
  return { shutdown };
}
