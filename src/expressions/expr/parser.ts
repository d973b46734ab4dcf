/**
 * @module expressions/expr/parser
 * A Pratt parser for expr-lang with the pinned version's precedences (`??` 500, `**`/`^` 100 right-assoc,
 * `* / %` 60, `+ -` 30, `..` 25, comparisons and `in matches contains startsWith endsWith` 20, `and`/`&&`
 * 15, `or`/`||` 10, pipe `|` 0), chained comparisons (`a < b < c` means `a < b && b < c`), `not in`-style
 * negation, ternaries including `a ?: b`, `if {} else {}`, `let x = ...; body`, `;` sequences, member,
 * index, slice and `?.` access, predicates with `#`/`.field`, and the rule that `??` cannot be mixed with
 * other operators without parentheses.
 */
import type { Node } from './ast.ts';
import { ExpressionSyntaxError } from './errors.ts';
import { isValidIdentifier, lex, type Token } from './lexer.ts';

const unary: Record<string, number> = { not: 50, '!': 50, '-': 90, '+': 90 };
const binary: Record<string, { prec: number; right: boolean }> = {
  '|': { prec: 0, right: false },
  or: { prec: 10, right: false },
  '||': { prec: 10, right: false },
  and: { prec: 15, right: false },
  '&&': { prec: 15, right: false },
  '==': { prec: 20, right: false },
  '!=': { prec: 20, right: false },
  '<': { prec: 20, right: false },
  '>': { prec: 20, right: false },
  '>=': { prec: 20, right: false },
  '<=': { prec: 20, right: false },
  in: { prec: 20, right: false },
  matches: { prec: 20, right: false },
  contains: { prec: 20, right: false },
  startsWith: { prec: 20, right: false },
  endsWith: { prec: 20, right: false },
  '..': { prec: 25, right: false },
  '+': { prec: 30, right: false },
  '-': { prec: 30, right: false },
  '*': { prec: 60, right: false },
  '/': { prec: 60, right: false },
  '%': { prec: 60, right: false },
  '**': { prec: 100, right: true },
  '^': { prec: 100, right: true },
  '??': { prec: 500, right: false },
};
const comparisons = new Set(['<', '>', '>=', '<=']);
const negatable = new Set(['contains', 'matches', 'startsWith', 'endsWith', 'in']);

/** Closure-taking builtins and their argument shapes (`p` predicate, `e` expression, `?` optional). */
const predicates: Record<string, string[]> = {
  all: ['e', 'p'],
  none: ['e', 'p'],
  any: ['e', 'p'],
  one: ['e', 'p'],
  filter: ['e', 'p'],
  map: ['e', 'p'],
  count: ['e', 'p?'],
  sum: ['e', 'p?'],
  find: ['e', 'p'],
  findIndex: ['e', 'p'],
  findLast: ['e', 'p'],
  findLastIndex: ['e', 'p'],
  groupBy: ['e', 'p'],
  sortBy: ['e', 'p', 'e?'],
  reduce: ['e', 'p', 'e?'],
};

/** Names parsed as builtin calls (expr-lang's `builtin.Index`), besides the predicates above. */
export const builtinNames = new Set([
  ...Object.keys(predicates),
  'len',
  'type',
  'abs',
  'ceil',
  'floor',
  'round',
  'int',
  'float',
  'string',
  'trim',
  'trimPrefix',
  'trimSuffix',
  'upper',
  'lower',
  'split',
  'splitAfter',
  'replace',
  'repeat',
  'join',
  'indexOf',
  'lastIndexOf',
  'hasPrefix',
  'hasSuffix',
  'max',
  'min',
  'mean',
  'median',
  'toJSON',
  'fromJSON',
  'toBase64',
  'fromBase64',
  'now',
  'duration',
  'date',
  'timezone',
  'first',
  'last',
  'get',
  'take',
  'keys',
  'values',
  'toPairs',
  'fromPairs',
  'reverse',
  'uniq',
  'concat',
  'flatten',
  'sort',
  'bitand',
  'bitor',
  'bitxor',
  'bitnand',
  'bitshl',
  'bitshr',
  'bitushr',
  'bitnot',
]);

const MAX_NODES = 1e4;

function tokenString(t: Token): string {
  return t.value === '' ? t.kind : `${t.kind}(${JSON.stringify(t.value)})`;
}

