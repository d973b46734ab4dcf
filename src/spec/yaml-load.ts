/**
 * @module spec/yaml-load
 * Parses a (multi-document) YAML or JSON text into plain objects, keeping a SourceMap per document so
 * that any field path can be reported as file:line:column. YAML is read with the 1.1 rules Argo's Go
 * parser uses (`yes`/`on` are booleans, `0755` is octal) but timestamps and base-60 numbers stay strings,
 * as they do in Go. Empty documents are skipped; documents of any kind are returned, and
 * `isArgoManifest` tells the four kinds nuncio handles from the rest (ConfigMaps and the like).
 */

import {
  Composer,
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type ScalarTag,
  type Tags,
  visit,
  type YAMLParseError,
} from 'yaml';
import { ErrorCode, NuncioError, type SourcePosition } from '../errors/index.ts';
import { formatPathShort, type PathSegment } from './field-path.ts';
import { type ParsedSource, SourceMap } from './source-map.ts';
import { type WorkflowKind, WorkflowKinds } from './types.ts';
import { type FastDocument, type PlainResolver, readFast, unsupported } from './yaml-fast.ts';
import { goCompatibleTokens } from './yaml-lexer.ts';

export interface LoadedDocument {
  file: string;
  /** 0-based position of the document among the non-empty documents of the file. */
  index: number;
  /** `kind` of the document, `''` when it has none. */
  kind: string;
  apiVersion: string;
  /** metadata.name, else metadata.generateName, else `''`. */
  name: string;
  namespace: string;
  /** The document as plain data; `{}` when the document is not a mapping. */
  object: Record<string, unknown>;
  source: SourceMap;
}

const argoApiGroup = 'argoproj.io/';

/** Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow of `argoproj.io`. */
export function isArgoManifest(doc: LoadedDocument): doc is LoadedDocument & { kind: WorkflowKind } {
  return (
    (WorkflowKinds as readonly string[]).includes(doc.kind) &&
    (doc.apiVersion === '' || doc.apiVersion.startsWith(argoApiGroup))
  );
}

/**
 * Go's YAML 1.1 resolver (gopkg.in/yaml.v2) has no timestamps or base-60 numbers, and a plain scalar is
 * a float only if it looks like one (`1.5`, `.5`, `1e3`; not `.` or `e3`): those stay strings.
 */
const goFloat: ScalarTag = {
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
  resolve: (s: string) => Number.parseFloat(s),
};

function goLikeTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    const tag = t as { tag?: string; format?: string; test?: RegExp };
    if (tag.tag === 'tag:yaml.org,2002:timestamp' || tag.format === 'TIME') continue;
    const isNaNOrInf = tag.test?.source.includes('inf');
    if (tag.tag === 'tag:yaml.org,2002:float' && !isNaNOrInf) {
      if (!out.includes(goFloat)) out.push(goFloat);
      continue;
    }
    out.push(t);
  }
  return out;
}

const composerOptions = { version: '1.1', merge: true, customTags: goLikeTags } as const;

/** The full reader's resolution of a plain scalar, for `yaml-fast.ts`. */
function plainResolver(): PlainResolver {
  const schema = new Document(null, composerOptions);
  const tags = schema.schema.tags as ScalarTag[];
  const options = schema.options;
  return (plain) => {
    const tag = tags.find((t) => t.default === true && t.test?.test(plain));
    if (!tag) return plain;
    let failed = false;
    try {
      const value = tag.resolve(plain, () => (failed = true), options);
      if (!failed) return isScalar(value) ? value.value : value;
    } catch {
      // The full reader reports a tag that cannot resolve its scalar.
    }
    return unsupported;
  };
}

let resolvePlain: PlainResolver | undefined;

/** The quick reader's documents of `text` (see `yaml-fast.ts`), `undefined` where it leaves them to the full one. */
export function readQuick(text: string): FastDocument[] | undefined {
  resolvePlain ??= plainResolver();
  return readFast(text, resolvePlain);
}

/** Every document of `text` with the full reader: its node trees, or the first error. */
function compose(text: string): { docs: Document.Parsed[]; lines: LineCounter } {
  const lines = new LineCounter();
  const composer = new Composer(composerOptions);
  return { docs: Array.from(composer.compose(goCompatibleTokens(text, lines))), lines };
}

/**
 * The deepest nesting of collections a manifest may have: far beyond any real one, and within what every
 * later stage (the validator, JSON, the store) handles without running out of stack. The full reader runs
 * out of its own at about 2,500 levels; that is reported the same way.
 */
export const maxNesting = 1000;

