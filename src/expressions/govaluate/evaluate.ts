/**
 * @module expressions/govaluate/evaluate
 * Parses govaluate tokens into stages with govaluate's precedence (lowest first: `,` → `?` `:` `??` →
 * `||` → `&&` → comparators → `& | ^` → `<< >>` → `+ -` → `* / %` → `**` → prefix `- ! ~`) and evaluates
 * them without parameters: `&&`/`||`/`??`/`?` short-circuit, `+` concatenates when either side is a
 * string, comparisons work on two numbers or two strings, `==` is deep equality, `=~`/`!~` match Go
 * regexps and `in` looks a value up in a `( , )` list. Type errors use govaluate's messages.
 */
import { goFormatFloat } from '../quote.ts';
import { goRegex } from '../regex.ts';
import { GovaluateError, type GToken } from './lexer.ts';

export type GValue = string | number | boolean | null | GValue[];

type Stage =
  | { type: 'value'; value: GValue }
  | { type: 'accessor'; path: string[] }
  | { type: 'prefix'; op: string; right: Stage }
  | { type: 'binary'; op: string; left: Stage; right: Stage };

const levels: { kinds: string[]; symbols: string[] }[] = [
  { kinds: ['SEPARATOR'], symbols: [','] },
  { kinds: ['TERNARY'], symbols: ['?', ':', '??'] },
  { kinds: ['LOGICALOP'], symbols: ['||'] },
  { kinds: ['LOGICALOP'], symbols: ['&&'] },
  { kinds: ['COMPARATOR'], symbols: ['==', '!=', '>', '>=', '<', '<=', '=~', '!~', 'in'] },
  { kinds: ['MODIFIER'], symbols: ['&', '|', '^'] },
  { kinds: ['MODIFIER'], symbols: ['<<', '>>'] },
  { kinds: ['MODIFIER'], symbols: ['+', '-'] },
  { kinds: ['MODIFIER'], symbols: ['*', '/', '%'] },
  { kinds: ['MODIFIER'], symbols: ['**'] },
];

/** Builds the stage tree; operators of one level associate to the left (govaluate reorders them so). */
export function plan(tokens: GToken[]): Stage {
  let i = 0;
  const peek = (): GToken | undefined => tokens[i];

  const level = (n: number): Stage => {
    if (n >= levels.length) return prefix();
    const { kinds, symbols } = levels[n]!;
    let left = level(n + 1);
    for (;;) {
      const t = peek();
      if (!t || !kinds.includes(t.kind) || typeof t.value !== 'string' || !symbols.includes(t.value)) break;
      i++;
      const right = level(n + 1);
      left = { type: 'binary', op: t.value, left, right };
    }
    return left;
  };

  const prefix = (): Stage => {
    const t = peek();
    if (t?.kind === 'PREFIX') {
      i++;
      return { type: 'prefix', op: String(t.value), right: prefix() };
    }
    return value();
  };

  const value = (): Stage => {
    const t = tokens[i++];
    if (!t) throw new GovaluateError('Unexpected end of expression');
    switch (t.kind) {
      case 'CLAUSE': {
        const inner = peek()?.kind === 'CLAUSE_CLOSE' ? ({ type: 'value', value: null } as Stage) : level(0);
        if (peek()?.kind === 'CLAUSE_CLOSE') i++;
        return inner;
      }
      case 'NUMERIC':
      case 'BOOLEAN':
      case 'STRING':
      case 'VARIABLE':
        return { type: 'value', value: t.value as GValue };
      case 'ACCESSOR':
        return { type: 'accessor', path: t.value as string[] };
      default:
        throw new GovaluateError(`Unable to plan token kind: '${t.kind}', value: '${String(t.value)}'`);
    }
  };

  const root = level(0);
  if (i < tokens.length) throw new GovaluateError(`Unable to plan token kind: '${tokens[i]!.kind}'`);
  return root;
}

function show(v: GValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'number') return goFormatFloat(v);
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  return String(v);
}

const isNum = (v: GValue): v is number => typeof v === 'number';
const isStr = (v: GValue): v is string => typeof v === 'string';
const isBool = (v: GValue): v is boolean => typeof v === 'boolean';

function deepEqual(a: GValue, b: GValue): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  return a === b;
}

function toInt64(n: number): bigint {
  return BigInt.asIntN(64, BigInt(Math.trunc(n)));
}

