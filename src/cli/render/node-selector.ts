/**
 * @module cli/render/node-selector
 * `--node-field-selector` (and its older form `--status P`, which means `phase=P`): a Kubernetes field
 * selector (`key=value`, `key==value`, `key!=value`, comma-separated, all must hold; `\`, `,` and `=` in a
 * value are escaped with a backslash) matched against these node fields: `displayName`, `templateName` (the
 * templateRef's template when there is one), `phase`, `name`, `id`, `templateRef.name`,
 * `templateRef.template`, `inputs.parameters.<name>.value`. A field the node lacks reads as ''.
 */

import { ErrorCode, NuncioError } from '../../errors/index.ts';
import type { NodeStatus } from '../../spec/types.ts';
import { nodeTemplate } from './pod-name.ts';

interface Requirement {
  field: string;
  value: string;
  equal: boolean;
}

export type NodeSelector = (node: NodeStatus) => boolean;

function invalid(reason: string): NuncioError {
  return new NuncioError(ErrorCode.BadRequest, `selector is invalid: ${reason}`, {
    hint: "write requirements as key=value or key!=value separated by commas, e.g. 'phase=Failed,templateName=main'",
    path: '--node-field-selector',
  });
}

/** Splits on commas that are not escaped. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

function unescapeValue(selector: string, value: string): string {
  let out = '';
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=')
        throw invalid(`invalid escape sequence '\\${c}' in '${selector}'`);
      out += c;
      escaped = false;
    } else if (c === '\\') escaped = true;
    else if (c === ',' || c === '=')
      throw invalid(`unescaped character '${c}' in value '${value}' of '${selector}'`);
    else out += c;
  }
  if (escaped) throw invalid(`invalid trailing escape sequence in value '${value}' of '${selector}'`);
  return out;
}

function parseTerm(selector: string, term: string): Requirement {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) {
        return {
          field: term.slice(0, i),
          value: unescapeValue(selector, term.slice(i + op.length)),
          equal: op !== '!=',
        };
      }
    }
  }
  throw invalid(`invalid selector: '${selector}'; can't understand '${term}'`);
}

function nodeFields(node: NodeStatus): Map<string, string> {
  const fields = new Map<string, string>([
    ['displayName', node.displayName],
    ['templateName', nodeTemplate(node)],
    ['phase', node.phase],
    ['name', node.name],
    ['id', node.id],
  ]);
  if (node.templateRef) {
    fields.set('templateRef.name', node.templateRef.name);
    fields.set('templateRef.template', node.templateRef.template);
  }
  for (const p of node.inputs?.parameters ?? [])
    fields.set(`inputs.parameters.${p.name}.value`, p.value ?? '');
  return fields;
}

/**
 * Builds the node filter of `argo get`/`argo watch`. Returns undefined when neither option is set (every
 * node shown); throws a NuncioError for both at once or for a malformed selector.
 */
export function parseNodeSelector(options: {
  nodeFieldSelector?: string | undefined;
  status?: string | undefined;
}): NodeSelector | undefined {
  let selector = options.nodeFieldSelector ?? '';
  if (options.status) {
    if (selector) {
      throw new NuncioError(ErrorCode.BadRequest, 'cannot use both --status and --node-field-selector', {
        hint: `--status ${options.status} is the same as --node-field-selector phase=${options.status}`,
      });
    }
    selector = `phase=${options.status}`;
  }
  if (!selector) return undefined;
  const requirements = splitTerms(selector)
    .filter((t) => t !== '')
    .map((t) => parseTerm(selector, t));
  return (node) => {
    const fields = nodeFields(node);
    return requirements.every((r) => ((fields.get(r.field) ?? '') === r.value) === r.equal);
  };
}