const tooDeepReason = `collections are nested more than ${maxNesting} levels deep`;
const tooDeepHint = `nuncio reads at most ${maxNesting} levels: flatten the value, or pass deep data as a file (an input artifact)`;

/** The path to the first collection nested deeper than `maxNesting` in `value`, if any (no recursion). */
function tooDeep(value: unknown): PathSegment[] | undefined {
  const nodes: { value: unknown; parent: number; key: PathSegment; depth: number }[] = [
    { value, parent: -1, key: '', depth: 0 },
  ];
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    const { value: v, depth } = nodes[i]!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth === maxNesting) {
      const path: PathSegment[] = [];
      for (let j = i; j > 0; j = nodes[j]!.parent) path.push(nodes[j]!.key);
      return path.reverse();
    }
    const entries: [PathSegment, unknown][] = Array.isArray(v) ? [...v.entries()] : Object.entries(v);
    for (const [key, child] of entries) {
      if (typeof child !== 'object' || child === null) continue;
      stack.push(nodes.length);
      nodes.push({ value: child, parent: i, key, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Throws the error for a document's data whose collections are nested deeper than `maxNesting`. */
function checkNesting(data: unknown, source: SourceMap): void {
  const path = tooDeep(data);
  if (!path) return;
  let position: SourcePosition;
  try {
    position = source.locate(path);
  } catch {
    position = source.start();
  }
  throw new NuncioError(ErrorCode.InvalidYaml, `invalid YAML: ${tooDeepReason}`, {
    position,
    path: formatPathShort(path),
    hint: tooDeepHint,
  });
}

/**
 * Parses every document of `text`. Malformed YAML throws a NuncioError (ERR_INVALID_YAML) that carries
 * file:line:column and the parser's reason. Text that the quick reader reads gets its node trees (for
 * positions) only when a position is asked for.
 */
export function parseManifests(
  text: string,
  file: string,
  options: { quick?: boolean } = {},
): LoadedDocument[] {
  const fast = options.quick === false ? undefined : readQuick(text);
  if (fast) {
    let full: { docs: Document.Parsed[]; lines: LineCounter } | undefined;
    const docs = fast.map(({ object, offset }, index) =>
      loaded(file, index, object, () => {
        full ??= compose(text);
        const doc = full.docs.find((d) => (d.contents?.range[0] ?? -1) === offset) ?? full.docs[0]!;
        return { doc, lines: full.lines };
      }),
    );
    for (const d of docs) checkNesting(d.object, d.source);
    return docs;
  }
  const out: LoadedDocument[] = [];
  for (const { doc, lines, data } of readFull(text, file)) {
    const d = loaded(file, out.length, isRecord(data) ? data : {}, { doc, lines });
    checkNesting(d.object, d.source);
    out.push(d);
  }
  return out;
}

/**
 * The full reader's documents of `text` that hold data, with their data, in order. Malformed YAML throws
 * a NuncioError (ERR_INVALID_YAML) with file:line:column, as does a collection used as a mapping key (Go's
 * YAML-to-JSON conversion, which Argo decodes with, rejects one).
 */
function* readFull(
  text: string,
  file: string,
): Generator<{ doc: Document.Parsed; lines: LineCounter; data: unknown }> {
  const { docs, lines } = compose(text);
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first) throw yamlError(text, file, lines, first, doc.contents);
    if (doc.contents === null) continue;
    const bad = collectionKey(doc);
    if (bad) {
      const reason = `a mapping key must be a single value, not ${bad.kind}`;
      // `[{{inputs.parameters.x}}]`: an unquoted tag in a flow collection reads as a mapping in a mapping.
      const tag = text.startsWith('{{', bad.offset - 1);
      throw yamlErrorAt(text, file, lines, tag ? bad.offset - 1 : bad.offset, reason, doc.contents, {
        hint: tag
          ? 'quote a {{...}} tag inside [...] or {...}: ["{{inputs.parameters.x}}"]'
          : 'quote the key if it is meant as text, or move the collection into the value',
      });
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: maxAliases });
    } catch (e) {
      // The parser's guard against an alias bomb (aliases of aliases, expanding exponentially).
      if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) throw e;
      throw yamlErrorAt(
        text,
        file,
        lines,
        firstAlias(doc),
        `aliases expand to more than ${maxAliases} nodes`,
        doc.contents,
        {
          hint: "Go's YAML decoder, which Argo uses, limits aliases too; write the values out, or alias less deeply",
          cause: e,
        },
      );
    }
    if (data !== null && data !== undefined) yield { doc, lines, data };
  }
}

/**
 * The data of the first document of `text` that holds any (undefined for none), read as manifests are
 * (YAML 1.1, Go's tags) and with the same errors. For files that are not manifests, such as a parameter
 * file.
 */
