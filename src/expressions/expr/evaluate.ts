/**
 * @module expressions/expr/evaluate
 * Compiles (type-checks) and runs an expr-lang tree against an env, the way `expr.Compile(src,
 * expr.Env(env))` + `expr.Run` do: unknown names and statically-known type mistakes fail at compile
 * time; everything else is decided at run time with expr-lang's runtime rules (see `runtime.ts`).
 * Closures (`map`, `filter`, `all`...) bind `#`, `#index` and `#acc`; `?.` chains and `??` short-circuit
 * on nil; `&&`/`||` short-circuit.
 */
import { goRegex, RegexError } from '../regex.ts';
import type { Node, NodeOf } from './ast.ts';
import { BuiltinCheckError, builtins } from './builtins.ts';
import { ExpressionRuntimeError, ExpressionSyntaxError, Panic } from './errors.ts';
import { fold } from './fold.ts';
import { boundMethod, methodType } from './methods.ts';
import { parse } from './parser.ts';
import {
  arithmetic,
  assertBool,
  assertString,
  equal,
  fetch,
  inOp,
  isNil,
  less,
  lessOrEqual,
  makeRange,
  more,
  moreOrEqual,
  negate,
  slice,
} from './runtime.ts';
import {
  assignable,
  comparable,
  isNumber,
  isUnknown,
  maybeCompatible,
  T,
  type Type,
  typeName,
  typeOfValue,
} from './types.ts';
import { GoFunc, goTypeName, isMap, newAnyKeyedMap, newMap, type ParamKind, type Value } from './values.ts';

export type Env = Record<string, Value>;

/** Parses and type-checks `source` against `env`; throws ExpressionSyntaxError. */
export function compile(source: string, env: Env): Node {
  const tree = parse(source);
  new Checker(source, env).check(tree, []);
  return fold(tree, source);
}

/** Compiles and runs `source`; throws ExpressionSyntaxError or ExpressionRuntimeError. */
export function run(source: string, env: Env): Value {
  const tree = compile(source, env);
  return new Runner(source, env).eval(tree, { vars: [], pointer: undefined });
}

interface Scope {
  name: string;
  type: Type;
}

class Checker {
  readonly source: string;
  readonly env: Env;
  constructor(source: string, env: Env) {
    this.source = source;
    this.env = env;
  }

  fail(message: string, at: Node): never {
    throw new ExpressionSyntaxError(message, this.source, at.pos);
  }

