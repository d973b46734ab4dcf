/**
 * @module cli/options
 * Parsing of the flags Argo's CLI shares between commands (`-p name=value`, `-o`), with clear errors.
 */

import { ErrorCode, NuncioError } from '../errors/index.ts';

/** Commander collector for repeatable flags. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `name=value` (the value may contain `=`). */
export function parseParameter(text: string): { name: string; value: string } {
  const i = text.indexOf('=');
  if (i <= 0) {
    throw new NuncioError(ErrorCode.BadRequest, `invalid parameter '${text}'`, {
      hint: 'write parameters as -p name=value',
    });
  }
  return { name: text.slice(0, i), value: text.slice(i + 1) };
}

export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new NuncioError(ErrorCode.BadRequest, `invalid ${flag} '${value}'`, {
    hint: `use one of: ${allowed.join(', ')}`,
  });
}
