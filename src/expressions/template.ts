/**
 * @module expressions/template
 * `{{...}}` substitution, Argo's way (util/template): the value is serialised to JSON, every tag in the JSON
 * text is replaced (fasttemplate: from `{{` to the next `}}`, no nesting), and the text is parsed back.
 * Simple tags are looked up by their trimmed name and spliced in Go-`strconv.Quote`-escaped; expression
 * tags (`{{=expr}}`) are JSON-unescaped, evaluated with expr-lang and spliced as their JSON rendering.
 *
 * Lenient passes leave unresolvable tags verbatim for a later pass. Strict passes fail on a simple tag
 * under a strict prefix that cannot be resolved, and on an expression that references a missing variable
 * under a strict prefix. Independently of the pass, an expression whose variables are all present must
 * evaluate (its errors are reported), and late-bound variables (`item`, `retries`, `lastRetry.*`,
 * `workflow.status`, `workflow.failures`) that are missing keep an expression for later.
 */
import { ExpressionError } from '../errors/index.ts';
import { scanTags, type Tag } from '../spec/tags.ts';
import { buildExprEnv, hasVarInEnv } from './env.ts';
import { walk } from './expr/ast.ts';
import type { Env } from './expr/evaluate.ts';
import { compile, run } from './expr/evaluate.ts';
import { lex } from './expr/lexer.ts';
import { parse } from './expr/parser.ts';
import type { Value } from './expr/values.ts';
import { goJsonMarshal, goQuoteInner } from './quote.ts';
import { lookup, type Scope } from './scope.ts';

export interface SubstituteOptions {
  /**
   * Strict pass: a simple tag under a strict prefix that cannot be resolved throws
   * `failed to resolve {{x}}`; an expression referencing a missing variable under a strict prefix throws
   * `failed to evaluate expression: x is missing`. Lenient pass (default): such tags stay verbatim.
   */
  strict?: boolean;
  /**
   * The strict prefixes (Argo's `ReplaceStrict`), e.g. `['item']` or `['steps', 'tasks']`: a name is
   * strict when it is a prefix or starts with `prefix.`. Without it a strict pass is strict for every
   * name (Argo's `Replace(..., false)`). With it, unresolved `.outputs.artifacts.` references are
   * tolerated (optional artifacts are resolved later).
   */
  strictPrefixes?: string[];
}

const lateBound = [
  'item',
  'retries',
  'lastRetry.exitCode',
  'lastRetry.status',
  'lastRetry.duration',
  'lastRetry.message',
  'workflow.status',
  'workflow.failures',
];

const placeholderPrefix = '__argo__internal__placeholder';

interface Pass {
  scope: Scope;
  strict: (name: string) => boolean;
  allowUnresolvedArtifacts: boolean;
  env: Env | undefined;
  placeholders: boolean | undefined;
}

function makePass(scope: Scope, opts: SubstituteOptions | undefined): Pass {
  let strict: (name: string) => boolean = () => false;
  if (opts?.strict) {
    const prefixes = opts.strictPrefixes;
    strict = prefixes ? (name) => prefixes.some((p) => name === p || name.startsWith(`${p}.`)) : () => true;
  }
  return {
    scope,
    strict,
    allowUnresolvedArtifacts: opts?.strictPrefixes !== undefined,
    env: undefined,
    placeholders: undefined,
  };
}

/** Go's `%q` of a string. */
function goQ(s: string): string {
  return `"${goQuoteInner(s)}"`;
}

/** Replaces every tag of a JSON text; throws ExpressionError. */
export function replaceJsonText(text: string, pass: Pass): string {
  const tags = scanTags(text);
  const lastEnd = tags.length ? tags[tags.length - 1]!.end : 0;
  const unclosed = text.indexOf('{{', lastEnd);
  if (unclosed >= 0) {
    throw new ExpressionError(
      `Cannot find end tag="}}" in the template=${goQ(text)} starting from ${goQ(text.slice(unclosed + 2))}`,
      { hint: 'a "{{" without a closing "}}" cannot be substituted; remove it or close the tag' },
    );
  }
  let out = '';
  let from = 0;
  for (const tag of tags) {
    out += text.slice(from, tag.start);
    out += tag.kind === 'expression' ? replaceExpression(tag, pass) : replaceSimple(tag, pass);
    from = tag.end;
  }
  return out + text.slice(from);
}