  check(n: Node, scopes: Scope[], pointer: Type = T.unknown): Type {
    const c = (x: Node, s: Scope[] = scopes): Type => this.check(x, s, pointer);
    switch (n.type) {
      case 'nil':
        return T.nil;
      case 'bool':
        return T.bool;
      case 'int':
        return T.int;
      case 'float':
        return T.float;
      case 'string':
        return T.string;
      case 'ident': {
        for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i]!.name === n.name) return scopes[i]!.type;
        if (Object.hasOwn(this.env, n.name)) return typeOfValue(this.env[n.name]!);
        if (n.name === '$env') return T.unknown;
        return this.fail(`unknown name ${n.name}`, n);
      }
      case 'pointer':
        if (n.name === 'index') return T.int;
        if (n.name === 'acc') return T.unknown;
        return pointer;
      case 'unary': {
        const t = c(n.node);
        if (n.op === '!' || n.op === 'not') {
          if (t.kind === 'bool' || isUnknown(t)) return T.bool;
        } else if (isNumber(t) || isUnknown(t)) return t;
        return this.fail(`invalid operation: ${n.op} (mismatched type ${typeName(t)})`, n);
      }
      case 'binary':
        return this.binary(n, c(n.left), c(n.right));
      case 'chain':
        return c(n.node);
      case 'member':
        return this.member(n, c(n.node), c(n.property));
      case 'slice': {
        const t = c(n.node);
        for (const idx of [n.from, n.to]) {
          if (!idx) continue;
          const it = c(idx);
          if (it.kind !== 'int' && !isUnknown(it)) this.fail(`non-integer slice index ${typeName(it)}`, idx);
        }
        if (isUnknown(t)) return T.unknown;
        if (!['string', 'array'].includes(t.kind)) this.fail(`cannot slice ${typeName(t)}`, n);
        return t;
      }
      case 'call':
        return this.call(n, scopes, pointer);
      case 'builtin':
        return this.builtin(n, scopes, pointer);
      case 'predicate':
        return c(n.node);
      case 'conditional': {
        const cond = c(n.cond);
        if (cond.kind !== 'bool' && !isUnknown(cond)) {
          this.fail(`non-bool expression (type ${typeName(cond)}) used as condition`, n.cond);
        }
        const a = c(n.whenTrue);
        const b = c(n.whenFalse);
        if (a.kind === 'nil' && b.kind !== 'nil') return b;
        if (a.kind !== 'nil' && b.kind === 'nil') return a;
        if (a.kind === 'nil') return T.nil;
        if (assignable(a, b)) return a;
        return T.unknown;
      }
      case 'array': {
        const types = n.nodes.map((x) => c(x));
        const first = types[0];
        const elem =
          first && types.every((t) => t.kind === first.kind) ? types[types.length - 1]! : T.unknown;
        return { kind: 'array', elem, literal: true };
      }
      case 'map':
        for (const p of n.pairs) {
          c(p.key);
          c(p.value);
        }
        return T.map;
      case 'sequence': {
        let t: Type = T.unknown;
        for (const x of n.nodes) t = c(x);
        return t;
      }
      case 'let': {
        if (Object.hasOwn(this.env, n.name)) this.fail(`cannot redeclare ${n.name}`, n);
        if (builtins[n.name] || n.name in predicateResult) this.fail(`cannot redeclare builtin ${n.name}`, n);
        if (scopes.some((x) => x.name === n.name)) this.fail(`cannot redeclare variable ${n.name}`, n);
        const vt = c(n.value);
        return this.check(n.body, [...scopes, { name: n.name, type: vt }], pointer);
      }
    }
  }

  binary(n: NodeOf<'binary'>, l: Type, r: Type): Type {
    const mismatch = (): never =>
      this.fail(`invalid operation: ${n.op} (mismatched types ${typeName(l)} and ${typeName(r)})`, n);
    switch (n.op) {
      case '==':
      case '!=':
        // expr-lang compiles these to OpEqualInt / OpEqualString, which assert the operand types at run time.
        if (l.kind === r.kind && (l.kind === 'int' || l.kind === 'string')) n.eq = l.kind;
        return comparable(l, r) ? T.bool : mismatch();
      case 'or':
      case '||':
      case 'and':
      case '&&':
        if ((l.kind === 'bool' && r.kind === 'bool') || maybeCompatible(l, r, ['bool'])) return T.bool;
        return mismatch();
      case '<':
      case '>':
      case '<=':
      case '>=':
        if (
          (isNumber(l) && isNumber(r)) ||
          (l.kind === r.kind && ['string', 'time', 'duration'].includes(l.kind))
        ) {
          return T.bool;
        }
        return maybeCompatible(l, r, ['int', 'float', 'string', 'time', 'duration']) ? T.bool : mismatch();
      case '-':
        if (isNumber(l) && isNumber(r)) return promote(l, r);
        if (l.kind === 'time' && r.kind === 'time') return T.duration;
        if (l.kind === 'time' && r.kind === 'duration') return T.time;
        if (l.kind === 'duration' && r.kind === 'duration') return T.duration;
        return maybeCompatible(l, r, ['int', 'float', 'time', 'duration']) ? T.unknown : mismatch();
      case '*':
        if (isNumber(l) && isNumber(r)) return promote(l, r);
        if ((isNumber(l) || l.kind === 'duration') && (isNumber(r) || r.kind === 'duration'))
          return T.duration;
        return maybeCompatible(l, r, ['int', 'float', 'duration']) ? T.unknown : mismatch();
      case '/':
      case '**':
      case '^':
        if ((isNumber(l) && isNumber(r)) || maybeCompatible(l, r, ['int', 'float'])) return T.float;
        return mismatch();
      case '%':
        if ((l.kind === 'int' && r.kind === 'int') || maybeCompatible(l, r, ['int'])) return T.int;
        return mismatch();
      case '+':
        if (isNumber(l) && isNumber(r)) return promote(l, r);
        if (l.kind === 'string' && r.kind === 'string') return T.string;
        if ((l.kind === 'time' && r.kind === 'duration') || (l.kind === 'duration' && r.kind === 'time'))
          return T.time;
        if (l.kind === 'duration' && r.kind === 'duration') return T.duration;
        return maybeCompatible(l, r, ['int', 'float', 'string', 'time', 'duration']) ? T.unknown : mismatch();
      case 'in':
        if (r.kind === 'map') {
          if (!isUnknown(l) && l.kind !== 'string' && l.kind !== 'nil') {
            this.fail(`cannot use ${typeName(l)} as type string in map key`, n);
          }
          return T.bool;
        }
        if (r.kind === 'array') {
          const elem = r.elem ?? T.unknown;
          if (!comparable(l, elem))
            this.fail(`cannot use ${typeName(l)} as type ${typeName(elem)} in array`, n);
          return T.bool;
        }
        if (isUnknown(l) && ['string', 'array', 'map'].includes(r.kind)) return T.bool;
        if (isUnknown(r)) return T.bool;
        return mismatch();
      case 'matches':
        if (n.right.type === 'string') {
          try {
            goRegex(n.right.value);
          } catch (e) {
            this.fail((e as Error).message, n);
          }
        }
        if ((l.kind === 'string' && r.kind === 'string') || maybeCompatible(l, r, ['string'])) return T.bool;
        return mismatch();
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        if ((l.kind === 'string' && r.kind === 'string') || maybeCompatible(l, r, ['string'])) return T.bool;
        return mismatch();
      case '..':
        if ((l.kind === 'int' && r.kind === 'int') || maybeCompatible(l, r, ['int'])) return T.array(T.int);
        return mismatch();
      case '??':
        if (l.kind === 'nil' && r.kind !== 'nil') return r;
        if (l.kind !== 'nil' && r.kind === 'nil') return l;
        if (l.kind === 'nil') return T.nil;
        return assignable(r, l) ? l : T.unknown;
      default:
        return this.fail(`unknown operator (${n.op})`, n);
    }
  }

  member(n: NodeOf<'member'>, base: Type, prop: Type): Type {
    if (isUnknown(base)) return T.unknown;
    const name = n.property.type === 'string' ? n.property.value : null;
    if (name !== null && base.kind === 'nil') return this.fail(`type nil has no field ${name}`, n);
    if (base.kind === 'map') {
      if (!isUnknown(prop) && prop.kind !== 'string' && prop.kind !== 'nil') {
        this.fail(`cannot use ${typeName(prop)} to get an element from ${typeName(base)}`, n.property);
      }
      return T.unknown;
    }
    if (base.kind === 'array') {
      if (prop.kind !== 'int' && !isUnknown(prop)) {
        this.fail(`array elements can only be selected using an integer (got ${typeName(prop)})`, n.property);
      }
      return base.elem ?? T.unknown;
    }
    if (name !== null) {
      const method = methodType(base.kind, name);
      if (method) return method;
      return this.fail(`type ${typeName(base)} has no ${n.method ? 'method' : 'field'} ${name}`, n);
    }
    return this.fail(`type ${typeName(base)}[${typeName(prop)}] is undefined`, n);
  }

  call(n: NodeOf<'call'>, scopes: Scope[], pointer: Type): Type {
    const callee = this.check(n.callee, scopes, pointer);
    // expr-lang does not look at the arguments of a call whose callee has no static type.
    if (isUnknown(callee)) return T.unknown;
    const name = n.callee.type === 'ident' ? n.callee.name : '';
    if (callee.kind === 'nil')
      return this.fail(`${name || 'function'} is nil; cannot call nil as function`, n);
    if (callee.kind !== 'func') return this.fail(`${typeName(callee)} is not callable`, n);
    const args = n.args.map((a) => this.check(a, scopes, pointer));
    const fn = n.callee.type === 'ident' ? this.env[n.callee.name] : undefined;
    if (fn instanceof GoFunc) {
      if (args.length < fn.params.length) this.fail(`not enough arguments to call ${name}`, n);
      if (!fn.variadic && args.length > fn.params.length) this.fail(`too many arguments to call ${name}`, n);
      args.forEach((t, i) => {
        const want = fn.params[i] ?? fn.variadic;
        if (want === 'string' && !isUnknown(t) && t.kind !== 'string') {
          this.fail(`cannot use ${typeName(t)} as argument (type string) to call ${name} `, n.args[i]!);
        }
      });
    }
    return callee.returns ?? T.unknown;
  }

  builtin(n: NodeOf<'builtin'>, scopes: Scope[], pointer: Type): Type {
    const shapeCheck = predicateResult[n.name];
    if (shapeCheck) {
      const coll = this.check(n.args[0]!, scopes, pointer);
      if (!isUnknown(coll) && coll.kind !== 'array') {
        this.fail(`builtin ${n.name} takes only array (got ${typeName(coll)})`, n.args[0]!);
      }
      const elem = coll.elem ?? T.unknown;
      let predType: Type = T.unknown;
      if (n.args[1]) {
        predType = this.check(n.args[1], scopes, elem);
        if (boolPredicates.has(n.name) && !isUnknown(predType) && predType.kind !== 'bool') {
          this.fail(`predicate should return boolean (got ${typeName(predType)})`, n.args[1]);
        }
      }
      for (const extra of n.args.slice(2)) this.check(extra, scopes, pointer);
      return shapeCheck(elem, predType);
    }
    const fn = builtins[n.name]!;
    const args = n.args.map((a) => this.check(a, scopes, pointer));
    try {
      return fn.check(args);
    } catch (e) {
      if (e instanceof BuiltinCheckError) return this.fail(e.message, e.arg >= 0 ? n.args[e.arg]! : n);
      throw e;
    }
  }
}

