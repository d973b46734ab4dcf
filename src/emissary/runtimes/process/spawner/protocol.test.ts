/**
 * @module emissary/runtimes/process/spawner/protocol.test
 * Frames survive any cut of the byte stream (a pipe delivers whatever it has), carry every byte value, and
 * come out in order.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFrame, FrameReader, FrameType, headerBytes } from './protocol.ts';

interface Seen {
  type: number;
  id: number;
  payload: Buffer;
}

function frames(): { list: Buffer[]; expected: Seen[] } {
  const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const large = Buffer.alloc(200_000, 0xab);
  const expected: Seen[] = [
    { type: FrameType.ready, id: 0, payload: Buffer.alloc(0) },
    { type: FrameType.started, id: 1, payload: Buffer.from('{"pid":42}') },
    { type: FrameType.stdout, id: 1, payload: everyByte },
    { type: FrameType.stderr, id: 4_000_000_000, payload: Buffer.from('é\n', 'utf8') },
    { type: FrameType.stdout, id: 2, payload: large },
    { type: FrameType.exit, id: 1, payload: Buffer.from('{"exitCode":0}') },
  ];
  return { list: expected.map((f) => encodeFrame(f.type as FrameType, f.id, f.payload)), expected };
}

function read(chunks: Buffer[]): { seen: Seen[]; pending: number } {
  const reader = new FrameReader();
  const seen: Seen[] = [];
  for (const c of chunks) {
    // Copies: the reader may keep views of what it was given.
    reader.push(c, (type, id, payload) => seen.push({ type, id, payload: Buffer.from(payload) }));
  }
  return { seen, pending: reader.pending };
}

describe('spawner protocol', () => {
  it('a frame is its header and its payload', () => {
    const f = encodeFrame(FrameType.signal, 7, Buffer.of(1));
    assert.equal(f.length, headerBytes + 1);
    assert.deepEqual([...f], [1, 0, 0, 0, FrameType.signal, 7, 0, 0, 0, 1]);
  });

  it('reads frames glued together in one chunk', () => {
    const { list, expected } = frames();
    const { seen, pending } = read([Buffer.concat(list)]);
    assert.deepEqual(seen, expected);
    assert.equal(pending, 0);
  });

  it('reads frames cut at every byte', () => {
    const { list, expected } = frames();
    const all = Buffer.concat(list.slice(0, 4));
    const bytes = [...all].map((b) => Buffer.of(b));
    assert.deepEqual(read(bytes).seen, expected.slice(0, 4));
  });

  it('reads frames cut at arbitrary places, and keeps an incomplete one pending', () => {
    const { list, expected } = frames();
    const all = Buffer.concat(list);
    // A fixed, uneven sequence of cuts (chunk sizes 1, 8, 9, 10, 4095, 65536, …).
    const sizes = [1, 8, 9, 10, 4095, 65536, 3, 70000];
    const chunks: Buffer[] = [];
    for (let at = 0, i = 0; at < all.length; i++) {
      const n = sizes[i % sizes.length]!;
      chunks.push(all.subarray(at, at + n));
      at += n;
    }
    assert.deepEqual(read(chunks).seen, expected);
    const cut = read([all.subarray(0, all.length - 3)]);
    assert.deepEqual(cut.seen, expected.slice(0, -1));
    assert.equal(cut.pending, list.at(-1)!.length - 3);
  });
});
