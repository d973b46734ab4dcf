/**
 * @module expressions/expr/ast
 * The syntax tree of expr-lang expressions, shaped like expr-lang's own `ast` package so that rules stated
 * in its terms (identifier and member paths, chains for `?.`, predicates of `map`/`filter`...) carry over.
 * Every node records `pos`, the code-point offset of the token it came from, for error locations.
 */

export type Node =
  | { type: 'nil'; pos: number }
  | { type: 'bool'; value: boolean; pos: number }
  | { type: 'int'; value: bigint; pos: number }
  | { type: 'float'; value: number; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'ident'; name: string; pos: number }
  /** `#`, `#acc`, `#index` or the `.field` shorthand inside a predicate (name ''). */
  | { type: 'pointer'; name: string; pos: number }
  | { type: 'unary'; op: string; node: Node; pos: number }
  /** `eq` is set by the checker when `==`/`!=` compares two statically-int or -string operands. */
  | { type: 'binary'; op: string; left: Node; right: Node; pos: number; eq?: 'int' | 'string' }
  | { type: 'member'; node: Node; property: Node; optional: boolean; method: boolean; pos: number }
  /** Wraps an optional-chaining expression: a nil anywhere inside short-circuits to nil. */
  | { type: 'chain'; node: Node; pos: number }
  | { type: 'slice'; node: Node; from: Node | null; to: Node | null; pos: number }
  | { type: 'call'; callee: Node; args: Node[]; pos: number }
  | { type: 'builtin'; name: string; args: Node[]; pos: number }
  | { type: 'predicate'; node: Node; pos: number }
  | { type: 'conditional'; cond: Node; whenTrue: Node; whenFalse: Node; pos: number }
  | { type: 'array'; nodes: Node[]; pos: number }
  | { type: 'map'; pairs: { key: Node; value: Node }[]; pos: number }
  | { type: 'sequence'; nodes: Node[]; pos: number }
  | { type: 'let'; name: string; value: Node; body: Node; pos: number };

export type NodeOf<T extends Node['type']> = Extract<Node, { type: T }>;

/** Visits every node of a tree, parents before children. */
export function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const child of children(node)) walk(child, visit);
}

function children(n: Node): Node[] {
  switch (n.type) {
    case 'unary':
    case 'chain':
    case 'predicate':
      return [n.node];
    case 'binary':
      return [n.left, n.right];
    case 'member':
      return [n.node, n.property];
    case 'slice':
      return [n.node, ...(n.from ? [n.from] : []), ...(n.to ? [n.to] : [])];
    case 'call':
      return [n.callee, ...n.args];
    case 'builtin':
      return n.args;
    case 'conditional':
      return [n.cond, n.whenTrue, n.whenFalse];
    case 'array':
    case 'sequence':
      return n.nodes;
    case 'map':
      return n.pairs.flatMap((p) => [p.key, p.value]);
    case 'let':
      return [n.value, n.body];
    default:
      return [];
  }
}