function typedEqual(eq: 'int' | 'string' | undefined, l: Value, r: Value): boolean {
  if (eq) {
    const want = eq === 'int' ? 'bigint' : 'string';
    for (const v of [l, r]) {
      if (typeof v !== want) {
        throw new Panic(
          `interface conversion: interface {} is ${v === null ? 'nil' : goTypeName(v)}, not ${eq}`,
        );
      }
    }
  }
  return equal(l, r);
}

function isStringSet(n: Node): boolean {
  return n.type === 'array' && n.nodes.length > 0 && n.nodes.every((x) => x.type === 'string');
}

function promote(l: Type, r: Type): Type {
  return l.kind === 'float' || r.kind === 'float' ? T.float : T.int;
}

const boolPredicates = new Set([
  'all',
  'none',
  'any',
  'one',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);
const predicateResult: Record<string, (elem: Type, pred: Type) => Type> = {
  all: () => T.bool,
  none: () => T.bool,
  any: () => T.bool,
  one: () => T.bool,
  filter: (elem) => T.array(elem),
  map: (_, pred) => T.array(pred),
  count: () => T.int,
  sum: (elem, pred) => (pred.kind === 'unknown' ? elem : T.unknown),
  find: (elem) => elem,
  findLast: (elem) => elem,
  findIndex: () => T.int,
  findLastIndex: () => T.int,
  groupBy: () => T.map,
  sortBy: (elem) => T.array(elem),
  reduce: () => T.unknown,
};

interface Frame {
  vars: { name: string; value: Value }[];
  pointer: { item: Value; index: number; acc?: Value } | undefined;
}

/** Raised inside a `?.` chain when a link is nil; the enclosing chain node turns it into nil. */
class ChainNil extends Error {}

class Runner {
  readonly source: string;
  readonly env: Env;
  constructor(source: string, env: Env) {
    this.source = source;
    this.env = env;
  }

  eval(n: Node, f: Frame): Value {
    try {
      return this.evalNode(n, f);
    } catch (e) {
      if (e instanceof Panic) throw new ExpressionRuntimeError(e.message, this.source, n.pos);
      throw e;
    }
  }

  /** Runs `fn` and reports a Panic at node `n`. */
  at<R>(n: Node, fn: () => R): R {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Panic) throw new ExpressionRuntimeError(e.message, this.source, n.pos);
      if (e instanceof RegexError) throw new ExpressionRuntimeError(e.message, this.source, n.pos);
      throw e;
    }
  }

  evalNode(n: Node, f: Frame): Value {
    const ev = (x: Node): Value => this.eval(x, f);
    switch (n.type) {
      case 'nil':
        return null;
      case 'bool':
      case 'int':
      case 'float':
      case 'string':
        return n.value;
      case 'ident': {
        for (let i = f.vars.length - 1; i >= 0; i--) if (f.vars[i]!.name === n.name) return f.vars[i]!.value;
        if (n.name === '$env') return this.env as Value;
        return Object.hasOwn(this.env, n.name) ? this.env[n.name]! : null;
      }
      case 'pointer': {
        const p = f.pointer;
        if (!p) return null;
        if (n.name === 'index') return BigInt(p.index);
        if (n.name === 'acc') return p.acc ?? null;
        return p.item;
      }
      case 'unary': {
        const v = ev(n.node);
        if (n.op === '!' || n.op === 'not') return !this.at(n, () => assertBool(v));
        if (n.op === '-') return this.at(n, () => negate(v));
        return v;
      }
      case 'binary':
        return this.binary(n, f);
      case 'chain':
        try {
          return ev(n.node);
        } catch (e) {
          if (e instanceof ChainNil) return null;
          throw e;
        }
      case 'member': {
        const base = ev(n.node);
        if (n.optional && isNil(base)) throw new ChainNil();
        const prop = ev(n.property);
        if (typeof prop === 'string') {
          const method = boundMethod(base, prop);
          if (method) return method;
        }
        return this.at(n, () => fetch(base, prop));
      }
      case 'slice': {
        const base = ev(n.node);
        const from = n.from ? ev(n.from) : 0n;
        const to = n.to ? ev(n.to) : null;
        return this.at(n, () => {
          const length = Array.isArray(base)
            ? base.length
            : typeof base === 'string'
              ? Buffer.byteLength(base)
              : 0;
          return slice(base, from, to === null ? BigInt(length) : to);
        });
      }
      case 'call':
        return this.call(n, f);
      case 'builtin':
        return this.builtin(n, f);
      case 'predicate':
        return ev(n.node);
      case 'conditional': {
        const cond = ev(n.cond);
        return this.at(n.cond, () => assertBool(cond)) ? ev(n.whenTrue) : ev(n.whenFalse);
      }
      case 'array':
        return n.nodes.map(ev);
      case 'map': {
        const out = newMap();
        for (const p of n.pairs) {
          const k = ev(p.key);
          const v = ev(p.value);
          if (typeof k !== 'string') {
            throw new ExpressionRuntimeError(
              `reflect.Value.SetMapIndex: value of type ${goTypeName(k)} is not assignable to type string`,
              this.source,
              n.pos,
            );
          }
          out[k] = v;
        }
        return out;
      }
      case 'sequence': {
        let v: Value = null;
        for (const x of n.nodes) v = ev(x);
        return v;
      }
      case 'let': {
        const value = ev(n.value);
        return this.eval(n.body, { ...f, vars: [...f.vars, { name: n.name, value }] });
      }
    }
  }

  binary(n: NodeOf<'binary'>, f: Frame): Value {
    const ev = (x: Node): Value => this.eval(x, f);
    switch (n.op) {
      case 'and':
      case '&&': {
        const l = ev(n.left);
        if (!this.at(n, () => assertBool(l))) return false;
        return ev(n.right);
      }
      case 'or':
      case '||': {
        const l = ev(n.left);
        if (this.at(n, () => assertBool(l))) return true;
        return ev(n.right);
      }
      case '??': {
        let l: Value;
        try {
          l = ev(n.left);
        } catch (e) {
          if (e instanceof ChainNil) l = null;
          else throw e;
        }
        return isNil(l) ? ev(n.right) : l;
      }
    }
    const l = ev(n.left);
    const r = ev(n.right);
    return this.at(n, (): Value => {
      switch (n.op) {
        case '==':
          return typedEqual(n.eq, l, r);
        case '!=':
          return !typedEqual(n.eq, l, r);
        case '<':
          return less(l, r);
        case '>':
          return more(l, r);
        case '<=':
          return lessOrEqual(l, r);
        case '>=':
          return moreOrEqual(l, r);
        case 'in':
          if (isStringSet(n.right)) {
            // expr-lang's optimizer turns `x in ['a', 'b']` into a lookup in a map[string]struct{}.
            if (l === null) return (r as Value[]).includes('');
            if (typeof l !== 'string') {
              throw new Panic(
                `reflect.Value.MapIndex: value of type ${goTypeName(l)} is not assignable to type string`,
              );
            }
          }
          return inOp(l, r);
        case '..':
          return makeRange(l, r);
        case 'matches':
          if (isNil(l) || isNil(r)) return false;
          return goRegex(assertString(r)).test(assertString(l));
        case 'contains':
          if (isNil(l) || isNil(r)) return false;
          return assertString(l).includes(assertString(r));
        case 'startsWith':
          if (isNil(l) || isNil(r)) return false;
          return assertString(l).startsWith(assertString(r));
        case 'endsWith':
          if (isNil(l) || isNil(r)) return false;
          return assertString(l).endsWith(assertString(r));
        default:
          return arithmetic(n.op, l, r);
      }
    });
  }

  call(n: NodeOf<'call'>, f: Frame): Value {
    const callee = this.eval(n.callee, f);
    const args = n.args.map((a) => this.eval(a, f));
    return this.at(n.callee.type === 'member' ? n.callee.property : n, () => callGoFunc(callee, args));
  }

  builtin(n: NodeOf<'builtin'>, f: Frame): Value {
    if (n.name in predicateResult) return this.predicate(n, f);
    const args = n.args.map((a) => this.eval(a, f));
    return this.at(n, () => builtins[n.name]!.run(args));
  }

  predicate(n: NodeOf<'builtin'>, f: Frame): Value {
    const coll = this.eval(n.args[0]!, f);
    const list = this.at(n, () => {
      // A string is iterated byte by byte, as Go ranges over reflect.Value.Index of a string.
      if (typeof coll === 'string') return [...Buffer.from(coll, 'utf8')].map((b) => BigInt(b));
      if (!Array.isArray(coll)) throw new Panic(`cannot iterate over ${goTypeName(coll)}`);
      return coll;
    });
    const pred = n.args[1];
    const apply = (item: Value, index: number, acc?: Value): Value =>
      pred ? this.eval(pred, { vars: f.vars, pointer: { item, index, acc } }) : item;
    const test = (item: Value, index: number): boolean => {
      const v = apply(item, index);
      return this.at(pred ?? n, () => assertBool(v));
    };
    switch (n.name) {
      case 'all':
        return list.every(test);
      case 'none':
        return !list.some(test);
      case 'any':
        return list.some(test);
      case 'one':
        return list.filter(test).length === 1;
      case 'filter':
        return list.filter(test);
      case 'map':
        return list.map((x, i) => apply(x, i));
      case 'count':
        return BigInt(list.filter(test).length);
      case 'sum': {
        let acc: Value = 0n;
        list.forEach((x, i) => {
          const v = apply(x, i);
          acc = this.at(n, () => arithmetic('+', acc, v));
        });
        return acc;
      }
      case 'find':
        return list.find(test) ?? null;
      case 'findIndex': {
        // expr-lang yields nil, not -1, when nothing matches.
        const i = list.findIndex(test);
        return i < 0 ? null : BigInt(i);
      }
      case 'findLast': {
        for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!, i)) return list[i]!;
        return null;
      }
      case 'findLastIndex': {
        for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!, i)) return BigInt(i);
        return null;
      }
      case 'groupBy': {
        const out = newAnyKeyedMap();
        list.forEach((x, i) => {
          const key = apply(x, i);
          const k = typeof key === 'string' ? key : String(key);
          const bucket = (out[k] as Value[] | undefined) ?? [];
          bucket.push(x);
          out[k] = bucket;
        });
        return out;
      }
      case 'sortBy': {
        const order = n.args[2] ? this.eval(n.args[2], f) : 'asc';
        const keyed = list.map((x, i) => ({ x, k: apply(x, i) }));
        keyed.sort((a, b) => this.at(n, () => (less(a.k, b.k) ? -1 : less(b.k, a.k) ? 1 : 0)));
        if (order === 'desc') keyed.reverse();
        return keyed.map((e) => e.x);
      }
      case 'reduce': {
        let acc: Value;
        let start = 0;
        if (n.args[2]) acc = this.eval(n.args[2], f);
        else {
          if (list.length === 0) {
            throw new ExpressionRuntimeError(
              'reduce of empty array with no initial value',
              this.source,
              n.pos,
            );
          }
          acc = list[0]!;
          start = 1;
        }
        for (let i = start; i < list.length; i++) acc = apply(list[i]!, i, acc);
        return acc;
      }
    }
    return null;
  }
}

