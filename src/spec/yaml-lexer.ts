/**
 * @module spec/yaml-lexer
 * Tokenizes YAML as Go's parser (libyaml) reads it. The one difference that matters for Argo manifests:
 * inside a flow collection libyaml does not check indentation, so a quoted string may continue on lines
 * indented no deeper than its key, as Argo's own examples write it:
 *
 *     args: ["
 *       cd /src && make
 *     "]
 *
 * The `yaml` package rejects that ("Missing closing quote"), so its lexer is given that leniency here,
 * on one lexer instance (the package itself is left unchanged for other users).
 */
import { Lexer, type LineCounter, Parser } from 'yaml';

/** The lexer state this module relies on (private in the package's typings). */
interface LexerInternals {
  buffer: string;
  flowLevel: number;
  continueScalar(offset: number): number;
}

function goCompatibleLexer(): Lexer {
  const lexer = new Lexer();
  const internals = lexer as unknown as LexerInternals;
  const strict = internals.continueScalar.bind(lexer);
  internals.continueScalar = (offset: number): number => {
    const next = strict(offset);
    if (next !== -1 || internals.flowLevel === 0) return next;
    const buf = internals.buffer;
    let i = offset;
    while (buf[i] === ' ') i++;
    const marker = buf.substr(offset, 3);
    if (i === offset && (marker === '---' || marker === '...')) return -1;
    return i;
  };
  return lexer;
}

/** The CST tokens of `source`, for `Composer.compose`. */
export function* goCompatibleTokens(
  source: string,
  lines: LineCounter,
): Generator<ReturnType<Parser['next']> extends Generator<infer T> ? T : never> {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  for (const lexeme of goCompatibleLexer().lex(source)) yield* parser.next(lexeme);
  yield* parser.end();
}
