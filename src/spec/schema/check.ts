/**
 * @module spec/schema/check
 * Checks plain data against a Shape the way Go's strict JSON decoding does for `argo lint --strict`:
 * every unknown field and every wrong type is reported (not just the first), each with its field path.
 */
import { closest } from '../did-you-mean.ts';
import { type FieldPath, formatPath } from '../field-path.ts';
import { resolve, type Shape } from './shape.ts';

export interface SchemaIssue {
  path: FieldPath;
  /** `key` issues are reported at the map key (unknown field), `value` ones at the value. */
  at: 'key' | 'value';
  message: string;
  hint?: string;
}

/** Fields Argo v4 removed, by the type they were in: what to write instead. */
const removedInV4: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CronWorkflowSpec: {
    schedule: 'Argo v4 removed `schedule`: write `schedules: ["<cron>"]` (`argo convert` rewrites it)',
  },
  Synchronization: {
    mutex: 'Argo v4 removed `mutex`: write `mutexes: [{name: ...}]`',
    semaphore: 'Argo v4 removed `semaphore`: write `semaphores: [{configMapKeyRef: ...}]`',
  },
};

/** YAML's name for the kind of a value, as a user sees it. */
export function describeKind(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'sequence';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'mapping';
    default:
      return typeof v;
  }
}

function expectedName(shape: Shape): string {
  switch (shape.kind) {
    case 'string':
    case 'enum':
      return 'string';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'anyString':
      return 'string, number or boolean';
    case 'intOrString':
      return 'integer or string';
    case 'quantity':
      return 'quantity (string or number)';
    case 'object':
    case 'map':
    case 'open':
      return 'mapping';
    case 'list':
      return 'sequence';
    case 'any':
      return 'any value';
  }
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarOk(shape: Shape, v: unknown): boolean {
  switch (shape.kind) {
    case 'string':
      return typeof v === 'string';
    case 'enum':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'anyString':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    case 'intOrString':
      return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
    case 'quantity':
      return typeof v === 'string' || typeof v === 'number';
    default:
      return false;
  }
}

/** Appends to `out` every place where `value` does not fit `shape`. */
export function checkShape(value: unknown, shape: Shape, path: FieldPath, out: SchemaIssue[]): void {
  // Go decodes `null` into any field as its zero value.
  if (value === null || value === undefined || shape.kind === 'any') return;
  switch (shape.kind) {
    case 'object': {
      if (!isMapping(value)) break;
      for (const [key, v] of Object.entries(value)) {
        const field = shape.fields[key];
        if (field === undefined) {
          const suggestion = closest(key, Object.keys(shape.fields));
          const issue: SchemaIssue = {
            path: [...path, key],
            at: 'key',
            message: `unknown field "${formatPath([...path, key])}"`,
          };
          const removed = removedInV4[shape.name]?.[key];
          if (removed) issue.hint = removed;
          else if (suggestion) issue.hint = `did you mean "${suggestion}"?`;
          out.push(issue);
          continue;
        }
        checkShape(v, resolve(field), [...path, key], out);
      }
      return;
    }
    case 'map':
      if (!isMapping(value)) break;
      for (const [key, v] of Object.entries(value)) checkShape(v, resolve(shape.values), [...path, key], out);
      return;
    case 'open':
      if (!isMapping(value)) break;
      return;
    case 'list':
      if (!Array.isArray(value)) break;
      value.forEach((v, i) => {
        checkShape(v, resolve(shape.items), [...path, i], out);
      });
      return;
    case 'enum':
      if (typeof value !== 'string') break;
      if (!shape.values.includes(value)) {
        out.push({
          path,
          at: 'value',
          message: `${formatPath(path)}: unsupported value ${JSON.stringify(value)}: must be one of ${shape.values.join(', ')}`,
        });
      }
      return;
    default:
      if (scalarOk(shape, value)) return;
  }
  const got = describeKind(value);
  const detail = typeof value === 'number' && shape.kind === 'integer' ? ` ${value}` : '';
  out.push({
    path,
    at: 'value',
    message: `${formatPath(path)}: expected ${expectedName(shape)}, got ${got}${detail}`,
  });
}