/** Parses expr-lang source into a tree; throws ExpressionSyntaxError with expr-lang's messages. */
export function parse(source: string): Node {
  const tokens = lex(source);
  let i = 0;
  let depth = 0;
  let nodes = 0;
  let current: Token = tokens[0]!;
  let stashed: Token | null = null;

  const fail = (message: string, at: Token = current): never => {
    throw new ExpressionSyntaxError(message, source, at.from);
  };
  const count = (): void => {
    if (++nodes > MAX_NODES) fail('compilation failed: expression exceeds maximum allowed nodes');
  };
  const next = (): void => {
    if (stashed) {
      current = stashed;
      stashed = null;
      return;
    }
    if (current.kind === 'EOF') fail('unexpected end of expression');
    i++;
    current = tokens[i]!;
  };
  const is = (t: Token, kind: Token['kind'], ...values: string[]): boolean =>
    t.kind === kind && (values.length === 0 || values.includes(t.value));
  const expect = (kind: Token['kind'], ...values: string[]): void => {
    if (is(current, kind, ...values)) next();
    else fail(`unexpected token ${tokenString(current)}`);
  };

  const node = parseSequence();
  if (current.kind !== 'EOF') fail(`unexpected token ${tokenString(current)}`);
  return node;

  function parseSequence(): Node {
    const list = [parseExpression(0)];
    while (is(current, 'Operator', ';')) {
      next();
      if (current.kind === 'EOF') break;
      list.push(parseExpression(0));
    }
    if (list.length === 1) return list[0]!;
    count();
    return { type: 'sequence', nodes: list, pos: list[0]!.pos };
  }

  function parseExpression(precedence: number): Node {
    if (precedence === 0 && is(current, 'Operator', 'let')) return parseLet();
    if (precedence === 0 && is(current, 'Operator', 'if')) return parseIf();
    let left = parsePrimary();
    let prevOperator = '';
    let opToken = current;
    while (opToken.kind === 'Operator') {
      const negate = opToken.value === 'not';
      let notToken: Token | null = null;
      if (negate) {
        const backup = current;
        next();
        if (negatable.has(current.value)) {
          const op = binary[current.value];
          if (op && op.prec >= precedence) {
            notToken = current;
            opToken = current;
          } else {
            stashed = current;
            current = backup;
            break;
          }
        } else {
          fail(`unexpected token ${tokenString(current)}`);
        }
      }
      const op = binary[opToken.value];
      if (!op || op.prec < precedence) break;
      next();
      if (opToken.value === '|') {
        const ident = current;
        expect('Identifier');
        left = parseCall(ident, [left]);
      } else {
        if (prevOperator === '??' && opToken.value !== '??') {
          fail(
            `Operator (${opToken.value}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.`,
            opToken,
          );
        }
        if (comparisons.has(opToken.value)) {
          left = parseComparison(left, opToken, op.prec);
        } else {
          const right = parseExpression(op.right ? op.prec : op.prec + 1);
          count();
          left = { type: 'binary', op: opToken.value, left, right, pos: opToken.from };
          if (negate && notToken) {
            count();
            left = { type: 'unary', op: 'not', node: left, pos: notToken.from };
          }
        }
      }
      prevOperator = opToken.value;
      opToken = current;
    }
    if (precedence === 0) left = parseConditional(left);
    return left;
  }

  function parseLet(): Node {
    expect('Operator', 'let');
    const name = current;
    expect('Identifier');
    expect('Operator', '=');
    const value = parseExpression(0);
    expect('Operator', ';');
    const body = parseSequence();
    count();
    return { type: 'let', name: name.value, value, body, pos: name.from };
  }

  function parseIf(): Node {
    const at = current.from;
    next();
    const cond = parseExpression(0);
    expect('Bracket', '{');
    const a = parseSequence();
    expect('Bracket', '}');
    expect('Operator', 'else');
    let b: Node;
    if (is(current, 'Operator', 'if')) b = parseIf();
    else {
      expect('Bracket', '{');
      b = parseSequence();
      expect('Bracket', '}');
    }
    return { type: 'conditional', cond, whenTrue: a, whenFalse: b, pos: at };
  }

  function parseConditional(node: Node): Node {
    let result = node;
    while (is(current, 'Operator', '?')) {
      next();
      let a: Node;
      let b: Node;
      if (!is(current, 'Operator', ':')) {
        a = parseExpression(0);
        expect('Operator', ':');
        b = parseExpression(0);
      } else {
        next();
        a = result;
        b = parseExpression(0);
      }
      count();
      result = { type: 'conditional', cond: result, whenTrue: a, whenFalse: b, pos: current.from };
    }
    return result;
  }

  function parseComparison(first: Node, firstToken: Token, precedence: number): Node {
    let root: Node | null = null;
    let left = first;
    let token = firstToken;
    for (;;) {
      const right = parseExpression(precedence + 1);
      count();
      const cmp: Node = { type: 'binary', op: token.value, left, right, pos: token.from };
      root = root ? { type: 'binary', op: '&&', left: root, right: cmp, pos: token.from } : cmp;
      left = right;
      token = current;
      if (!(token.kind === 'Operator' && comparisons.has(token.value))) break;
      next();
    }
    return root;
  }

  function parsePrimary(): Node {
    const token = current;
    if (token.kind === 'Operator' && token.value in unary) {
      next();
      const operand = parseExpression(unary[token.value]!);
      count();
      return parsePostfix({ type: 'unary', op: token.value, node: operand, pos: token.from });
    }
    if (is(token, 'Bracket', '(')) {
      next();
      const inner = parseSequence();
      expect('Bracket', ')');
      return parsePostfix(inner);
    }
    if (depth > 0 && (is(token, 'Operator', '#') || is(token, 'Operator', '.'))) {
      let name = '';
      if (token.value === '#') {
        next();
        if (current.kind === 'Identifier') {
          name = current.value;
          next();
        }
      }
      count();
      return parsePostfix({ type: 'pointer', name, pos: token.from });
    }
    if (is(token, 'Operator', '::')) {
      next();
      const ident = current;
      expect('Identifier');
      return parsePostfix(parseCall(ident, []));
    }
    return parseSecondary();
  }

  function parseSecondary(): Node {
    const token = current;
    let node: Node;
    switch (token.kind) {
      case 'Identifier':
        next();
        if (token.value === 'true' || token.value === 'false') {
          count();
          return { type: 'bool', value: token.value === 'true', pos: token.from };
        }
        if (token.value === 'nil') {
          count();
          return { type: 'nil', pos: token.from };
        }
        if (is(current, 'Bracket', '(')) node = parseCall(token, []);
        else {
          count();
          node = { type: 'ident', name: token.value, pos: token.from };
        }
        break;
      case 'Number':
        next();
        count();
        return parseNumber(token);
      case 'String':
        next();
        count();
        node = { type: 'string', value: token.value, pos: token.from };
        break;
      default:
        if (is(token, 'Bracket', '[')) node = parseArray(token);
        else if (is(token, 'Bracket', '{')) node = parseMap(token);
        else return fail(`unexpected token ${tokenString(token)}`);
    }
    return parsePostfix(node);
  }

  function parseNumber(token: Token): Node {
    const value = token.value.replace(/_/g, '');
    const lower = value.toLowerCase();
    const asInt = (text: string, what: string, radix: number): Node => {
      const body = radix === 10 ? text : text.slice(2);
      let n: bigint;
      try {
        n = radix === 10 ? BigInt(body) : BigInt(`0${text[1]!.toLowerCase()}${body}`);
        if (body === '') throw new Error();
      } catch {
        return fail(
          `invalid ${what} literal: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`,
        );
      }
      if (n > 9223372036854775807n) {
        fail(
          `invalid ${what} literal: strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`,
        );
      }
      return { type: 'int', value: n, pos: token.from };
    };
    if (lower.startsWith('0x')) return asInt(value, 'hex', 16);
    if (lower.includes('.') || lower.includes('e')) {
      const f = Number(value);
      if (Number.isNaN(f) || !/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)) {
        fail(`invalid float literal: strconv.ParseFloat: parsing ${JSON.stringify(value)}: invalid syntax`);
      }
      if (!Number.isFinite(f)) {
        fail(
          `invalid float literal: strconv.ParseFloat: parsing ${JSON.stringify(value)}: value out of range`,
        );
      }
      return { type: 'float', value: f, pos: token.from };
    }
    if (lower.startsWith('0b')) return asInt(value, 'binary', 2);
    if (lower.startsWith('0o')) return asInt(value, 'octal', 8);
    return asInt(value, 'integer', 10);
  }

  function parseCall(token: Token, args: Node[]): Node {
    const shape = predicates[token.value];
    if (shape) {
      expect('Bracket', '(');
      const rest = shape.slice(args.length);
      const out = [...args];
      for (let k = 0; k < rest.length; k++) {
        const arg = rest[k]!;
        if (arg.endsWith('?')) {
          if (is(current, 'Bracket', ')')) break;
        } else if (is(current, 'Bracket', ')')) {
          fail(`expected at least ${rest.length} arguments`);
        }
        if (k > 0) expect('Operator', ',');
        out.push(arg.startsWith('p') ? parsePredicate() : parseExpression(0));
      }
      if (is(current, 'Operator', ',')) next();
      expect('Bracket', ')');
      count();
      return { type: 'builtin', name: token.value, args: out, pos: token.from };
    }
    if (builtinNames.has(token.value)) {
      count();
      return { type: 'builtin', name: token.value, args: parseArguments(args), pos: token.from };
    }
    count();
    const callee: Node = { type: 'ident', name: token.value, pos: token.from };
    count();
    return { type: 'call', callee, args: parseArguments(args), pos: token.from };
  }

  function parseArguments(args: Node[]): Node[] {
    const out = [...args];
    const offset = out.length;
    expect('Bracket', '(');
    while (!is(current, 'Bracket', ')')) {
      if (out.length > offset) expect('Operator', ',');
      if (is(current, 'Bracket', ')')) break;
      out.push(parseExpression(0));
    }
    expect('Bracket', ')');
    return out;
  }

  function parsePredicate(): Node {
    const start = current;
    const braces = is(current, 'Bracket', '{');
    if (braces) next();
    depth++;
    let body: Node;
    if (braces) body = parseSequence();
    else {
      body = parseExpression(0);
      if (is(current, 'Operator', ';')) fail('wrap predicate with brackets { and }');
    }
    depth--;
    if (braces) expect('Bracket', '}');
    count();
    return { type: 'predicate', node: body, pos: start.from };
  }

  function parseArray(token: Token): Node {
    const items: Node[] = [];
    expect('Bracket', '[');
    while (!is(current, 'Bracket', ']')) {
      if (items.length > 0) {
        expect('Operator', ',');
        if (is(current, 'Bracket', ']')) break;
      }
      items.push(parseExpression(0));
    }
    expect('Bracket', ']');
    count();
    return { type: 'array', nodes: items, pos: token.from };
  }

  function parseMap(token: Token): Node {
    expect('Bracket', '{');
    const pairs: { key: Node; value: Node }[] = [];
    while (!is(current, 'Bracket', '}')) {
      if (pairs.length > 0) {
        expect('Operator', ',');
        if (is(current, 'Bracket', '}')) break;
        if (is(current, 'Operator', ',')) fail(`unexpected token ${tokenString(current)}`);
      }
      let key: Node;
      if (current.kind === 'Number' || current.kind === 'String' || current.kind === 'Identifier') {
        count();
        key = { type: 'string', value: current.value, pos: current.from };
        next();
      } else if (is(current, 'Bracket', '(')) {
        key = parseExpression(0);
      } else {
        return fail(
          `a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token ${tokenString(current)})`,
        );
      }
      expect('Operator', ':');
      const value = parseExpression(0);
      count();
      pairs.push({ key, value });
    }
    expect('Bracket', '}');
    count();
    return { type: 'map', pairs, pos: token.from };
  }

  function parsePostfix(start: Node): Node {
    let node = start;
    let postfix = current;
    while (postfix.kind === 'Operator' || postfix.kind === 'Bracket') {
      const optional = postfix.value === '?.';
      if (postfix.value === '.' || postfix.value === '?.') {
        next();
        const prop = current;
        if (optional && is(prop, 'Bracket', '[')) {
          node = parseIndex(node, prop, true);
          postfix = current;
          continue;
        }
        next();
        if (prop.kind !== 'Identifier' && (prop.kind !== 'Operator' || !isValidIdentifier(prop.value))) {
          fail('expected name');
        }
        count();
        const property: Node = { type: 'string', value: prop.value, pos: prop.from };
        const isChain = node.type === 'chain';
        const base = node.type === 'chain' ? node.node : node;
        count();
        const member: Node = {
          type: 'member',
          node: base,
          property,
          optional,
          method: false,
          pos: prop.from,
        };
        if (is(current, 'Bracket', '(')) {
          member.method = true;
          count();
          node = { type: 'call', callee: member, args: parseArguments([]), pos: prop.from };
        } else node = member;
        if (isChain || optional) {
          count();
          node = { type: 'chain', node, pos: prop.from };
        }
      } else if (postfix.value === '[') {
        node = parseIndex(node, postfix, false);
      } else break;
      postfix = current;
    }
    return node;
  }

  function parseIndex(node: Node, bracket: Token, optional: boolean): Node {
    next();
    if (is(current, 'Operator', ':')) {
      next();
      let to: Node | null = null;
      if (!is(current, 'Bracket', ']')) to = parseExpression(0);
      count();
      expect('Bracket', ']');
      return { type: 'slice', node, from: null, to, pos: bracket.from };
    }
    const from = parseExpression(0);
    if (is(current, 'Operator', ':')) {
      next();
      let to: Node | null = null;
      if (!is(current, 'Bracket', ']')) to = parseExpression(0);
      count();
      expect('Bracket', ']');
      return { type: 'slice', node, from, to, pos: bracket.from };
    }
    count();
    let out: Node = { type: 'member', node, property: from, optional, method: false, pos: bracket.from };
    if (optional) {
      count();
      out = { type: 'chain', node: out, pos: bracket.from };
    }
    expect('Bracket', ']');
    return out;
  }
}
