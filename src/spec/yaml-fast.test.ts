/** Tests of the quick YAML reader: what it reads, and what it leaves to the full reader. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifests, readQuick } from './yaml-load.ts';

/** The data the quick reader gives, checked against the full reader's. */
function quick(text: string): unknown[] {
  const docs = readQuick(text);
  assert.ok(docs, `the quick reader left this to the full one:\n${text}`);
  const full = parseManifests(text, 'w.yaml', { quick: false }).map((d) => d.object);
  assert.deepEqual(
    docs.map((d) => d.object),
    full,
  );
  return full;
}

describe('readFast', () => {
  it('reads block mappings and sequences, compact ones, and sequences at their key’s indentation', () => {
    const text = [
      'spec:',
      '  templates:',
      '  - name: main',
      '    steps:',
      '    - - name: a',
      '        template: t',
      '      - name: b',
      '    - - name: c',
      '  args:',
      '    - x',
      '    -',
      '    - z # a comment',
      '# between',
      'top: 1',
      '',
    ].join('\n');
    assert.deepEqual(quick(text), [
      {
        spec: {
          templates: [
            { name: 'main', steps: [[{ name: 'a', template: 't' }, { name: 'b' }], [{ name: 'c' }]] },
          ],
          args: ['x', null, 'z'],
        },
        top: 1,
      },
    ]);
  });

  it('resolves plain scalars with Go’s YAML 1.1 rules, as the full reader does', () => {
    const [doc] = quick('a: yes\nb: 0755\nc: ~\nd: 1.5\ne: 2001-01-01\nf: 1:20\ng: 0x1F\nh: "yes"\ni:\n');
    assert.deepEqual(doc, {
      a: true,
      b: 493,
      c: null,
      d: 1.5,
      e: '2001-01-01',
      f: '1:20',
      g: 31,
      h: 'yes',
      i: null,
    });
  });

  it('reads literal block scalars with each chomping indicator', () => {
    const [doc] = quick('a: |\n  x\n    y\n\n  z\n\nb: |-\n  x\n\nc: |+\n  x\n\n\nd: |\ne: end\n');
    assert.deepEqual(doc, { a: 'x\n  y\n\nz\n', b: 'x', c: 'x\n\n\n', d: '', e: 'end' });
  });

  it('reads one-line flow collections and quoted scalars with escapes', () => {
    const [doc] = quick(`a: [sh, -c, "echo \\"hi\\"\\t\\u00e9"]\nb: {x: 1, 'y': [z, {}]}\nc: 'it''s'\n`);
    assert.deepEqual(doc, { a: ['sh', '-c', 'echo "hi"\té'], b: { x: 1, y: ['z', {}] }, c: "it's" });
  });

  it('reads several documents and skips empty ones', () => {
    assert.deepEqual(quick('# only a comment\n---\na: 1\n---\n---\nb: 2\n'), [{ a: 1 }, { b: 2 }]);
  });

  for (const [what, text] of [
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['merge keys', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['tags', 'a: !!str 1\n'],
    ['folded scalars', 'a: >\n  x\n  y\n'],
    ['multi-line plain scalars', 'a: x\n  y\n'],
    ['multi-line quoted scalars', 'a: "x\n  y"\n'],
    ['multi-line flow collections', 'a: [x,\n  y]\n'],
    ['keys that are not strings', 'on: push\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['tabs', 'a:\tb\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['a sequence at the top', '- a\n'],
    ['a nested mapping in a compact one (an error)', 'a: b: c\n'],
    ['nesting deeper than the stack', `a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`],
  ] as const) {
    it(`leaves ${what} to the full reader`, () => assert.equal(readQuick(text), undefined));
  }

  it('finds positions for a quickly read document when they are asked for', () => {
    const text = 'kind: Workflow\nspec:\n  templates:\n  - name: a\n    container:\n      image: alpine\n';
    assert.ok(readQuick(text));
    const [doc] = parseManifests(`# leading\n---\n${text}`, 'w.yaml');
    assert.deepEqual(doc!.source.locate(['spec', 'templates', 0, 'container', 'image']), {
      file: 'w.yaml',
      line: 8,
      column: 14,
    });
  });
});