function replaceSimple(tag: Tag, pass: Pass): string {
  const raw = tag.inner;
  const value = lookup(pass.scope, goTrimSpace(raw));
  if (value === undefined) {
    const index = raw.lastIndexOf('{{');
    if (index > 0) {
      const nested = lookup(pass.scope, raw.slice(index + 2));
      if (nested === null) {
        throw new ExpressionError(
          `unable to substitute nested tag {{${raw}}}: ${goQ(raw.slice(index + 2))} is an absent optional`,
        );
      }
      if (nested !== undefined) return `{{${raw.slice(0, index)}${goQuoteInner(nested)}`;
    }
    const trimmed = goTrimSpace(raw);
    if (
      pass.strict(trimmed) &&
      (!pass.allowUnresolvedArtifacts || !trimmed.includes('.outputs.artifacts.'))
    ) {
      throw new ExpressionError(`failed to resolve {{${raw}}}`, {
        hint: `no variable named "${trimmed}" is available here`,
      });
    }
    return `{{${raw}}}`;
  }
  if (value === null) {
    throw new ExpressionError(
      `unable to substitute {{${raw}}}: output is an absent optional (skipped/omitted node with no default)`,
      { hint: 'give the output parameter a default (valueFrom.default) or use an expression with ??' },
    );
  }
  return goQuoteInner(value);
}

function goTrimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
}

