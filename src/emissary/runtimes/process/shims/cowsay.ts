/**
 * @module emissary/runtimes/process/shims/cowsay
 * A small `cowsay` for the images that ship one (`argoproj/argosay`, `docker/whalesay`), used only when the
 * host has none: the message (arguments, else stdin) in a speech bubble wrapped at 40 columns, then the
 * cow. This file runs as its own process and imports nothing from the rest of nuncio.
 */

import { readFileSync } from 'node:fs';

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\t/g, '        ').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/).filter(Boolean)) {
      for (let w = word; w.length > 0; w = w.slice(width)) {
        const piece = w.slice(0, width);
        if (line === '') line = piece;
        else if (line.length + 1 + piece.length <= width) line = `${line} ${piece}`;
        else {
          lines.push(line);
          line = piece;
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

function cowsay(text: string): string {
  const lines = wrap(text, 40);
  const width = Math.max(...lines.map((l) => l.length));
  const out = [` ${'_'.repeat(width + 2)}`];
  if (lines.length === 1) out.push(`< ${lines[0]} >`);
  else {
    lines.forEach((l, i) => {
      const [open, close] = i === 0 ? ['/', '\\'] : i === lines.length - 1 ? ['\\', '/'] : ['|', '|'];
      out.push(`${open} ${l.padEnd(width)} ${close}`);
    });
  }
  out.push(` ${'-'.repeat(width + 2)}`);
  out.push(
    '        \\   ^__^',
    '         \\  (oo)\\_______',
    '            (__)\\       )\\/\\',
    '                ||----w |',
    '                ||     ||',
  );
  return `${out.join('\n')}\n`;
}

const args = process.argv.slice(2);
const message = args.length > 0 ? args.join(' ') : readFileSync(0, 'utf8').replace(/\n$/, '');
process.stdout.write(cowsay(message));
