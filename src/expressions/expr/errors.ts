/**
 * @module expressions/expr/errors
 * expr-lang's error shape: a message, then `(line:column)` and a snippet of the offending source line with a
 * caret, as Go's `file.Error` prints it. Compile (lex, parse, type-check) and run errors share it.
 */
import { ExpressionError } from '../../errors/index.ts';

/** Formats `message` at code-point offset `at` of `source` like expr-lang's `file.Error.Error()`. */
export function locate(message: string, source: string, at: number): string {
  const chars = [...source];
  let line = 1;
  let column = 0;
  let lineStart = 0;
  for (let i = 0; i < chars.length && i < at; i++) {
    if (chars[i] === '\n') {
      line++;
      column = 0;
      lineStart = i + 1;
    } else column++;
  }
  let lineEnd = chars.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = chars.length;
  if (lineStart === lineEnd) return message;
  const text = chars.slice(lineStart, lineEnd).join('').replace(/\t/g, ' ');
  return `${message} (${line}:${column + 1})\n | ${text}\n | ${'.'.repeat(column)}^`;
}

/** A lexing, parsing or type-checking error (expr-lang's `expr.Compile` failing). */
export class ExpressionSyntaxError extends ExpressionError {
  readonly bare: string;
  constructor(message: string, source: string, at: number) {
    super(locate(message, source, at));
    this.bare = message;
  }
}

/** An error raised while running a compiled expression (expr-lang's `expr.Run` failing). */
export class ExpressionRuntimeError extends ExpressionError {
  readonly bare: string;
  constructor(message: string, source: string, at: number) {
    super(locate(message, source, at));
    this.bare = message;
  }
}

/** Thrown by builtins and operators; the evaluator turns it into an ExpressionRuntimeError at the node. */
export class Panic extends Error {}