/** `json.Unmarshal("\"" + s + "\"")` after Argo's `jsonutil.Fix`; null when it is not valid JSON. */
function unmarshalExpression(body: string): string | null {
  const fixed = body
    .replace(/\\u003c/g, '<')
    .replace(/\\u003e/g, '>')
    .replace(/\\u0026/g, '&');
  try {
    const v: unknown = JSON.parse(`"${fixed}"`);
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

function envOf(pass: Pass): Env {
  pass.env ??= buildExprEnv(pass.scope);
  return pass.env;
}

function hasPlaceholders(pass: Pass): boolean {
  if (pass.placeholders === undefined) {
    let found = false;
    for (const k in pass.scope) {
      const v = lookup(pass.scope, k);
      if (typeof v === 'string' && v.startsWith(placeholderPrefix)) found = true;
    }
    pass.placeholders = found;
  }
  return pass.placeholders;
}

/** Identifier and member paths of an expression, innermost first (expr-lang's post-order walk). */
function identifiers(source: string): string[] {
  const tree = parse(source);
  const found: string[] = [];
  const seen = new Set<string>();
  const paths: string[] = [];
  walk(tree, (n) => {
    if (n.type === 'ident') paths.push(n.name);
    if (n.type === 'member') {
      const parts: string[] = [];
      let cur = n;
      for (;;) {
        if (cur.property.type !== 'string') return;
        parts.unshift(cur.property.value);
        if (cur.node.type === 'ident') {
          parts.unshift(cur.node.name);
          paths.push(parts.join('.'));
          return;
        }
        if (cur.node.type !== 'member') return;
        cur = cur.node;
      }
    }
  });
  // walk() is pre-order; expr-lang reports in post-order, which for these chains is shortest first.
  paths.sort((a, b) => a.split('.').length - b.split('.').length);
  for (const p of paths) {
    if (!seen.has(p)) {
      seen.add(p);
      found.push(p);
    }
  }
  return found;
}

/** Whether `variable` appears as a token sequence in the expression (Argo's `hasVariableInExpression`). */
function mentions(source: string, variable: string): boolean {
  if (!source.includes(variable)) return false;
  let tokens: string[];
  try {
    tokens = lex(source)
      .filter((t) => t.kind !== 'EOF')
      .map((t) => `${t.kind}:${t.value}`);
  } catch {
    return false;
  }
  const needle = lex(variable)
    .filter((t) => t.kind !== 'EOF')
    .map((t) => `${t.kind}:${t.value}`);
  outer: for (let i = 0; i + needle.length <= tokens.length; i++) {
    for (let j = 0; j < needle.length; j++) if (tokens[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function replaceExpression(tag: Tag, pass: Pass): string {
  const body = tag.inner.slice(1);
  const verbatim = `{{${tag.inner}}}`;
  const source = unmarshalExpression(body);
  let allowUnresolved = false;
  if (source !== null) {
    let ids: string[] | null = null;
    try {
      ids = identifiers(source);
    } catch {
      ids = null;
    }
    if (ids) {
      const env = envOf(pass);
      const missing = ids.filter((id) => !hasVarInEnv(env, id));
      for (const id of missing) {
        if (pass.strict(id)) {
          throw new ExpressionError(`failed to evaluate expression: ${id} is missing`, {
            hint: `the expression ${goQ(source)} needs "${id}", which is not available here`,
          });
        }
      }
      allowUnresolved = missing.length > 0;
    }
  }
  return evaluateTag(body, source, allowUnresolved, pass, verbatim);
}

function evaluateTag(
  body: string,
  source: string | null,
  allowUnresolved: boolean,
  pass: Pass,
  verbatim: string,
): string {
  const tolerate = hasPlaceholders(pass);
  if (source === null) {
    if (allowUnresolved) return verbatim;
    throw new ExpressionError(`failed to unmarshall JSON expression: invalid character in string literal`);
  }
  const env = envOf(pass);
  if (allowUnresolved && lateBound.some((v) => mentions(source, v) && !hasVarInEnv(env, v))) return verbatim;
  let result: Value;
  try {
    compile(source, env);
  } catch (e) {
    if (allowUnresolved || tolerate) return verbatim;
    throw new ExpressionError(`failed to evaluate expression: ${(e as Error).message}`, { cause: e });
  }
  try {
    result = run(source, env);
  } catch (e) {
    if (allowUnresolved || tolerate) return verbatim;
    throw new ExpressionError(`failed to evaluate expression: ${(e as Error).message}`, { cause: e });
  }
  if (result === null) {
    if (allowUnresolved || tolerate) return verbatim;
    throw new ExpressionError(`failed to evaluate expression ${goQ(body)}`, {
      hint: 'the expression evaluated to nil; use ?? to give a fallback',
    });
  }
  let marshaled: string;
  try {
    marshaled = goJsonMarshal(result);
  } catch (e) {
    if (allowUnresolved) return verbatim;
    throw new ExpressionError(`failed to marshal evaluated expression: ${(e as Error).message}`);
  }
  if (marshaled.length > 1 && marshaled.startsWith('"') && marshaled.endsWith('"'))
    return marshaled.slice(1, -1);
  return goQuoteInner(marshaled);
}

/** Substitutes every `{{...}}` in a JSON-serialisable value and returns the parsed result. */
export function substituteJson<T>(value: T, scope: Scope, opts?: SubstituteOptions): T {
  const text = JSON.stringify(value);
  if (text === undefined || !text.includes('{{')) return value;
  const replaced = replaceJsonText(text, makePass(scope, opts));
  try {
    return JSON.parse(replaced) as T;
  } catch {
    throw new ExpressionError('cannot finish template replacement because the result was invalid JSON', {
      hint: 'a substituted value contains control characters (for example ANSI colour codes) that JSON cannot carry',
    });
  }
}

/** Substitutes every `{{...}}` in one string, as if it were a JSON string value. */
export function substituteString(text: string, scope: Scope, opts?: SubstituteOptions): string {
  if (!text.includes('{{')) return text;
  const out = substituteJson<unknown>(text, scope, opts);
  if (typeof out !== 'string')
    throw new ExpressionError('cannot finish template replacement because the result was invalid JSON');
  return out;
}
