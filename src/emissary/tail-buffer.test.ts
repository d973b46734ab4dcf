/** @module emissary/tail-buffer.test */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resultOf, TailBuffer } from './tail-buffer.ts';
import { isoSeconds } from './time.ts';

describe('TailBuffer and resultOf', () => {
  it('keeps the last bytes only', () => {
    const t = new TailBuffer(5);
    for (const c of ['abc', 'def', 'gh']) t.push(Buffer.from(c));
    assert.equal(t.bytes().toString(), 'defgh');
  });
  it('drops exactly one trailing newline', () => {
    assert.equal(resultOf(Buffer.from('x\n\n')), 'x\n');
    assert.equal(resultOf(Buffer.from('x')), 'x');
    assert.equal(resultOf(Buffer.from('')), '');
  });
});

describe('isoSeconds', () => {
  it('prints RFC 3339 UTC with second precision', () => {
    assert.equal(isoSeconds(Date.UTC(2026, 0, 2, 3, 4, 5, 999)), '2026-01-02T03:04:05Z');
  });
});