export function parseYamlValue(text: string, file: string): unknown {
  for (const { doc, lines, data } of readFull(text, file)) {
    checkNesting(data, new SourceMap(file, { doc, lines }));
    return data;
  }
  return undefined;
}

function loaded(
  file: string,
  index: number,
  object: Record<string, unknown>,
  parsed: ParsedSource | (() => ParsedSource),
): LoadedDocument {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return {
    file,
    index,
    kind: typeof object.kind === 'string' ? object.kind : '',
    apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : '',
    name: str(metadata.name) || str(metadata.generateName),
    namespace: str(metadata.namespace),
    object,
    source: new SourceMap(file, parsed),
  };
}

/**
 * The parser reports an unterminated quoted string where the text ends; the opening quote, found by
 * looking back, is where the user has to look.
 */
function errorSite(text: string, err: YAMLParseError): { offset: number; reason: string } {
  const quote =
    err.code === 'MISSING_CHAR' ? /Missing closing (["'])quote/.exec(err.message)?.[1] : undefined;
  if (quote) {
    const open = text.lastIndexOf(quote, err.pos[0] - 1);
    if (open >= 0) return { offset: open, reason: `unterminated quoted string (no closing ${quote})` };
  }
  // The parser ran out of stack: nesting far deeper than `maxNesting`.
  if (err.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(err.message))
    return { offset: err.pos[0], reason: tooDeepReason };
  return { offset: err.pos[0], reason: err.message.split('\n')[0] ?? err.message };
}

/** The field path of the innermost map entry or list item around `offset` (for errors in broken YAML). */
function pathAt(node: unknown, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let cur = node;
  for (;;) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => {
        const start = (p.key as { range?: number[] } | null)?.range?.[0];
        const end =
          (p.value as { range?: number[] } | null)?.range?.[2] ??
          (p.key as { range?: number[] } | null)?.range?.[2];
        return start !== undefined && end !== undefined && start <= offset && offset <= end;
      });
      if (!pair) return path;
      path.push(String((pair.key as { value?: unknown } | null)?.value ?? pair.key));
      cur = pair.value;
    } else if (isSeq(cur)) {
      const i = cur.items.findIndex((it) => {
        const r = (it as { range?: number[] } | null)?.range;
        return r !== undefined && r[0]! <= offset && offset <= r[2]!;
      });
      if (i < 0) return path;
      path.push(i);
      cur = cur.items[i];
    } else return path;
  }
}

function yamlError(
  text: string,
  file: string,
  lines: LineCounter,
  err: YAMLParseError,
  contents: unknown,
): NuncioError {
  const { offset, reason } = errorSite(text, err);
  return yamlErrorAt(text, file, lines, offset, reason, contents, {
    hint:
      reason === tooDeepReason
        ? tooDeepHint
        : 'check the indentation, quoting and `-` list markers around this line',
    cause: err,
  });
}

function yamlErrorAt(
  text: string,
  file: string,
  lines: LineCounter,
  offset: number,
  reason: string,
  contents: unknown,
  more: { hint: string; cause?: unknown },
): NuncioError {
  const path = formatPathShort(pathAt(contents, offset));
  const { line, col } = lines.linePos(offset);
  const source = text.split(/\r?\n/)[line - 1] ?? '';
  const shown = source.length > 100 ? `${source.slice(0, 100)}…` : source;
  const caret = `${' '.repeat(Math.min(col - 1, 100))}^`;
  return new NuncioError(ErrorCode.InvalidYaml, `invalid YAML: ${reason}\n${shown}\n${caret}`, {
    position: { file, line, column: col },
    ...(path ? { path } : {}),
    ...more,
  });
}

/** How many nodes the aliases of one document may expand to (the `yaml` package's guard). */
const maxAliases = 10_000;

/** Where the first alias (`*name`) of `doc` is written. */
function firstAlias(doc: Document.Parsed): number {
  let offset = doc.contents?.range[0] ?? 0;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? offset;
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * The first mapping key that is itself a mapping or a sequence (`[a, b]: x`, `? {a: 1}`). Go's YAML-to-JSON
 * conversion, which Argo decodes manifests with, rejects such a key; a JavaScript object could only hold
 * it as a string.
 */
function collectionKey(doc: Document.Parsed): { offset: number; kind: string } | undefined {
  let found: { offset: number; kind: string } | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (!isMap(key) && !isSeq(key)) return undefined;
      found = { offset: key.range?.[0] ?? 0, kind: isMap(key) ? 'a mapping' : 'a sequence' };
      return visit.BREAK;
    },
  });
  return found;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
