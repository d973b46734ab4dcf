/** @module emissary/log-lines.test */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from './log-lines.ts';

describe('LineSplitter', () => {
  it('splits on newlines across chunks and flushes the rest at the end', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    s.push(Buffer.from('a\nb'));
    s.push(Buffer.from('c\n\nd'));
    assert.deepEqual(lines, ['a', 'bc', '']);
    s.end();
    assert.deepEqual(lines, ['a', 'bc', '', 'd']);
  });
  it('keeps a multi-byte character split between chunks whole', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const bytes = Buffer.from('héllo\n');
    s.push(bytes.subarray(0, 2));
    s.push(bytes.subarray(2));
    assert.deepEqual(lines, ['héllo']);
  });
  it('cuts a line longer than the limit into pieces', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l), 4);
    s.push(Buffer.from('abcdefghij'));
    s.end();
    assert.deepEqual(lines, ['abcd', 'efgh', 'ij']);
  });
});
