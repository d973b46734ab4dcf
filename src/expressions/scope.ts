/**
 * @module expressions/scope
 * The flat variable map every substitution and expression reads, keyed as Argo writes the names
 * (`inputs.parameters.x`, `steps.a.outputs.result`, `workflow.name`, `item`, `item.key`, `retries`...).
 * Values are strings, or `null` for a present-but-absent value (the output of a Skipped/Omitted node that
 * has no default). Scopes may inherit through prototype chains (`Object.create(parent)`), so code here
 * looks keys up with `in` and enumerates with `for..in`.
 */
export type Scope = Record<string, string | null>;

/**
 * Looks `key` up, own or inherited. `undefined` means absent; inherited members of `Object.prototype`
 * (`constructor`, `toString`...) are not variables and count as absent.
 */
export function lookup(scope: Scope, key: string): string | null | undefined {
  if (!(key in scope)) return undefined;
  const v: unknown = scope[key];
  return typeof v === 'string' || v === null ? v : undefined;
}
