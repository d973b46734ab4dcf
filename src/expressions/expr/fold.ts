/**
 * @module expressions/expr/fold
 * expr-lang's constant folding, which runs after type-checking and changes behaviour, not just speed:
 * `x or true` is `true` and `x and false` is `false` without evaluating `x` (so an error in `x` never
 * happens), literal arithmetic and literal `==` become literals first, and `1 % 0` between literals is a
 * compile error. Folding is bottom-up, so it reaches a fixed point in one pass.
 */
import type { Node } from './ast.ts';
import { ExpressionSyntaxError } from './errors.ts';
import { wrapInt } from './values.ts';

type Lit = { kind: 'int'; v: bigint } | { kind: 'float'; v: number };

function num(n: Node): Lit | null {
  if (n.type === 'int') return { kind: 'int', v: n.value };
  if (n.type === 'float') return { kind: 'float', v: n.value };
  return null;
}

const bool = (n: Node): boolean | null => (n.type === 'bool' ? n.value : null);

export function fold(n: Node, source: string): Node {
  const f = (x: Node): Node => fold(x, source);
  switch (n.type) {
    case 'unary': {
      const inner = f(n.node);
      if ((n.op === '-' || n.op === '+') && (inner.type === 'int' || inner.type === 'float')) {
        if (n.op === '+') return inner;
        return inner.type === 'int'
          ? { type: 'int', value: wrapInt(-inner.value), pos: n.pos }
          : { type: 'float', value: -inner.value, pos: n.pos };
      }
      const b = bool(inner);
      if ((n.op === '!' || n.op === 'not') && b !== null) return { type: 'bool', value: !b, pos: n.pos };
      return { ...n, node: inner };
    }
    case 'binary': {
      const left = f(n.left);
      const right = f(n.right);
      const out = { ...n, left, right };
      const a = num(left);
      const b = num(right);
      const pos = n.pos;
      switch (n.op) {
        case '+':
        case '-':
        case '*':
          if (a && b) {
            if (a.kind === 'int' && b.kind === 'int') {
              const v = n.op === '+' ? a.v + b.v : n.op === '-' ? a.v - b.v : a.v * b.v;
              return { type: 'int', value: wrapInt(v), pos };
            }
            const x = Number(a.v);
            const y = Number(b.v);
            return { type: 'float', value: n.op === '+' ? x + y : n.op === '-' ? x - y : x * y, pos };
          }
          return out;
        case '/':
          return a && b ? { type: 'float', value: Number(a.v) / Number(b.v), pos } : out;
        case '**':
        case '^':
          return a && b ? { type: 'float', value: Number(a.v) ** Number(b.v), pos } : out;
        case '%':
          if (left.type === 'int' && right.type === 'int') {
            if (right.value === 0n) throw new ExpressionSyntaxError('integer divide by zero', source, n.pos);
            return { type: 'int', value: wrapInt(left.value % right.value), pos };
          }
          return out;
        case 'and':
        case '&&': {
          const x = bool(left);
          const y = bool(right);
          if (x === true) return right;
          if (y === true) return left;
          if (x === false || y === false) return { type: 'bool', value: false, pos };
          return out;
        }
        case 'or':
        case '||': {
          const x = bool(left);
          const y = bool(right);
          if (x === false) return right;
          if (y === false) return left;
          if (x === true || y === true) return { type: 'bool', value: true, pos };
          return out;
        }
        case '==':
          if (left.type === 'int' && right.type === 'int')
            return { type: 'bool', value: left.value === right.value, pos };
          if (left.type === 'string' && right.type === 'string') {
            return { type: 'bool', value: left.value === right.value, pos };
          }
          if (left.type === 'bool' && right.type === 'bool')
            return { type: 'bool', value: left.value === right.value, pos };
          return out;
        default:
          return out;
      }
    }
    case 'member':
      return { ...n, node: f(n.node), property: f(n.property) };
    case 'chain':
    case 'predicate':
      return { ...n, node: f(n.node) };
    case 'slice':
      return { ...n, node: f(n.node), from: n.from && f(n.from), to: n.to && f(n.to) };
    case 'call':
      return { ...n, callee: f(n.callee), args: n.args.map(f) };
    case 'builtin':
      return { ...n, args: n.args.map(f) };
    case 'conditional':
      return { ...n, cond: f(n.cond), whenTrue: f(n.whenTrue), whenFalse: f(n.whenFalse) };
    case 'array':
    case 'sequence':
      return { ...n, nodes: n.nodes.map(f) };
    case 'map':
      return { ...n, pairs: n.pairs.map((p) => ({ key: f(p.key), value: f(p.value) })) };
    case 'let':
      return { ...n, value: f(n.value), body: f(n.body) };
    default:
      return n;
  }
}
