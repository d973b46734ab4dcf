/**
 * @module cli/render/table
 * Column alignment with the exact results of Go's `text/tabwriter` (flags 0, space padding), which every
 * `argo` table goes through. The rules that shape the output:
 * - a cell is text terminated by a tab; the text after a line's last tab is not part of any column, so it is
 *   never padded (and a line that ends in a tab has an empty last cell);
 * - a column's width is decided per *block*: a run of consecutive lines that all have a terminated cell in
 *   that column. A line with fewer cells ends the block, and the lines after it are aligned on their own;
 * - width = widest cell of the block + padding (at least minWidth), and every terminated cell is padded to
 *   it, empty or not, so lines may end with spaces;
 * - widths count Unicode code points, escape sequences included (see icons.ts for why that stays aligned).
 */

export interface TabwriterOptions {
  /** Minimal cell width, padding included. */
  minWidth?: number;
  /** Spaces added to the widest cell of a column block. */
  padding: number;
}

interface Cell {
  text: string;
  width: number;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Aligns tab-separated `text` (lines separated by `\n`) as Go's tabwriter does. */
export function tabwrite(text: string, options: TabwriterOptions): string {
  const minWidth = options.minWidth ?? 0;
  const lines: Cell[][] = text
    .split('\n')
    .map((line) => line.split('\t').map((t) => ({ text: t, width: codePoints(t) })));
  const widths: number[] = [];
  let out = '';

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const line = lines[i]!;
      line.forEach((cell, j) => {
        out += cell.text;
        const w = widths[j];
        if (w !== undefined) out += ' '.repeat(Math.max(0, w - cell.width));
      });
      if (i + 1 < lines.length) out += '\n';
    }
  };

  // One level of recursion per column; `widths` holds the widths of the columns to the left.
  const format = (from: number, to: number): void => {
    const column = widths.length;
    let start = from;
    for (let current = from; current < to; current++) {
      if (column >= lines[current]!.length - 1) continue;
      writeLines(start, current);
      start = current;
      let width = minWidth;
      for (; current < to; current++) {
        const line = lines[current]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + options.padding);
      }
      widths.push(width);
      format(start, current);
      widths.pop();
      start = current;
    }
    writeLines(start, to);
  };

  format(0, lines.length);
  return out;
}
