/**
 * @module emissary/runtimes/process/spawner/protocol
 * The wire format between the engine and its spawner process: requests on the spawner's stdin, events on
 * its stdout, each a frame of a 9-byte header (payload length u32 LE, type u8, step id u32 LE) and the
 * payload. Output chunks travel as raw bytes (binary-safe, nothing to encode); the few structured payloads
 * (a spawn request, an exit status) are JSON.
 *
 * A step's frames arrive in order: `started` (or `failed`), its `stdout`/`stderr` chunks, then `exit`,
 * which comes only once the step exited and both of its streams ended.
 */

import type { ChildOptions } from '../child.ts';

export const FrameType = {
  /** engine → spawner: start a step (JSON `ChildOptions`). */
  spawn: 1,
  /** engine → spawner: signal a step (one byte, `signalCodes`). */
  signal: 2,
  /** spawner → engine, once, first: the spawner reads requests (id 0, no payload). */
  ready: 10,
  /** spawner → engine: the step runs (JSON `{pid}`). */
  started: 11,
  /** spawner → engine: the step could not be started (UTF-8 message). */
  failed: 12,
  stdout: 13,
  stderr: 14,
  /** spawner → engine: the step exited and its streams are drained (JSON `ExitStatus`). */
  exit: 15,
} as const;

export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const headerBytes = 9;

/** The signals a step can be sent, by their one-byte code on the wire. */
export const signalCodes = ['SIGTERM', 'SIGKILL'] as const;
export type StepSignal = (typeof signalCodes)[number];

export type SpawnRequest = ChildOptions;

export interface Started {
  pid: number;
}

export function encodeFrame(type: FrameType, id: number, payload: Buffer | string = ''): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const frame = Buffer.allocUnsafe(headerBytes + body.length);
  frame.writeUInt32LE(body.length, 0);
  frame.writeUInt8(type, 4);
  frame.writeUInt32LE(id, 5);
  body.copy(frame, headerBytes);
  return frame;
}

export type FrameHandler = (type: number, id: number, payload: Buffer) => void;

/**
 * Cuts a byte stream into frames. Payloads are views of the chunks read (not copies) unless a frame spans
 * two chunks; a chunk is never reused by its stream, so the views stay valid.
 */
export class FrameReader {
  #rest: Buffer | undefined;

  push(chunk: Buffer, onFrame: FrameHandler): void {
    const buf = this.#rest ? Buffer.concat([this.#rest, chunk]) : chunk;
    this.#rest = undefined;
    let at = 0;
    while (buf.length - at >= headerBytes) {
      const length = buf.readUInt32LE(at);
      const end = at + headerBytes + length;
      if (end > buf.length) break;
      onFrame(buf.readUInt8(at + 4), buf.readUInt32LE(at + 5), buf.subarray(at + headerBytes, end));
      at = end;
    }
    if (at < buf.length) this.#rest = buf.subarray(at);
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get pending(): number {
    return this.#rest?.length ?? 0;
  }
}