function paramName(p: ParamKind): string {
  switch (p) {
    case 'strings':
      return '[]string';
    case 'list':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'any':
      return 'interface {}';
    default:
      return p;
  }
}

/** Converts one argument the way reflect.Call would, or panics like it. */
function convertArg(v: Value, want: ParamKind): Value {
  if (v === null) {
    switch (want) {
      case 'string':
        return '';
      case 'int':
      case 'int64':
        return 0n;
      case 'float64':
        return 0;
      case 'bool':
        return false;
      default:
        return null;
    }
  }
  const ok =
    want === 'any' ||
    (want === 'string' && typeof v === 'string') ||
    (want === 'int' && typeof v === 'bigint') ||
    (want === 'float64' && typeof v === 'number') ||
    (want === 'bool' && typeof v === 'boolean') ||
    (want === 'list' && Array.isArray(v)) ||
    (want === 'strings' && Array.isArray(v) && v.every((x) => typeof x === 'string')) ||
    (want === 'map' && isMap(v));
  if (!ok) throw new Panic(`reflect: Call using ${goTypeName(v)} as type ${paramName(want)}`);
  return v;
}

/** expr-lang's OpCall on a function value from the env. */
export function callGoFunc(callee: Value, args: Value[]): Value {
  if (callee === null) throw new Panic('invalid operation: cannot call nil');
  if (!(callee instanceof GoFunc)) {
    throw new Panic(`invalid operation: cannot call non-function of type ${goTypeName(callee)}`);
  }
  const n = callee.params.length;
  if (callee.variadic) {
    if (args.length < n)
      throw new Panic(`invalid number of arguments: expected at least ${n}, got ${args.length}`);
  } else if (args.length !== n) {
    throw new Panic(`invalid number of arguments: expected ${n}, got ${args.length}`);
  }
  const converted = args.map((a, i) => convertArg(a, callee.params[i] ?? callee.variadic!));
  return callee.impl(...converted);
}