/** Evaluates a stage tree with no parameters (Argo evaluates `when` with `nil`). */
export function evaluateStage(stage: Stage): GValue {
  switch (stage.type) {
    case 'value':
      return stage.value;
    case 'accessor':
      throw new GovaluateError(`No parameter '${stage.path[0]}' found.`);
    case 'prefix': {
      const r = evaluateStage(stage.right);
      if (stage.op === '!') {
        if (!isBool(r)) throw new GovaluateError(`Value '${show(r)}' cannot be used with the prefix '!'`);
        return !r;
      }
      if (!isNum(r))
        throw new GovaluateError(`Value '${show(r)}' cannot be used with the prefix '${stage.op}'`);
      return stage.op === '-' ? -r : Number(~toInt64(r));
    }
    case 'binary':
      return binary(stage.op, stage.left, stage.right);
  }
}

function binary(op: string, leftStage: Stage, rightStage: Stage): GValue {
  const left = evaluateStage(leftStage);
  // Short circuits, as govaluate's evaluateStage does them.
  if (op === '&&' && left === false) return false;
  if (op === '||' && left === true) return true;
  if (op === '??' && left !== null) return left;
  if (op === '?' && left === false) return null;
  if (op === ':' && left !== null) return left;
  const right = evaluateStage(rightStage);
  const logical = (): never => {
    const bad = isBool(left) ? right : left;
    throw new GovaluateError(
      `Value '${show(bad)}' cannot be used with the logical operator '${op}', it is not a bool`,
    );
  };
  const modifier = (): never => {
    const bad = isNum(left) ? right : left;
    throw new GovaluateError(
      `Value '${show(bad)}' cannot be used with the modifier '${op}', it is not a number`,
    );
  };
  // Comparators check the pair at once and report the left value.
  const comparator = (): never => {
    const bad = left;
    throw new GovaluateError(
      `Value '${show(bad)}' cannot be used with the comparator '${op}', it is not a number`,
    );
  };
  switch (op) {
    case ',':
      return Array.isArray(left) ? [...left, right] : [left, right];
    case '?':
      if (!isBool(left)) {
        throw new GovaluateError(
          `Value '${show(left)}' cannot be used with the ternary operator '?', it is not a bool`,
        );
      }
      return right;
    case ':':
    case '??':
      return right;
    case '&&':
    case '||':
      if (!isBool(left) || !isBool(right)) return logical();
      return op === '&&' ? left && right : left || right;
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case '>':
    case '>=':
    case '<':
    case '<=': {
      if (!((isNum(left) && isNum(right)) || (isStr(left) && isStr(right)))) return comparator();
      const c = isNum(left)
        ? left - (right as number)
        : Buffer.compare(Buffer.from(left as string), Buffer.from(right as string));
      return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
    }
    case '=~':
    case '!~': {
      if (!isStr(left) || !isStr(right)) {
        const bad = isStr(left) ? right : left;
        throw new GovaluateError(
          `Value '${show(bad)}' cannot be used with the comparator '${op}', it is not a number`,
        );
      }
      let re: RegExp;
      try {
        re = goRegex(right);
      } catch (e) {
        throw new GovaluateError(`Unable to compile regexp pattern '${right}': ${(e as Error).message}`);
      }
      const m = re.test(left);
      return op === '=~' ? m : !m;
    }
    case 'in': {
      if (!Array.isArray(right)) {
        throw new GovaluateError(
          `Value '${show(right)}' cannot be used with the comparator 'in', it is not a number`,
        );
      }
      return right.some((x) => !Array.isArray(x) && x === left);
    }
    case '+':
      if (isStr(left) || isStr(right)) return show(left) + show(right);
      if (!isNum(left) || !isNum(right)) {
        throw new GovaluateError(
          `Value '${show(left)}' cannot be used with the modifier '+', it is not a number`,
        );
      }
      return left + right;
    default: {
      if (!isNum(left) || !isNum(right)) return modifier();
      switch (op) {
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return left / right;
        case '%':
          return left % right;
        case '**':
          return left ** right;
        case '&':
          return Number(toInt64(left) & toInt64(right));
        case '|':
          return Number(toInt64(left) | toInt64(right));
        case '^':
          return Number(toInt64(left) ^ toInt64(right));
        case '<<':
          return Number(BigInt.asIntN(64, toInt64(left) << BigInt.asUintN(64, toInt64(right))));
        default:
          return Number(toInt64(left) >> BigInt.asUintN(64, toInt64(right)));
      }
    }
  }
}

export { show as showGValue };
