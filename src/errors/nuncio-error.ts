/**
 * @module errors/nuncio-error
 * The one error base of nuncio. Every error a user can cause carries a stable `code`, a message that
 * quotes the input, an optional `hint` (what to do), and where known the spec field `path` and source
 * `position` (file:line:column). The CLI prints these without a stack trace; only a bug (an error that is
 * not a NuncioError) prints a stack.
 */

/** Stable error codes. Only `server/` maps them to HTTP statuses. */
export const ErrorCode = {
  BadRequest: 'ERR_BAD_REQUEST',
  InvalidSpec: 'ERR_INVALID_SPEC',
  InvalidYaml: 'ERR_INVALID_YAML',
  Expression: 'ERR_EXPRESSION',
  NotFound: 'ERR_NOT_FOUND',
  Conflict: 'ERR_CONFLICT',
  Runtime: 'ERR_RUNTIME',
  Store: 'ERR_STORE',
  Io: 'ERR_IO',
  Internal: 'ERR_INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A place in a source file, 1-based line and column. */
export interface SourcePosition {
  file?: string;
  line: number;
  column: number;
}

export interface NuncioErrorOptions {
  hint?: string;
  /** Field path in the spec, e.g. `spec.templates[0].container.image`. */
  path?: string;
  position?: SourcePosition;
  cause?: unknown;
}

export class NuncioError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly path: string | undefined;
  readonly position: SourcePosition | undefined;

  constructor(code: ErrorCode, message: string, options: NuncioErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.path = options.path;
    this.position = options.position;
  }
}

/** Thrown when a manifest is malformed or invalid (lint, submit). */
export class SpecError extends NuncioError {
  constructor(message: string, options: NuncioErrorOptions = {}) {
    super(ErrorCode.InvalidSpec, message, options);
  }
}

/** Thrown when a `{{...}}` tag, an expression, a `when` or a `depends` cannot be parsed or evaluated. */
export class ExpressionError extends NuncioError {
  constructor(message: string, options: NuncioErrorOptions = {}) {
    super(ErrorCode.Expression, message, options);
  }
}

/** Thrown when a step cannot be executed for a reason other than the user's command failing. */
export class RuntimeError extends NuncioError {
  constructor(message: string, options: NuncioErrorOptions = {}) {
    super(ErrorCode.Runtime, message, options);
  }
}

/** Thrown by store adapters. */
export class StoreError extends NuncioError {
  constructor(message: string, options: NuncioErrorOptions = {}) {
    super(ErrorCode.Store, message, options);
  }
}

export class NotFoundError extends NuncioError {
  constructor(message: string, options: NuncioErrorOptions = {}) {
    super(ErrorCode.NotFound, message, options);
  }
}

/** A write lost a race: the resourceVersion it was based on is no longer current. */
export class ConflictError extends NuncioError {
  constructor(message: string, options: NuncioErrorOptions = {}) {
    super(ErrorCode.Conflict, message, options);
  }
}

export function isNuncioError(e: unknown): e is NuncioError {
  return e instanceof NuncioError;
}

/** `file:line:column` (or the parts that are known). */
export function formatPosition(p: SourcePosition | undefined): string {
  if (!p) return '';
  return `${p.file ? `${p.file}:` : ''}${p.line}:${p.column}`;
}
