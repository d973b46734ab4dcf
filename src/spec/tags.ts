/**
 * @module spec/tags
 * Finds `{{...}}` tags in a string the way Argo's template engine (fasttemplate) does: from each `{{`, the
 * tag runs to the next `}}`; there is no nesting. `{{=expr}}` is an expression tag, anything else a simple
 * tag whose name is the trimmed inner text. Shared by lint (which checks references) and by
 * `expressions/` (which substitutes them).
 */

export interface Tag {
  /** Index of the opening `{{`. */
  start: number;
  /** Index just past the closing `}}`. */
  end: number;
  /** Text between the braces, untrimmed. */
  inner: string;
  kind: 'simple' | 'expression';
  /** Simple: the trimmed name. Expression: the source after `=` (trimmed). */
  body: string;
}

export function scanTags(text: string): Tag[] {
  const tags: Tag[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    const inner = text.slice(open + 2, close);
    const trimmed = inner.trim();
    const isExpr = inner.startsWith('=');
    tags.push({
      start: open,
      end: close + 2,
      inner,
      kind: isExpr ? 'expression' : 'simple',
      body: isExpr ? inner.slice(1).trim() : trimmed,
    });
    from = close + 2;
  }
  return tags;
}

export function hasTags(text: string): boolean {
  const open = text.indexOf('{{');
  return open >= 0 && text.indexOf('}}', open + 2) >= 0;
}
