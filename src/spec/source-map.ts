/**
 * @module spec/source-map
 * Maps a field path of a parsed YAML document back to file:line:column. The document's node tree (from
 * the `yaml` package) is kept and walked on demand; aliases and `<<` merge keys are followed, so a path
 * that exists in the plain object always finds the node it came from. A path that does not exist (for
 * example a defaulted field) resolves to its nearest existing ancestor. The node tree may be built only
 * when a position is first asked for (`yaml-fast.ts` reads a manifest without one).
 */

import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { SourcePosition } from '../errors/index.ts';
import type { FieldPath } from './field-path.ts';

type Range = [number, number, number];

/** A document's node tree and the line index of its text. */
export interface ParsedSource {
  doc: Document.Parsed;
  lines: LineCounter;
}

export class SourceMap {
  readonly file: string;
  #parse: (() => ParsedSource) | undefined;
  #parsed: ParsedSource | undefined;

  /** `parsed` is the node tree, or a function that builds it, called at most once. */
  constructor(file: string, parsed: ParsedSource | (() => ParsedSource)) {
    this.file = file;
    if (typeof parsed === 'function') this.#parse = parsed;
    else this.#parsed = parsed;
  }

  private get doc(): Document.Parsed {
    return this.#source().doc;
  }

  private get lines(): LineCounter {
    return this.#source().lines;
  }

  #source(): ParsedSource {
    if (!this.#parsed) {
      this.#parsed = this.#parse!();
      this.#parse = undefined;
    }
    return this.#parsed;
  }

  /**
   * Where `path` is written. `key` points at the key of a map entry (for "unknown field"), `value` at
   * the value (for "wrong type"). Falls back to the nearest ancestor that exists in the source.
   */
  locate(path: FieldPath, what: 'key' | 'value' = 'value'): SourcePosition {
    let node: unknown = this.doc.contents;
    let offset = this.startOf(node) ?? this.doc.range[0];
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      node = this.deref(node);
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = findPair(node, String(seg), (n) => this.deref(n));
        if (!pair) break;
        const keyStart = this.startOf(pair.key);
        const valueStart = this.startOf(pair.value);
        offset = last && what === 'key' ? (keyStart ?? offset) : (valueStart ?? keyStart ?? offset);
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) break;
        offset = this.startOf(item) ?? offset;
        node = item;
      } else break;
    }
    return this.position(offset);
  }

  /** Position of the first character of the document's contents. */
  start(): SourcePosition {
    return this.position(this.startOf(this.doc.contents) ?? this.doc.range[0]);
  }

  position(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  private deref(node: unknown): unknown {
    let n = node;
    for (let guard = 0; isAlias(n) && guard < 64; guard++) n = n.resolve(this.doc);
    return n;
  }

  private startOf(node: unknown): number | undefined {
    const range = (node as Node | null | undefined)?.range as Range | null | undefined;
    return range ? range[0] : undefined;
  }
}

function findPair(
  map: { items: unknown[] },
  key: string,
  deref: (n: unknown) => unknown,
): { key: unknown; value: unknown } | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && !isMergeKey(item.key) && String(item.key.value) === key)
      return item;
  }
  // `<<: *anchor` merge keys: the field may come from a merged map.
  for (const item of map.items) {
    if (!isPair(item) || !isMergeKey(item.key)) continue;
    const source = deref(item.value);
    const sources = isSeq(source) ? source.items.map(deref) : [source];
    for (const s of sources) {
      if (isMap(s)) {
        const found = findPair(s, key, deref);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The `yaml` package represents a `<<` merge key as a Scalar whose value is a symbol. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.source === '<<'));
}
