/**
 * @module cli/errors
 * How the CLI reports a failure: a user's mistake (any NuncioError) as one screen of text — what is wrong,
 * where (file:line:column and the field path) and a hint — with no stack; anything else is a bug and
 * prints its stack. Exit statuses: 2 for invalid input, 1 otherwise.
 */

import { ErrorCode, formatPosition, isNuncioError, type NuncioError } from '../errors/index.ts';

/** Exit status for a command that failed with this error. */
export function exitCodeFor(e: unknown): number {
  if (!isNuncioError(e)) return 1;
  switch (e.code) {
    case ErrorCode.InvalidSpec:
    case ErrorCode.InvalidYaml:
    case ErrorCode.BadRequest:
    case ErrorCode.Expression:
    case ErrorCode.NotFound:
      return 2;
    default:
      return 1;
  }
}

export function formatError(e: unknown, verbose = false): string {
  if (!isNuncioError(e)) {
    const err = e instanceof Error ? e : new Error(String(e));
    return `nuncio: internal error: ${err.message}\n${err.stack ?? ''}\nThis is a bug in nuncio; please report it with the command you ran.\n`;
  }
  return formatNuncioError(e, verbose);
}

function formatNuncioError(e: NuncioError, verbose: boolean): string {
  const lines: string[] = [];
  const where = formatPosition(e.position);
  const message = where && !e.message.includes(where) ? `${where}: ${e.message}` : e.message;
  lines.push(`nuncio: ${message}`);
  if (e.path && !e.message.includes(e.path)) lines.push(`  field: ${e.path}`);
  if (e.hint) lines.push(`  hint: ${e.hint}`);
  if (verbose && e.stack) lines.push(e.stack);
  return `${lines.join('\n')}\n`;
}
