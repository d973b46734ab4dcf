/**
 * @module store/sqlite/migrate
 * Brings a SQLite database up to the newest schema. Each pending migration runs in its own IMMEDIATE
 * transaction (so two processes opening the same new file cannot both apply it) and is recorded in
 * `schema_migrations`. A database written by a newer nuncio is refused rather than misread.
 */

import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from '../../errors/index.ts';
import type { Migration } from '../migrations/migration.ts';

/** Applies the pending migrations of `list` (in version order, numbered from 1) and returns the version now. */
export function migrate(db: BetterSqlite3.Database, file: string, list: readonly Migration[]): number {
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration "${m.name}" is number ${m.version}, expected ${i + 1}`);
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current = db.prepare<[], number>('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const known = list.length;
  const found = current.get() ?? 0;
  if (found > known) {
    throw new StoreError(
      `database ${file} has schema version ${found}, newer than this nuncio knows (${known})`,
      {
        hint: 'upgrade nuncio, or set NUNCIO_HOME to another directory for this version',
      },
    );
  }
  for (const m of list.slice(found)) {
    db.transaction(() => {
      // Read again under the write lock: another process may have applied it meanwhile.
      if ((current.get() ?? 0) >= m.version) return;
      db.exec(m.sqlite);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
  return current.get() ?? 0;
}
