/**
 * @module cli/options
 * Parsing of the flags Argo's CLI shares between commands (`-p name=value`, `-f params.yaml`, `-o`), with
 * clear errors.
 */

import { ErrorCode, NuncioError } from '../errors/index.ts';
import { goJsonMarshal } from '../expressions/index.ts';
import { readManifestFile, sourceName } from '../spec/lint/manifest-files.ts';
import { parseYamlValue } from '../spec/yaml-load.ts';

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

/**
 * The parameters of a parameter file (`argo submit --parameter-file`): a YAML or JSON mapping of name to
 * value. A string value is taken as it is, any other as the JSON text Go's encoding/json writes for it
 * (`[1,2]`, `{"a":1}` with sorted keys, `3`, `true`).
 */
export async function readParameterFile(path: string): Promise<{ name: string; value: string }[]> {
  const file = sourceName(path);
  const data = parseYamlValue(await readManifestFile(path), file);
  if (data === undefined || data === null) return [];
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new NuncioError(
      ErrorCode.BadRequest,
      `${file}: a parameter file must be a mapping of name to value`,
      {
        hint: 'write one parameter per line, as name: value',
      },
    );
  }
  return Object.entries(data).map(([name, v]) => ({
    name,
    value: typeof v === 'string' ? v : goJsonMarshal(v as Parameters<typeof goJsonMarshal>[0]),
  }));
}
