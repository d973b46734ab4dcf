/** Tests of parseManifests: Go-compatible YAML reading and field-path positions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, NuncioError } from '../errors/index.ts';
import { isArgoManifest, maxNesting, parseManifests, parseYamlValue } from './yaml-load.ts';

describe('parseManifests', () => {
  it('maps field paths to file:line:column, at the key or at the value', () => {
    const [doc] = parseManifests(
      'kind: Workflow\nspec:\n  templates:\n  - name: a\n  - name: b\n    container:\n      image: alpine\n',
      'w.yaml',
    );
    assert.ok(doc);
    const src = doc.source;
    assert.deepEqual(src.locate(['spec', 'templates', 1, 'container', 'image']), {
      file: 'w.yaml',
      line: 7,
      column: 14,
    });
    assert.deepEqual(src.locate(['spec', 'templates', 1, 'container', 'image'], 'key'), {
      file: 'w.yaml',
      line: 7,
      column: 7,
    });
    assert.deepEqual(src.locate(['spec', 'templates', 1]), { file: 'w.yaml', line: 5, column: 5 });
    // A path that does not exist resolves to its nearest existing ancestor.
    assert.deepEqual(src.locate(['spec', 'templates', 0, 'container', 'image']), {
      file: 'w.yaml',
      line: 4,
      column: 5,
    });
  });

  it('follows anchors and merge keys to where a field is written', () => {
    const [doc] = parseManifests('base: &b\n  image: alpine\nuse:\n  <<: *b\n  command: [date]\n', 'a.yaml');
    assert.deepEqual(doc?.object, { base: { image: 'alpine' }, use: { image: 'alpine', command: ['date'] } });
    assert.deepEqual(doc?.source.locate(['use', 'image'], 'key'), { file: 'a.yaml', line: 2, column: 3 });
  });

  it("reads scalars as Go's YAML 1.1 parser does", () => {
    const [doc] = parseManifests(
      'a: [yes, on, No, 0755, 0x10, 1_000, 1.5, .5, 1e3, ., e3, 2020-01-01T00:00:00Z, 1:20, "yes"]',
      'x.yaml',
    );
    assert.deepEqual(doc?.object.a, [
      true,
      true,
      false,
      493,
      16,
      1000,
      1.5,
      0.5,
      1000,
      '.',
      'e3',
      '2020-01-01T00:00:00Z',
      '1:20',
      'yes',
    ]);
  });

  it('accepts a quoted string in a flow list continued on less-indented lines, as libyaml does', () => {
    const [doc] = parseManifests('c:\n  args: ["\n    echo hi\n  "]\n', 'f.yaml');
    assert.deepEqual(doc?.object, { c: { args: [' echo hi '] } });
  });

  it('skips empty documents and tells Argo manifests from other documents', () => {
    const docs = parseManifests(
      '---\n---\napiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: x-}\n---\n' +
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n---\n# only a comment\n---\nkind: WorkflowEventBinding\napiVersion: argoproj.io/v1alpha1\n',
      'm.yaml',
    );
    assert.deepEqual(
      docs.map((d) => [d.index, d.kind, d.name, isArgoManifest(d)]),
      [
        [0, 'Workflow', 'x-', true],
        [1, 'ConfigMap', 'cm', false],
        [2, 'WorkflowEventBinding', '', false],
      ],
    );
  });

  it("malformed YAML is a NuncioError with the position and the parser's reason", () => {
    assert.throws(
      () => parseManifests('a: 1\nb:\n  - x\n  y: 2\n', 'bad.yaml'),
      (e: unknown) => {
        assert.ok(e instanceof NuncioError);
        assert.equal(e.code, ErrorCode.InvalidYaml);
        assert.deepEqual(e.position, { file: 'bad.yaml', line: 4, column: 1 });
        assert.equal(e.message, 'invalid YAML: All mapping items must start at the same column\n  y: 2\n^');
        assert.ok(e.hint);
        return true;
      },
    );
    assert.throws(
      () => parseManifests('a: 1\na: 2\n', 'dup.yaml'),
      (e: unknown) =>
        e instanceof NuncioError && e.message.startsWith('invalid YAML: Map keys must be unique'),
    );
  });

  it('a mapping key that is a collection is an error at the key, as it is for Argo', () => {
    assert.throws(
      () => parseManifests('a: 1\n? [x, y]\n: 2\n', 'key.yaml'),
      (e: unknown) => {
        assert.ok(e instanceof NuncioError);
        assert.equal(e.code, ErrorCode.InvalidYaml);
        assert.deepEqual(e.position, { file: 'key.yaml', line: 2, column: 3 });
        assert.match(e.message, /^invalid YAML: a mapping key must be a single value, not a sequence\n/);
        assert.match(e.hint ?? '', /quote the key/);
        return true;
      },
    );
    // The usual way to write one: an unquoted tag in a flow list.
    assert.throws(
      () => parseManifests('spec:\n  args: [echo, {{inputs.parameters.x}}]\n', 'tag.yaml'),
      (e: unknown) => {
        assert.ok(e instanceof NuncioError);
        assert.deepEqual(e.position, { file: 'tag.yaml', line: 2, column: 16 });
        assert.equal(e.path, 'spec.args[1]');
        assert.match(e.hint ?? '', /quote a \{\{\.\.\.\}\} tag/);
        return true;
      },
    );
  });
});

describe('nesting', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

  it(`reads ${maxNesting} levels and rejects one more, with its place, in manifests and plain values`, () => {
    assert.equal(parseManifests(`kind: X\nv: ${nested(maxNesting - 1)}\n`, 'ok.yaml').length, 1);
    for (const read of [
      () => parseManifests(`kind: X\nv: ${nested(maxNesting)}\n`, 'deep.yaml'),
      () => parseManifests(`kind: X\nv: ${nested(maxNesting)}\n`, 'deep.yaml', { quick: false }),
      () => parseYamlValue(`v: ${nested(maxNesting)}\n`, 'deep.yaml'),
    ]) {
      assert.throws(read, (e: unknown) => {
        assert.ok(e instanceof NuncioError);
        assert.equal(e.code, ErrorCode.InvalidYaml);
        assert.match(e.message, /collections are nested more than 1000 levels deep/);
        assert.equal(e.position?.file, 'deep.yaml');
        assert.ok(e.path?.startsWith('v[0][0]') && e.path.endsWith('…'), e.path);
        return true;
      });
    }
  });
});

describe('aliases', () => {
  it('an alias bomb is invalid YAML at its first alias, not an internal error', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const text = `kind: X\n${levels.join('\n')}\n`;
    for (const quick of [true, false]) {
      assert.throws(
        () => parseManifests(text, 'bomb.yaml', { quick }),
        (e: unknown) =>
          e instanceof NuncioError &&
          e.code === ErrorCode.InvalidYaml &&
          /aliases expand to more than 10000 nodes/.test(e.message) &&
          e.position?.line === 3,
      );
    }
    // A few aliases are read as written.
    const [doc] = parseManifests('kind: X\na: &a [1, 2]\nb: *a\n', 'ok.yaml');
    assert.deepEqual(doc?.object.b, [1, 2]);
  });
});
