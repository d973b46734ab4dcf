/**
 * The quick YAML reader (src/spec/yaml-fast.ts) against the full one: Argo's examples, thousands of
 * mutations of them and generated documents must give the same data, or the same error, either way.
 * A text the quick reader gets wrong would change what a workflow does, so the comparison is exact.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { parseManifests, readQuick } from '../../src/spec/yaml-load.ts';
import { examplesDir } from '../conformance/catalog.ts';

const skip = existsSync(examplesDir) ? false : `the Argo examples are not on this machine (${examplesDir})`;

/** Each document's data, or the error's message. */
function outcome(text: string, quick: boolean): unknown {
  try {
    return parseManifests(text, 'w.yaml', { quick }).map((d) => d.object);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/** mulberry32: a small seeded generator, so that a failure can be replayed. */
function generator(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** Runs `texts` both ways; returns how many the quick reader read, and the first text that differed. */
function compare(texts: Iterable<string>): { quick: number; total: number; differs?: string } {
  let quick = 0;
  let total = 0;
  for (const text of texts) {
    total++;
    if (readQuick(text)) quick++;
    if (!isDeepStrictEqual(outcome(text, true), outcome(text, false))) return { quick, total, differs: text };
  }
  return { quick, total };
}

function examples(): string[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(examplesDir, f), 'utf8'));
}

const pieces = [
  ' ',
  '  ',
  '\n',
  ':',
  ': ',
  '-',
  '- ',
  '#',
  ' #',
  '"',
  "'",
  '|',
  '|-',
  '|+',
  '>',
  '[',
  ']',
  '{',
  '}',
];
const morePieces = [',', '\t', 'a', '0', '&', '*', '!', '\\', '---\n', '~', 'yes', '<<', '\r'];

function* mutations(sources: string[], count: number, rnd: (n: number) => number): Generator<string> {
  const all = [...pieces, ...morePieces];
  for (let k = 0; k < count; k++) {
    let t = sources[rnd(sources.length)]!;
    for (let m = 1 + rnd(3); m > 0; m--) {
      const lines = t.split('\n');
      const li = rnd(lines.length);
      const op = rnd(5);
      if (op === 0) {
        const p = rnd(t.length + 1);
        t = t.slice(0, p) + all[rnd(all.length)] + t.slice(p);
        continue;
      }
      if (op === 1) {
        const p = rnd(t.length);
        t = t.slice(0, p) + t.slice(p + 1 + rnd(3));
        continue;
      }
      if (op === 2) lines.splice(li, 0, lines[li]!);
      else if (op === 3)
        lines[li] = rnd(2) ? ' '.repeat(1 + rnd(2)) + lines[li] : lines[li]!.replace(/^ {1,2}/, '');
      else {
        const j = Math.min(li + 1, lines.length - 1);
        [lines[li], lines[j]] = [lines[j]!, lines[li]!];
      }
      t = lines.join('\n');
    }
    yield t;
  }
}

/** Random documents: mostly what manifests hold, with every construct the quick reader leaves to the full one. */
function* documents(count: number, rnd: (n: number) => number): Generator<string> {
  const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;
  const usual = [
    'a',
    'b c',
    'x-y',
    '"q"',
    "'s'",
    '[a, b]',
    '{a: 1}',
    '1',
    '-1',
    'a#b',
    'x # c',
    '{{a}}',
    '"{{b}}"',
  ];
  const edge = [
    ...[
      '0755',
      'yes',
      'on',
      '~',
      '',
      'null',
      '1.5',
      '.5',
      '1e3',
      '0x1F',
      '-x',
      'a #b',
      "'s''t'",
      '"e\\n\\u00e9\\x41"',
    ],
    ...[
      '[]',
      '{}',
      '[a, [b, {c: d}]]',
      'a:b',
      '2001-01-01',
      '1:20',
      '"a" # c',
      '1_000',
      '+1',
      '.inf',
      '.NaN',
      'Yes',
    ],
    ...[
      'a  b  ',
      'http://x/y',
      '- a',
      '[a, ]',
      '"\\/"',
      '"\\q"',
      '@x',
      '`x',
      '%x',
      'a, b',
      'a]',
      '[a b]',
      '{a, b}',
    ],
    ...['{"a": 1}', "{'a' : 1}", '[-a, -]', '[?x]', '&a x', '*a', '!!str 1', 'a\tb', 'x: y', '"open', '[a,'],
  ];
  const keys = ['a', 'b', 'c', 'name', 'x-y', '"q k"'];
  const edgeKeys = ["'s'", '1', 'yes', '~', 'a b', 'k.l/m', 'a[0]', '"a" ', 'k#x', '<<', '__proto__', 'a:b'];
  const key = (): string => (rnd(10) < 8 ? pick(keys) : pick(edgeKeys));
  const scalar = (): string => (rnd(10) < 8 ? pick(usual) : pick(edge));
  const literal = (indent: number): string[] => {
    const out = [pick(['|', '|-', '|+', '|  # c', '>', '|2', '>-'])];
    const m = indent + 1 + rnd(3);
    for (let j = rnd(5); j > 0; j--) {
      const r = rnd(10);
      if (r < 6)
        out.push(
          ' '.repeat(m + (rnd(3) === 0 ? rnd(3) : 0)) + pick(['x', 'y z', '# h', 'a\tb', 'k: v', '- i']),
        );
      else out.push(r < 8 ? '' : ' '.repeat(rnd(m + 3)));
    }
    return out;
  };
  const node = (indent: number, depth: number, lines: string[], prefix: string): void => {
    const r = depth > 3 ? 0 : rnd(4);
    if (r === 0) {
      if (rnd(6) === 0) {
        const [head, ...body] = literal(indent);
        lines.push(`${prefix} ${head}`, ...body);
      } else lines.push(`${prefix}${rnd(20) ? ' ' : ''}${scalar()}`);
      return;
    }
    const sameIndent = prefix.endsWith(':') && rnd(3) === 0;
    const inner = sameIndent ? indent : indent + 1 + rnd(3);
    lines.push(prefix + (rnd(5) === 0 ? ' # c' : ''));
    for (let i = 1 + rnd(3); i > 0; i--) {
      if (rnd(6) === 0) lines.push(rnd(2) ? '' : `${' '.repeat(rnd(6))}# x`);
      const pad = ' '.repeat(inner);
      node(inner, depth + 1, lines, r === 1 || sameIndent ? `${pad}-` : `${pad}${key()}:`);
    }
  };
  for (let k = 0; k < count; k++) {
    const lines: string[] = [];
    for (let d = rnd(5) === 0 ? 2 : 1; d > 0; d--) {
      if (d === 1 && lines.length > 0) lines.push(pick(['---', '--- # d', '...', '--- x']));
      for (let i = 1 + rnd(4); i > 0; i--) node(0, 0, lines, `${key()}:`);
    }
    if (rnd(4) === 0) lines.splice(rnd(lines.length), 0, pick(['', '   ', '# c', '  # c', '\t']));
    yield lines.join('\n') + (rnd(6) ? '\n' : '');
  }
}

describe('the quick YAML reader', { skip }, () => {
  it("reads most of Argo's examples, exactly as the full reader does", () => {
    const r = compare(examples());
    assert.equal(r.differs, undefined, `the readers differ on:\n${r.differs}`);
    assert.ok(r.quick >= r.total * 0.85, `only ${r.quick} of ${r.total} examples read quickly`);
  });

  it('gives the same data or error as the full reader for mutations of the examples', () => {
    const r = compare(mutations(examples(), 1200, generator(1)));
    assert.equal(r.differs, undefined, `the readers differ on:\n${JSON.stringify(r.differs)}`);
    assert.ok(r.quick >= r.total * 0.2, `only ${r.quick} of ${r.total} mutations read quickly`);
  });

  it('gives the same data or error as the full reader for generated documents', () => {
    const r = compare(documents(3000, generator(2)));
    assert.equal(r.differs, undefined, `the readers differ on:\n${JSON.stringify(r.differs)}`);
    assert.ok(r.quick >= r.total * 0.05, `only ${r.quick} of ${r.total} documents read quickly`);
  });
});
