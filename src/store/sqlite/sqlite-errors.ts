/**
 * @module store/sqlite/sqlite-errors
 * Turns what SQLite (and the file system under it) throws into a StoreError that names the database file
 * and says what to do. NuncioErrors raised by the store itself pass through unchanged.
 */

import { dirname } from 'node:path';
import { isNuncioError, type NuncioError, StoreError } from '../../errors/index.ts';

function codeOf(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return '';
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const unwritable = new Set([
  'SQLITE_CANTOPEN',
  'SQLITE_PERM',
  'SQLITE_FULL',
  'SQLITE_AUTH',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EEXIST',
  'ENOSPC',
]);

/**
 * The StoreError for `e`, raised while `doing` (e.g. "opening", "writing nodes") on database `file`.
 */
export function toStoreError(e: unknown, file: string, doing: string): NuncioError {
  if (isNuncioError(e)) return e;
  const code = codeOf(e);
  const detail = messageOf(e);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(`database ${file} is locked (while ${doing}): ${detail}`, {
      hint: 'another process holds a write lock on it, e.g. a running `nuncio server` or `nuncio run`: wait for it, stop it, or set NUNCIO_HOME to another directory',
      cause: e,
    });
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StoreError(
      `database ${file} is damaged or is not a SQLite database (while ${doing}): ${detail}`,
      {
        hint: `move ${file} aside together with its -wal and -shm files and nuncio creates a new, empty one; \`sqlite3 ${file} .recover\` may save what it held`,
        cause: e,
      },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || unwritable.has(code)) {
    return new StoreError(`cannot write database ${file} (while ${doing}): ${detail}`, {
      hint: `check that ${dirname(file)} is a directory that this user can write, and that the disk is not full; or set NUNCIO_HOME to another directory`,
      cause: e,
    });
  }
  // Every write runs in one transaction, so a failed call has written nothing.
  return new StoreError(`database ${file} failed while ${doing}: ${detail}`, {
    hint: `SQLite refused the call${code ? ` (${code})` : ''} and nothing of it was written; if the input looks right, report this with the message`,
    cause: e,
  });
}
