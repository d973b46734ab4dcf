/** Column alignment: the rules of Go's text/tabwriter that Argo's tables depend on. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tabwrite } from './table.ts';

describe('tabwrite', () => {
  it('pads every tab-terminated cell to the widest of its column plus the padding', () => {
    assert.equal(tabwrite('a\tbb\tc\nccc\td\te\n', { padding: 2 }), 'a    bb  c\nccc  d   e\n');
  });

  it('never pads the text after the last tab, but does pad empty terminated cells', () => {
    assert.equal(tabwrite('x\t\t\nlonger\ty\t\n', { padding: 1 }), `x${' '.repeat(8)}\nlonger y \n`);
  });

  it('aligns a column only within a block of consecutive lines that have it', () => {
    const text = 'a\tb\tc\nlong-a\tb\n\t\t\nz\tlong-b\tc\n';
    // column 1 exists (terminated) on lines 1, 3 and 4 but line 2 breaks its block
    assert.equal(tabwrite(text, { padding: 1 }), 'a      b c\nlong-a b\n              \nz      long-b c\n');
  });

  it('counts code points, so escape sequences and box-drawing characters count once each', () => {
    assert.equal(tabwrite('├─✔ a\tx\nb\ty\n', { padding: 1 }), '├─✔ a x\nb     y\n');
    assert.equal(
      tabwrite('\x1b[32m✔\x1b[0m\tx\nbb\ty\n', { padding: 1 }).split('\n')[1],
      `bb${' '.repeat(9)}y`,
    );
  });

  it('honours a minimum width and leaves text without tabs or a final newline alone', () => {
    assert.equal(tabwrite('a\tb\nc\td', { padding: 1, minWidth: 4 }), 'a   b\nc   d');
    assert.equal(tabwrite('plain', { padding: 3 }), 'plain');
  });
});
